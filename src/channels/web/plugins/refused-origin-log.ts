// Warn-level log lines for browser origins the API refuses (not in WIDGET_ORIGINS), so whoever runs
// the assistant learns which site tried to embed it. Throttled twice over: each origin at most once
// per window (a busy misconfigured site logs one line, not one per visitor), and at most `maxLines`
// lines per window in all (random Origin headers cannot flood the log). Suppressed refusals are
// counted and reported on the next line written.
import type { FastifyBaseLogger } from "fastify";

export interface RefusedOriginLog {
  report(log: FastifyBaseLogger, origin: string, path: string): void;
}

export interface RefusedOriginLogOptions {
  windowMs?: number;
  maxLines?: number;
  /** Origins remembered at once; the oldest is forgotten first. */
  maxOrigins?: number;
  now?: () => number;
}

/** Origin headers are client-chosen text: bounded before they reach a log line. */
const ORIGIN_MAX_CHARS = 200;

export function createRefusedOriginLog({
  windowMs = 10 * 60_000,
  maxLines = 20,
  maxOrigins = 1000,
  now = Date.now,
}: RefusedOriginLogOptions = {}): RefusedOriginLog {
  const lastLogged = new Map<string, number>();
  let windowStart = -Infinity;
  let linesInWindow = 0;
  let suppressed = 0;

  return {
    report(log, rawOrigin, path) {
      const origin = rawOrigin.slice(0, ORIGIN_MAX_CHARS);
      const t = now();
      if (t - windowStart >= windowMs) {
        windowStart = t;
        linesInWindow = 0;
      }
      const last = lastLogged.get(origin);
      if ((last !== undefined && t - last < windowMs) || linesInWindow >= maxLines) {
        suppressed++;
        return;
      }
      lastLogged.delete(origin); // re-insert: Map order is the forgetting order
      lastLogged.set(origin, t);
      if (lastLogged.size > maxOrigins) lastLogged.delete(lastLogged.keys().next().value as string);
      linesInWindow++;
      log.warn(
        { origin, path, ...(suppressed > 0 && { suppressedSinceLastLine: suppressed }) },
        "browser origin refused: not in WIDGET_ORIGINS (add it there if this site may embed the widget)",
      );
      suppressed = 0;
    },
  };
}
