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

const realDate = (y: number, mo: number, d: number): string | undefined => {
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date.toISOString().slice(0, 10) : undefined;
};

/** The end of a range that leaves its year to the start: 2025年3月1日至4月30日 (12月…至1月 is the next year). */
const RANGE_END = /^\s*(?:至|到|—|－|-|~|～)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/;

export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const { re, read } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const [y, mo, d] = read(m);
      const iso = realDate(y, mo, d);
      if (!iso) continue;
      const start = m.index!;
      if (out.some((o) => start < o.end && o.start < start + m[0].length)) continue;
      out.push({ iso, raw: m[0], start, end: start + m[0].length });
    }
  }
  for (const a of [...out]) {
    const m = RANGE_END.exec(text.slice(a.end));
    if (!m) continue;
    const [y, mo] = [Number(a.iso.slice(0, 4)), Number(a.iso.slice(5, 7))];
    const iso = realDate(Number(m[1]) < mo ? y + 1 : y, Number(m[1]), Number(m[2]));
    const start = a.end + m[0].search(/\d/);
    if (iso && !out.some((o) => o.start >= a.end && o.start < a.end + m[0].length)) out.push({ iso, raw: text.slice(start, a.end + m[0].length), start, end: a.end + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A date is a deadline when the sentence says things must be done by it: "…前", "截止…", the end of "A至B". */
export function isDeadline(text: string, d: FoundDate, all: readonly FoundDate[]): boolean {
  const after = text.slice(d.end, d.end + 10);
  const before = text.slice(Math.max(0, d.start - 8), d.start);
  if (/^\s*(\d{1,2}[:：]\d{2}|\d{1,2}\s*时|\d{1,2}\s*点)?\s*(前|之前|止|截止|为止)/.test(after)) return true;
  if (/(截止|截至)(日期|时间)?\s*(为|是|到)?[:：\s]*$/.test(before)) return true;
  // The end of a range is a deadline only when the range is for applying, not a project period (实施期…至…).
  const inRange = all.some((a) => a.end <= d.start && /^\s*(至|到|—|－|-|~|～)\s*$/.test(text.slice(a.end, d.start)));
  return inRange && /(申报|申请|受理|提交|报送|报名|填报)/.test(text.slice(Math.max(0, d.start - 40), d.start));
}

const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** 2025-04-30 → 30 April 2025 (the digits of the Chinese date, so the answer stays grounded in its quote). */
export function enDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** 2025-04-30 → 2025年4月30日, as people read it. */
export function zhDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
