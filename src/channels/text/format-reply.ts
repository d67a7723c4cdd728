// Turns an AnswerResult into WeChat plain text: WeChat shows Markdown literally, and long walls of
// text get skipped, so the answer becomes short paragraphs + the 专题 + a compact source line,
// at most two messages split at sentence boundaries, with the clarifying question last.
import type { AnswerResult, TopicHit } from "../../core/types.js";

export interface FormatOptions {
  /** Longest single message, in characters. */
  maxChars?: number;
  /** Paragraphs longer than this are re-broken at sentence ends. */
  paragraphChars?: number;
}

const DEFAULT_MAX_CHARS = 500;
const DEFAULT_PARAGRAPH_CHARS = 120;
const PLAN = "《武汉市科技计划体系改革优化方案》";
const PLAN_TITLE_RE = /^《?武汉市科技计划体系改革优化方案》?/;
const TRUNCATED = "（内容较长，已节选要点；可继续追问具体专题。）";

/** Markdown → plain text; keeps list structure with "・" and drops link targets, code marks and tables' pipes. */
export function stripMarkdown(md: string): string {
  const lines = md.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  for (let line of lines) {
    if (/^\s*(```|~~~)/.test(line)) continue; // fence lines; their content stays as text
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) continue; // horizontal rule
    if (/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line)) continue; // table separator
    if (/^\s*\|.*\|\s*$/.test(line)) {
      line = line
        .trim()
        .replace(/^\||\|$/g, "")
        .split("|")
        .map((c) => c.trim())
        .filter(Boolean)
        .join("，");
    }
    line = line
      .replace(/^\s{0,3}#{1,6}\s+/, "") // heading
      .replace(/^\s*>\s?/, "") // blockquote
      .replace(/^(\s*)[-*+]\s+/, "$1・") // bullet
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1") // image
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1") // link
      .replace(/\[\^?\d+\]/g, "") // footnote / citation markers
      .replace(/(\*\*|__)(.+?)\1/g, "$2") // bold
      .replace(/(^|[^*\w])\*(?!\s)([^*]+?)\*(?!\*)/g, "$1$2") // italic *x*
      .replace(/(^|[^_\w])_(?!\s)([^_]+?)_(?![_\w])/g, "$1$2") // italic _x_
      .replace(/~~(.+?)~~/g, "$1")
      .replace(/`+([^`]*)`+/g, "$1") // inline code
      .replace(/<\/?[a-zA-Z][^>]*>/g, "") // html tags
      .replace(/&nbsp;/g, " ")
      .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, "$1") // escapes
      .replace(/[ \t]+$/, "");
    out.push(line);
  }
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Sentences, each keeping its end mark (。！？!?；; or a line end). */
export function splitSentences(text: string): string[] {
  const parts = text.match(/[^。！？!?；;\n]+[。！？!?；;]*[”’」』）)]*|[。！？!?；;]+/g) ?? [];
  return parts.map((s) => s.trim()).filter(Boolean);
}

function shortParagraphs(text: string, max: number): string[] {
  const paras: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const p = block.trim();
    if (!p) continue;
    // Lists keep their line structure.
    if (p.length <= max || p.includes("\n")) {
      paras.push(p);
      continue;
    }
    let cur = "";
    for (const s of splitSentences(p)) {
      if (cur && cur.length + s.length > max) {
        paras.push(cur);
        cur = "";
      }
      cur += s;
    }
    if (cur) paras.push(cur);
  }
  return paras;
}

function topicLabel(t: Pick<TopicHit, "id" | "name" | "program">): string {
  return `专题${t.id}「${t.name}」（${t.program}）`;
}

/** The 专题 line, unless the answer already names every suggested 专题. */
export function topicLine(answer: string, topics: TopicHit[]): string | undefined {
  const top = topics.slice(0, 3);
  if (top.length === 0 || top.every((t) => answer.includes(t.name))) return undefined;
  return `相关专题：${top.map(topicLabel).join("、")}`;
}

/** "依据：《方案》专题14：科技金融计划；…" — titles only, deduplicated, at most three. */
export function sourceLine(result: Pick<AnswerResult, "citations">): string | undefined {
  const titles: string[] = [];
  for (const c of result.citations) {
    // Titles come as "专题14：科技金融计划 · 原文依据" or as a heading path "方案 › … › 专题14:科技金融计划".
    const t = (c.title.split(" · ")[0].split(" › ").at(-1) ?? "").replace(PLAN_TITLE_RE, "").trim();
    if (t && !titles.includes(t)) titles.push(t);
  }
  if (titles.length === 0) return undefined;
  const more = titles.length > 3 ? "等" : "";
  return `依据：${PLAN}${titles.slice(0, 3).join("；")}${more}`;
}

/** Make the clarifying question read as a question. */
export function asQuestion(text: string): string {
  const t = text.trim().replace(/[。.！!]+$/, "");
  return /[？?]$/.test(t) ? t : `${t}？`;
}

interface Unit {
  text: string;
  paraStart: boolean;
}

const isListLine = (s: string) => /^(・|\d+[.、)）])/.test(s);

