// The never-invent guard: every number in an answer must occur in a cited source.

/** Digit runs in the answer, ignoring 专题 numbers (they name the topic, not a fact) and list markers. */
export function numbersIn(text: string): string[] {
  const cleaned = text
    .replace(/专题\s*\d{1,2}|topic\s*\d{1,2}/gi, " ")
    .replace(/^\s*\d+[.)、]\s/gm, " ")
    .replace(/\b(19|6)\s*(个)?\s*(专题|专项|topics|programmes)/gi, " ");
  return cleaned.match(/\d+(?:\.\d+)?/g) ?? [];
}

export interface GroundingIssue {
  kind: "number" | "citation";
  detail: string;
}

/**
 * Check an answer against the text of what it cites and the ids actually retrieved.
 * `sources` is the concatenated text of cited chunks; `citedIds` must all be in `retrievedIds`.
 */
export function checkGrounding(
  answer: string,
  sources: string,
  citedIds: string[] = [],
  retrievedIds?: Set<string>,
): GroundingIssue[] {
  const issues: GroundingIssue[] = [];
  const srcDigits = sources.replace(/\s+/g, "");
  for (const n of numbersIn(answer)) {
    if (!srcDigits.includes(n)) issues.push({ kind: "number", detail: n });
  }
  if (retrievedIds) {
    for (const id of citedIds) if (!retrievedIds.has(id)) issues.push({ kind: "citation", detail: id });
  }
  return issues;
}
