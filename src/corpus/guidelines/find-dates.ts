// Calendar dates as Chinese documents write them: 2025年4月30日, 2025-04-30, 2025.4.30, 2025/4/30, and the
// sign-off's 二〇二五年四月三十日. Only real dates count (2025年2月30日 is not one).

export interface FoundDate {
  /** YYYY-MM-DD */
  iso: string;
  raw: string;
  start: number;
  end: number;
}

const ZH_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三十一 → 31, 十二 → 12, 二〇二五 → 2025 (digit by digit). */
function zhNumber(s: string, digitByDigit: boolean): number {
  if (digitByDigit) return Number([...s].map((c) => ZH_DIGIT[c] ?? "").join(""));
  if (!s.includes("十")) return ZH_DIGIT[s] ?? NaN;
  const [tens, ones] = s.split("十");
  return (tens ? (ZH_DIGIT[tens] ?? NaN) : 1) * 10 + (ones ? (ZH_DIGIT[ones] ?? NaN) : 0);
}

const PATTERNS: { re: RegExp; read(m: RegExpMatchArray): [number, number, number] }[] = [
  { re: /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g, read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  { re: /((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})(?!\d)/g, read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  {
    re: /([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日/g,
    read: (m) => [zhNumber(m[1], true), zhNumber(m[2], false), zhNumber(m[3], false)],
  },
];

export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const { re, read } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const [y, mo, d] = read(m);
      const date = new Date(Date.UTC(y, mo - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) continue;
      const start = m.index!;
      if (out.some((o) => start < o.end && o.start < start + m[0].length)) continue;
      out.push({ iso: date.toISOString().slice(0, 10), raw: m[0], start, end: start + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A date is a deadline when the sentence says things must be done by it: "…前", "截止…", the end of "A至B". */
export function isDeadline(text: string, d: FoundDate, all: readonly FoundDate[]): boolean {
  const after = text.slice(d.end, d.end + 10);
  const before = text.slice(Math.max(0, d.start - 8), d.start);
  if (/^\s*(\d{1,2}[:：]\d{2}|\d{1,2}\s*时|\d{1,2}\s*点)?\s*(前|之前|止|截止|为止)/.test(after)) return true;
  if (/(截止|截至)(日期|时间)?\s*(为|是|到)?[:：\s]*$/.test(before)) return true;
  return all.some((a) => a.end <= d.start && /^\s*(至|到|—|－|-|~|～)\s*$/.test(text.slice(a.end, d.start)));
}

/** 2025-04-30 → 2025年4月30日, as people read it. */
export function zhDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
