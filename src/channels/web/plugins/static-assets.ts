// Serves the demo page's own stylesheet (and other small public files) under /assets/.
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { ROOT_DIR } from "../../../config.js";

export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    // From the project root, not import.meta.dirname: in the `npm start` bundle that is .build/.
    root: path.join(ROOT_DIR, "src", "channels", "web", "public"),
    prefix: "/assets/",
    index: false,
    list: false,
    maxAge: 300_000,
  });
}
