// Fastify app factory: plugins, routes and error mapping. It never listens (src/main.ts does), so
// tests drive it with app.inject(). New route files (feedback, admin) register in `routes` below.
import { createServer } from "node:http";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import type { Config } from "../../config.js";
import type { Assistant, Logger } from "../../core/types.js";
import { createConsoleLogger } from "./console-logger.js";
import type { WebDeps } from "./deps.js";
import { errorHandler, notFoundHandler } from "./errors.js";
import { toFastifyLogger } from "./fastify-logger.js";
import type { OpsServices } from "../../ops/runtime.js";
import { registerClosedSockets, type SocketCounters } from "./plugins/closed-sockets.js";
import { registerCompress } from "./plugins/compress.js";
import { registerCors } from "./plugins/cors.js";
import { registerJsonBody } from "./plugins/json-body.js";
import { registerRateLimit } from "./plugins/rate-limit.js";
import { makeAttemptCounters } from "../../ops/scale/attempt-counter.js";
import { registerSecurityHeaders } from "./plugins/security-headers.js";
import { registerSse } from "./plugins/sse.js";
import { registerStaticAssets } from "./plugins/static-assets.js";
import { registerAdminRoutes } from "./routes/admin.js";
import { registerAskRoute } from "./routes/ask.js";
import { registerChatRoute } from "./routes/chat.js";
import { registerDemoPage } from "./routes/demo-page.js";
import { registerFeedbackRoute } from "./routes/feedback.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerOriginCheckRoute } from "./routes/origin-check.js";
import { registerMatchRoutes } from "./routes/match.js";
import { registerSessionRoute } from "./routes/session.js";
import { registerTopicsRoute } from "./routes/topics.js";
import { registerWidgetRoutes } from "./routes/widget-assets.js";
import { makeWebSessions } from "./web-session.js";
import { registerWechatMpRoutes } from "../wechat-mp/routes.js";
import { registerWecomRoutes } from "../wecom/routes.js";
import { registerConsole } from "../console/plugin.js";

// fastify's own default keep-alive timeout (longer than typical proxies' 60 s, so the proxy closes first).
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

export interface BuildAppOptions {
  assistant: Assistant;
  config: Config;
  logger?: Logger;
  /** Feedback and admin routes exist only when the database-backed services are given. */
  ops?: OpsServices;
}

type RouteModule = (app: FastifyInstance, deps: WebDeps) => void | Promise<void>;

const routes: RouteModule[] = [
  registerHealthRoutes,
  registerAskRoute,
  registerChatRoute,
  registerTopicsRoute,
  registerWidgetRoutes,
  registerDemoPage,
  registerFeedbackRoute,
  registerMatchRoutes,
  registerSessionRoute,
  registerAdminRoutes,
  registerWechatMpRoutes, // only when WECHAT_MP_TOKEN is set
  registerWecomRoutes, // only when WECOM_TOKEN is set
  registerConsole, // /console, with the database-backed services
];

export async function buildApp({ assistant, config, logger, ops }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: toFastifyLogger(logger ?? createConsoleLogger(config.LOG_LEVEL), config.LOG_LEVEL),
    // One concise line per request (onResponse below) instead of fastify's, without bodies or IPs.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    return503OnClosing: true,
    connectionTimeout: config.REQUEST_TIMEOUT_MS * 2,
    // Slow-loris guard: the whole request (headers and body) must arrive within REQUEST_TIMEOUT_MS. Node
    // only checks that every connectionsCheckingInterval (30 s by default), so a dripped body lived ~66 s.
    // With a serverFactory fastify applies none of its socket settings, so they are set here as it would.
    serverFactory: (handler) => {
      const server = createServer(
        {
          requestTimeout: config.REQUEST_TIMEOUT_MS,
          headersTimeout: config.REQUEST_TIMEOUT_MS,
          connectionsCheckingInterval: Math.min(1000, Math.ceil(config.REQUEST_TIMEOUT_MS / 4)),
        },
        handler,
      );
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.setTimeout(config.REQUEST_TIMEOUT_MS * 2); // idle sockets (fastify's connectionTimeout, set above too)
      return server;
    },
  });

  // The API speaks JSON only: anything else is a 415, not a string body that fails validation.
  app.removeContentTypeParser("text/plain");
  registerJsonBody(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  const sockets: SocketCounters = { closedBeforeHandling: 0 };
  registerClosedSockets(app, sockets);
  app.addHook("onResponse", async (req, reply) => {
    req.log.info(
      { method: req.method, url: req.url.split("?")[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      "request",
    );
  });

  await registerSecurityHeaders(app);
  const origins = await registerCors(app, config);
  const redis = await registerRateLimit(app, config);
  await registerCompress(app); // before every route it should compress, static files included
  await registerSse(app);
  await registerStaticAssets(app);
  registerOriginCheckRoute(app, origins);

  const deps: WebDeps = {
    assistant,
    config,
    webSessions: makeWebSessions(config.HASH_SALT),
    sockets,
    attempts: makeAttemptCounters(redis, { salt: config.HASH_SALT, logger: app.log }),
    ...(ops && { ops }),
  };
  for (const route of routes) await route(app, deps);
  return app;
}
