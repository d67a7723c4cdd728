// Times and rates as staff read them: China Standard Time, 24-hour clock, percentages with one decimal.
const TZ = "Asia/Shanghai";

const full = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});
const dayFmt = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" });

/** 2026/12/02 17:05:09 */
export function formatTime(ms: number): string {
  return full.format(new Date(ms));
}

/** 2026-12-02, the day in China Standard Time. */
export function dayOf(ms: number): string {
  return dayFmt.format(new Date(ms));
}

/** Epoch ms of 00:00 China Standard Time on a YYYY-MM-DD day; undefined when not a real date. */
export function startOfDay(day: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - 8 * 3_600_000;
  return dayOf(ms) === day ? ms : undefined;
}

export function percent(part: number, whole: number): string {
  return whole ? `${((part / whole) * 100).toFixed(1)}%` : "—";
}
