// Which part of the site a request is for, decided on what the router matched — not on the raw URL,
// which a client can spell differently ("/%61pi/ask" reaches /api/ask) to slip past a prefix test.
import type { FastifyRequest } from "fastify";

export type RouteArea = "api" | "admin" | "public";

/** The path as the router sees it: percent-decoding applied, query dropped. */
export function decodedPath(url: string): string {
  const raw = url.split("?")[0] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // malformed escapes: the router answers 400/404 itself
  }
}

function areaOfPath(p: string): RouteArea {
  if (p.startsWith("/api/")) return "api";
  // The staff console shares the admin budget: staff, not the public, use it.
  if (p.startsWith("/admin/") || p === "/admin" || p.startsWith("/console/") || p === "/console") return "admin";
  return "public";
}

/**
 * The matched route pattern when there is a concrete one; for wildcard routes (static files, the
 * CORS preflight catch-all) and unmatched URLs, the decoded path.
 */
export function routeArea(req: FastifyRequest): RouteArea {
  const pattern = req.routeOptions?.url;
  const concrete = pattern && !pattern.includes("*") ? pattern : undefined;
  return areaOfPath(concrete ?? decodedPath(req.url));
}
