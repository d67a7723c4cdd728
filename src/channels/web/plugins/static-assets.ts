// Serves the demo page's own stylesheet (and other small public files) under /assets/.
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(import.meta.dirname, "..", "public"),
    prefix: "/assets/",
    index: false,
    list: false,
    maxAge: 300_000,
  });
}
