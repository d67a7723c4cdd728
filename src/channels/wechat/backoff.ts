// Exponential backoff with jitter for puppet reconnects: quick first retry, then slower, capped, so a
// long network outage neither spins the CPU nor leaves the bot asleep for hours after it ends.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** ± fraction of random spread so many bots do not retry in lockstep (0 = exact). */
  jitter?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 2_000, maxMs: 5 * 60_000, jitter: 0.2 };

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random = Math.random): number {
  const base = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 30));
  const spread = opts.jitter ?? 0;
  const factor = 1 + spread * (2 * random() - 1);
  return Math.round(Math.min(opts.maxMs, Math.max(opts.initialMs, base * factor)));
}
