// Browser access control for /api/*: only WIDGET_ORIGINS (and the origin serving the widget itself)
// get CORS headers, and a request carrying any other Origin is refused outright with 403, so a
// disallowed site cannot even trigger work with a "simple" request. The one exception is
// GET /api/origin-check (routes/origin-check.ts), open to every origin, which only says whether the
// caller's origin is allowed — so the widget on a refused site can say so instead of "check the network".
// Refusals are logged at warn level with the origin, throttled (refused-origin-log.ts).
import cors from "@fastify/cors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Config } from "../../../config.js";
import { ApiError } from "../errors.js";
import { decodedPath, routeArea } from "../route-area.js";
import { createRefusedOriginLog } from "./refused-origin-log.js";

export const ORIGIN_CHECK_PATH = "/api/origin-check";

/** Normalise configured origins; a malformed one is a configuration mistake, reported by name. */
export function parseOrigins(origins: string[]): Set<string> {
  const out = new Set<string>();
  for (const o of origins) {
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new Error(`WIDGET_ORIGINS: "${o}" is not an origin such as https://www.example.gov.cn`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new Error(`WIDGET_ORIGINS: "${o}" must start with http:// or https://`);
    }
    out.add(url.origin);
  }
  return out;
}

function selfOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** What the origin-check route needs from the policy enforced here. */
export interface OriginPolicy {
  /** True without an Origin header (not a cross-site browser call), for WIDGET_ORIGINS and for our own origin. */
  isAllowed(req: FastifyRequest): boolean;
  /** Log (throttled) that this request's origin was refused. */
  reportRefused(req: FastifyRequest): void;
}

export async function registerCors(app: FastifyInstance, config: Config): Promise<OriginPolicy> {
  const allowed = parseOrigins(config.WIDGET_ORIGINS);
  const refusedLog = createRefusedOriginLog();
  const policy: OriginPolicy = {
    isAllowed(req) {
      const origin = req.headers.origin;
      return !origin || allowed.has(origin) || origin === selfOrigin(req);
    },
    reportRefused(req) {
      refusedLog.report(req.log, req.headers.origin ?? "", decodedPath(req.url));
    },
  };

  app.addHook("onRequest", async (req) => {
    if (req.headers.origin && routeArea(req) === "api" && req.routeOptions.url !== ORIGIN_CHECK_PATH && !policy.isAllowed(req)) {
      policy.reportRefused(req);
      throw new ApiError("origin_not_allowed", "该网站未被允许调用本接口（WIDGET_ORIGINS）。");
    }
  });

  // Two fixed answers, built once: requests without an Origin (most API traffic: WeChat, scripts,
  // same-origin fetches) do no CORS work beyond this check.
  const allow = { origin: true, methods: ["GET", "POST"], allowedHeaders: ["Content-Type", "Accept"], maxAge: 600 };
  const deny = { origin: false };
  await app.register(cors, {
    delegator: (req, callback) => {
      const origin = req.headers.origin;
      // The preflight matches a catch-all route, so the decoded path decides here.
      callback(null, origin && allowed.has(origin) && decodedPath(req.url ?? "").startsWith("/api/") ? allow : deny);
    },
  });
  return policy;
}
