// `?` placeholders → PostgreSQL's `$1, $2, …`, leaving `?` inside quoted strings and identifiers alone.
export function toDollarParams(sql: string): string {
  let out = "";
  let n = 0;
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === "?") {
      out += `$${++n}`;
    } else out += ch;
  }
  return out;
}
