// Stands in for the `entities` package inside the browser bundle only (widget-bundle.ts maps it here):
// its table of 2,231 named references is 16 KB gzipped, a third of the widget's budget, and every
// browser already carries that table in its HTML parser. markdown-it calls this with one named
// reference at a time ("&copy;"); numeric ones it decodes itself. Node (tests, server) keeps the real package.

let scratch: HTMLTextAreaElement | undefined;

/** Decode one `&name;` reference, or return it unchanged when it names nothing. */
export function decodeHTMLStrict(reference: string): string {
  // A textarea's content is parsed as RCDATA: references are decoded, tags are not parsed, nothing runs.
  scratch ??= document.createElement("textarea");
  scratch.innerHTML = reference;
  const out = scratch.value;
  // The HTML parser also accepts legacy names without their ";" ("&notit;" → "¬it;"); strict means
  // the whole reference must be one name, which leaves no trailing ";" (only "&semi;" decodes to one).
  return out !== ";" && out.endsWith(";") ? reference : out;
}
