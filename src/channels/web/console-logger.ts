// A tiny JSON-lines logger (pino-compatible surface) for `npm start`, so no logging library is needed.
import type { Logger } from "../../core/types.js";
import type { Config } from "../../config.js";

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
export type LogLevel = keyof typeof LEVELS;

export function createConsoleLogger(
  level: Config["LOG_LEVEL"],
  write: (line: string) => void = (line) => process.stdout.write(line + "\n"),
  bindings: Record<string, unknown> = {},
): Logger & { child(b: Record<string, unknown>): Logger } {
  const min = LEVELS[level];
  const emit = (lvl: LogLevel, obj: object | string, msg?: string) => {
    if (LEVELS[lvl] < min) return;
    const fields = typeof obj === "string" ? { msg: obj } : { ...obj, ...(msg === undefined ? {} : { msg }) };
    write(JSON.stringify({ level: lvl, time: new Date().toISOString(), ...bindings, ...fields }));
  };
  return {
    info: (o, m) => emit("info", o, m),
    warn: (o, m) => emit("warn", o, m),
    error: (o, m) => emit("error", o, m),
    debug: (o, m) => emit("debug", o, m),
    child: (b) => createConsoleLogger(level, write, { ...bindings, ...b }),
  };
}