/** Separator placed before `u` when it follows other text. */
function sepBefore(u: Unit): string {
  if (u.paraStart) return "\n\n";
  return isListLine(u.text) ? "\n" : "";
}

function joinUnits(units: Unit[]): string {
  return units.map((u, i) => (i === 0 ? "" : sepBefore(u)) + u.text).join("");
}

/** The longest prefix of `units` whose joined text is at most `max` chars (at least one unit). */
function fitCount(units: Unit[], max: number): number {
  let len = 0;
  let n = 0;
  for (const u of units) {
    const add = (n ? sepBefore(u).length : 0) + u.text.length;
    if (n && len + add > max) break;
    len += add;
    n++;
  }
  return n;
}

/** Sentence-level units of the body; list lines stay whole lines. */
function sentenceUnits(paras: string[], max: number): Unit[] {
  const units: Unit[] = [];
  for (const p of paras) {
    const sentences = p.includes("\n") ? p.split("\n") : splitSentences(p);
    sentences.forEach((s, i) => {
      // A single sentence longer than a message is cut hard; it is the only way it can fit.
      for (let k = 0; k < s.length; k += max) units.push({ text: s.slice(k, k + max), paraStart: i === 0 && k === 0 });
    });
  }
  return units;
}

export function formatReply(result: AnswerResult, opts: FormatOptions = {}): string[] {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const paraChars = opts.paragraphChars ?? DEFAULT_PARAGRAPH_CHARS;

  let answer = stripMarkdown(result.answer);
  const source = sourceLine(result);
  // The composer's own source/citation lines are replaced by the compact one.
  if (source) answer = answer.replace(/^\s*(原文)?(依据|来源|参考|出处)[:：].*$/gm, "");
  const followUp = result.followUp ? asQuestion(stripMarkdown(result.followUp)) : undefined;
  if (followUp) {
    // The question goes last on its own: take it out of the body, and drop a lead-in
    // such as 「想确认一下：」 left standing alone.
    const bare = followUp.replace(/[？?]$/, "");
    answer = answer
      .split("\n")
      .map((line) => {
        if (!line.includes(bare)) return line;
        const rest = line.split(bare).join("").replace(/^[？?]+|(?<=[。！!；;：:\s])[？?]+/g, "").trim();
        return rest.length <= 12 && /^[^。！？!?]*[：:]?$/.test(rest) ? undefined : rest;
      })
      .filter((line): line is string => line !== undefined)
      .join("\n");
  }

  const body = shortParagraphs(answer, paraChars);
  const topic = result.refused ? undefined : topicLine(answer, result.topics);
  if (topic) body.push(topic);
  const tail = [source, followUp].filter((x): x is string => Boolean(x));

  const whole = [...body, ...tail].join("\n\n");
  if (whole.length <= maxChars) return [whole];

  // Two messages: first as many sentences as fit, then the rest with the tail.
  const tailText = tail.join("\n\n");
  const units = sentenceUnits(body, maxChars);
  const n = fitCount(units, maxChars);
  const first = joinUnits(units.slice(0, n));
  let rest = units.slice(n);
  if (rest.length) rest[0] = { ...rest[0], paraStart: true };

  const second = [joinUnits(rest), tailText].filter(Boolean).join("\n\n");
  if (second.length <= maxChars) return [first, second].filter(Boolean);

  // Still too long: keep the whole sentences that fit beside the note and the tail.
  const room = maxChars - tailText.length - TRUNCATED.length - 4;
  rest = room > 0 ? rest.slice(0, Math.min(fitCount(rest, room), rest.length)) : [];
  if (rest.length && joinUnits(rest).length > room) rest = [];
  return [first, [joinUnits(rest), TRUNCATED, tailText].filter(Boolean).join("\n\n")];
}
