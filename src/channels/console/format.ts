// Times and rates as staff read them: China Standard Time, 24-hour clock, percentages with one decimal.
import { chinaDay, chinaDayStart } from "../../ops/china-day.js";

const TZ = "Asia/Shanghai";

const full = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});

/** 2026/12/02 17:05:09 */
export function formatTime(ms: number): string {
  return full.format(new Date(ms));
}

/** 2026-12-02, the day in China Standard Time. */
export const dayOf = chinaDay;

/** Epoch ms of 00:00 China Standard Time on a YYYY-MM-DD day; undefined when not a real date. */
export const startOfDay = chinaDayStart;

export function percent(part: number, whole: number): string {
  return whole ? `${((part / whole) * 100).toFixed(1)}%` : "—";
}
