// Reads quantities people write in Chinese or digits ("三千多人", "5000 staff", "几百亿"): enough to compare a
// business against a size limit. "几" is read as its smallest sensible value (几百 ≥ 200).

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 几: 2 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 1e4, 亿: 1e8 };

/** "三千" → 3000, "十几" → 12, "几百" → 200, "1.5" → 1.5, "两万" → 20000; undefined when it is not a number. */
export function parseNumber(s: string): number | undefined {
  const t = s.replace(/[,，\s]/g, "");
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const mixed = /^(\d+(?:\.\d+)?)([十百千万亿]+)$/.exec(t);
  if (mixed) return Number(mixed[1]) * [...mixed[2]].reduce((m, u) => m * UNIT[u], 1);
  if (!/^[零〇一二两三四五六七八九几十百千万亿]+$/.test(t)) return undefined;
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of t) {
    if (ch in DIGIT) digit = DIGIT[ch];
    else if (ch === "万" || ch === "亿") {
      total += (section + digit) * UNIT[ch];
      section = 0;
      digit = 0;
    } else {
      section += (digit || 1) * UNIT[ch];
      digit = 0;
    }
  }
  return total + section + digit;
}

const NUM = "(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九几十百千]+)";
const EMPLOYEES = [
  new RegExp(`(?:员工|职工|从业人员|人员|雇员|团队)[^\\d零〇一二两三四五六七八九几十百千，,。；;]{0,4}${NUM}\\s*(多|余|来)?\\s*(?:人|名|个人)?`),
  new RegExp(`${NUM}\\s*(多|余|来)?\\s*(?:人|名员工|名职工|个员工)`),
  /(\d[\d,]*)\s*\+?\s*(?:staff|employees|people|workers)\b/i,
];
const REVENUE = new RegExp(`(?:营收|营业收入|年收入|收入|销售额|销售收入|产值|年销售)[^\\d零〇一二两三四五六七八九几十百千，,。；;]{0,4}${NUM}\\s*(多|余)?\\s*(万|亿|百万|千万)`);

/** Head count and yearly revenue (yuan) stated in the text, where it states them, and where. */
export function companyFigures(text: string): { employees?: number; revenueYuan?: number; spans: { start: number; end: number }[] } {
  const out: { employees?: number; revenueYuan?: number; spans: { start: number; end: number }[] } = { spans: [] };
  for (const re of EMPLOYEES) {
    const m = re.exec(text);
    if (m) {
      const n = parseNumber(m[1]);
      if (n !== undefined) {
        out.employees = n;
        out.spans.push({ start: m.index, end: m.index + m[0].length });
        break;
      }
    }
  }
  const r = REVENUE.exec(text);
  if (r) {
    const n = parseNumber(r[1]);
    const unit = { 万: 1e4, 亿: 1e8, 百万: 1e6, 千万: 1e7 }[r[3] as "万" | "亿" | "百万" | "千万"];
    if (n !== undefined) {
      out.revenueYuan = n * unit;
      out.spans.push({ start: r.index, end: r.index + r[0].length });
    }
  }
  return out;
}
