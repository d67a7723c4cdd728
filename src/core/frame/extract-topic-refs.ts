// 专题 named by number: "专题3", "第14个专题", "专题十四", "14号专题", "topic 7", "the 9th topic". Numbers the plan
// does not have are kept too, so the answer can say which ones exist.
import { parseNumber } from "./numbers.js";

const NUM = "(\\d{1,3}|[一二三四五六七八九十两]{1,3})";
const PATTERNS = [
  new RegExp(`专题\\s*${NUM}`, "g"),
  new RegExp(`第\\s*${NUM}\\s*(?:个|项)?\\s*专题`, "g"),
  new RegExp(`${NUM}\\s*号专题`, "g"),
  /\btopics?\s*(?:no\.?\s*)?#?\s*(\d{1,3})\b/gi,
  /\b(?:no\.|number)\s*(\d{1,3})\b/gi,
  /\bthe\s+(\d{1,3})(?:st|nd|rd|th)\s+topic\b/gi,
];

export interface TopicRef {
  id: number;
  start: number;
  end: number;
}

export function extractTopicRefs(text: string): TopicRef[] {
  const found: TopicRef[] = [];
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const n = parseNumber(m[1]);
      if (n === undefined || !Number.isInteger(n) || n < 1) continue;
      const start = m.index;
      if (found.some((f) => start < f.end && f.start < start + m[0].length)) continue;
      found.push({ id: n, start, end: start + m[0].length });
    }
  }
  // "专题3和7" / "topics 3 and 7": a bare number joined to a reference by 和/与/、/and.
  for (const f of [...found]) {
    const tail = /^\s*(?:和|与|跟|、|,|，|and|&)\s*(\d{1,3})(?![\d年月日万元%])/i.exec(text.slice(f.end));
    if (tail && !found.some((x) => x.start === f.end)) found.push({ id: Number(tail[1]), start: f.end, end: f.end + tail[0].length });
  }
  // "第3个和第7个专题", "第8个专题是干啥的 第9个呢": an ordinal with its classifier refers to a 专题 when the message
  // speaks of 专题.
  if (/专题|topic/i.test(text)) {
    for (const m of text.matchAll(new RegExp(`第\\s*${NUM}\\s*(?:个|项)`, "g"))) {
      const n = parseNumber(m[1]);
      if (n !== undefined && Number.isInteger(n) && n >= 1 && !found.some((f) => m.index < f.end && f.start < m.index + m[0].length)) {
        found.push({ id: n, start: m.index, end: m.index + m[0].length });
      }
    }
  }
  return found.sort((a, b) => a.start - b.start).filter((f, i, all) => all.findIndex((x) => x.id === f.id) === i);
}
