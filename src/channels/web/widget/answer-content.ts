// Decisions about what an answer shows, on its Markdown text: whether a cited clause is already quoted
// in the body (then the sources list gives only its label) and whether the clarifying question is
// still in the body (it belongs in the 需要向您确认 box, once).

/** Text as a reader sees it, for comparing: width forms folded (：→:), whitespace and Markdown markers dropped. */
export function comparable(markdown: string): string {
  return markdown.normalize("NFKC").replace(/[\s*_>#`~]+/gu, "");
}

/** Whether the answer body already contains the whole quote (e.g. as a blockquote). */
export function quoteInAnswer(answer: string, quote: string): boolean {
  const q = comparable(quote);
  return q.length > 0 && comparable(answer).includes(q);
}

/** A paragraph that is the question plus at most a short lead-in ("想确认一下：") is the question. */
const LEAD_IN_MAX = 12;

/**
 * The body without the paragraph that repeats the clarifying question. `inBody` says whether the
 * question is still in what remains (woven into a longer paragraph): then the body shows it and the box
 * must not repeat it.
 */
export function withoutFollowUp(answer: string, followUp: string): { answer: string; inBody: boolean } {
  const f = comparable(followUp);
  if (!f) return { answer, inBody: false };
  const paragraphs = answer.split(/\n[ \t]*\n/);
  const kept = paragraphs.filter((p) => {
    const c = comparable(p);
    return !(c.includes(f) && c.length - f.length <= LEAD_IN_MAX);
  });
  const rest = kept.join("\n\n");
  return { answer: kept.length === paragraphs.length ? answer : rest, inBody: comparable(rest).includes(f) };
}
