// "Verbatim" quote checks tolerate only layout differences: whitespace, Markdown markers and
// full-width vs half-width punctuation (the plan capture uses ASCII "," ":" "()"; cards may use ，：（）).

/** NFKC (folds full-width forms), drops whitespace and Markdown heading/quote markers. */
export function normalizeForQuote(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/^[ \t]*(#{1,6}[ \t]+|>[ \t]?)/gm, "")
    .replace(/\s+/g, "");
}

/**
 * Whether `quote` occurs in the (already normalised) plan text. An ellipsis (… or ...) inside the quote
 * separates fragments that must each occur, in order.
 */
export function isVerbatim(quote: string, normalizedPlan: string): boolean {
  const fragments = quote
    .split(/…+|\.{3,}/)
    .map(normalizeForQuote)
    .filter((f) => f.length > 0);
  if (fragments.length === 0) return false;
  let from = 0;
  for (const f of fragments) {
    const at = normalizedPlan.indexOf(f, from);
    if (at < 0) return false;
    from = at + f.length;
  }
  return true;
}
