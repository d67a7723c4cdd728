// Days as the bureau counts them: China Standard Time (UTC+8, no daylight saving), in JS and in SQL alike.
const OFFSET_MS = 8 * 3_600_000;

/** YYYY-MM-DD of an instant in China time. */
export function chinaDay(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of 00:00 China time on a YYYY-MM-DD day; undefined when it is not a real date. */
export function chinaDayStart(day: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - OFFSET_MS;
  return chinaDay(ms) === day ? ms : undefined;
}
