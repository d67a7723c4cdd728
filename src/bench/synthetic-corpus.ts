// Synthetic corpora for the scale benchmark: chunks made by recombining the plan's own sentences,
// so vocabulary and length match the real corpus while the size is whatever we ask for.
import { readFileSync } from "node:fs";
import { mulberry32, pick } from "./prng.js";

/**
 * Clauses of a Markdown document (split at full stops, semicolons and commas; the plan is short, so
 * clauses give far more distinct recombinations than whole sentences). Frontmatter, heading markers
 * and fragments under 6 characters are dropped.
 */
export function planSentences(markdown: string): string[] {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, "");
  const out: string[] = [];
  for (const line of body.split("\n")) {
    const text = line.replace(/^#+\s*/, "").trim();
    if (!text) continue;
    for (const s of text.split(/[。；！？;,，:：]/)) {
      const t = s.trim();
      if (t.length >= 6) out.push(t);
    }
  }
  return out;
}

export function loadPlanSentences(planFile: string): string[] {
  const sentences = planSentences(readFileSync(planFile, "utf8"));
  if (sentences.length < 20) throw new Error(`${planFile}: only ${sentences.length} sentences, too few to recombine`);
  return sentences;
}

/** `count` chunks of 3–8 clauses each (about the length of a real chunk), drawn with a fixed seed. */
export function syntheticChunks(sentences: readonly string[], count: number, seed = 42): string[] {
  const rand = mulberry32(seed);
  const chunks: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = 3 + Math.floor(rand() * 6);
    const parts: string[] = [];
    for (let j = 0; j < n; j++) parts.push(pick(sentences, rand));
    chunks[i] = parts.join("，") + "。";
  }
  return chunks;
}

/** Query strings: short spans cut from random sentences (what a user might paste or paraphrase). */
export function syntheticQueries(sentences: readonly string[], count: number, seed = 7): string[] {
  const rand = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = pick(sentences, rand);
    const len = Math.min(s.length, 6 + Math.floor(rand() * 20));
    const start = Math.floor(rand() * (s.length - len + 1));
    out.push(s.slice(start, start + len));
  }
  return out;
}
