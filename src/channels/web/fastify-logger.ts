// Adapts the project's minimal Logger to the pino-shaped logger fastify expects, so the app logs
// through whatever the entry point chose (and tests can stay silent).
import type { FastifyBaseLogger } from "fastify";
import type { Logger } from "../../core/types.js";

type LogFn = FastifyBaseLogger["info"];

export function toFastifyLogger(logger: Logger, level: string, bindings: Record<string, unknown> = {}): FastifyBaseLogger {
  const wrap = (fn: (obj: object | string, msg?: string) => void): LogFn =>
    ((obj: unknown, msg?: unknown) => {
      if (typeof obj === "string") fn(Object.keys(bindings).length ? { ...bindings, msg: obj } : obj);
      else fn({ ...bindings, ...(obj as object) }, typeof msg === "string" ? msg : undefined);
    }) as LogFn;
  return {
    level,
    info: wrap((o, m) => logger.info(o, m)),
    warn: wrap((o, m) => logger.warn(o, m)),
    error: wrap((o, m) => logger.error(o, m)),
    fatal: wrap((o, m) => logger.error(o, m)),
    debug: wrap((o, m) => logger.debug(o, m)),
    trace: wrap((o, m) => logger.debug(o, m)),
    silent: (() => undefined) as LogFn,
    child: (b: Record<string, unknown>) => toFastifyLogger(logger, level, { ...bindings, ...b }),
  };
}
