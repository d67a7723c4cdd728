// The staff console at /console, inside the same fastify app: an encapsulated plugin with its own body
// parsers (forms, file uploads), cookies, login guard and HTML error pages; the JSON API elsewhere is
// unaffected. Registered only where the database-backed services exist (npm start) and CONSOLE_ENABLED.
import { readFileSync } from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import type { FastifyError, FastifyInstance } from "fastify";
import { ROOT_DIR } from "../../config.js";
import { ConsoleJobs } from "../../ops/console/jobs.js";
import type { WebDeps } from "../web/deps.js";
import { errorHandler, serializeError, toApiError } from "../web/errors.js";
import { registerAuth } from "./auth.js";
import type { ConsoleDeps } from "./context.js";
import { wantsJson } from "./context.js";
import { renderErrorPage } from "./layout.js";
import { CONSOLE_PAGES } from "./pages/index.js";

// From the project root, not import.meta.dirname: in the `npm start` bundle that is .build/.
const asset = (name: string) => readFileSync(path.join(ROOT_DIR, "src", "channels", "console", "assets", name), "utf8");

export async function registerConsole(app: FastifyInstance, { assistant, config, ops, attempts }: WebDeps): Promise<void> {
  if (!ops || !config.CONSOLE_ENABLED) return;
  const jobs = new ConsoleJobs(app.log as never);
  const deps: ConsoleDeps = { config, assistant, ops, services: ops.console, jobs, attempts };
  app.addHook("onClose", async () => jobs.idle());
  const css = asset("console.css");
  const js = asset("console.js");

  await app.register(
    async (scope) => {
      await scope.register(cookie);
      await scope.register(formbody, { bodyLimit: 1024 * 1024 }); // a card edited in the page fits easily
      // Fields and the file are parsed before the handlers (attachFieldsToBody), so the CSRF guard reads a
      // multipart form's _csrf like any other form's; handlers take the file as `await body.file.toBuffer()`.
      await scope.register(multipart, {
        attachFieldsToBody: true,
        throwFileSizeLimit: true,
        limits: { fileSize: config.CONSOLE_UPLOAD_MAX_BYTES, files: 1, fields: 20 },
      });
      // Pages get an HTML error page that keeps the navigation; API clients the usual JSON error.
      scope.setErrorHandler(async (err, req, reply) => {
        if (wantsJson(req) || req.method === "HEAD") {
          errorHandler(err as FastifyError, req, reply);
          return reply;
        }
        const { status, body, internal } = toApiError(err);
        if (internal) req.log.error({ err: serializeError(err), url: req.url }, "console request failed");
        return reply.code(status).type("text/html; charset=utf-8").send(renderErrorPage(req, status, body.error.message));
      });
      scope.get("/assets/console.css", (_req, reply) => reply.type("text/css; charset=utf-8").header("cache-control", "no-cache").send(css));
      scope.get("/assets/console.js", (_req, reply) => reply.type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(js));
      registerAuth(scope, deps);
      for (const page of CONSOLE_PAGES) await page(scope, deps);
    },
    { prefix: "/console" },
  );
}
