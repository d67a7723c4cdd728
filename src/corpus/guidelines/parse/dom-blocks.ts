// Walks an HTML tree (a web page, or mammoth's rendering of a Word file) in reading order: headings and
// paragraph-like elements become blocks, tables become row blocks with their title. Text directly in a
// <div> counts as a paragraph too, as many government pages are written that way.
import { isTag, isText, type AnyNode, type Element } from "domhandler";
import { collapseSourceWhitespace, joinLines, normalizeText } from "./normalize-text.js";
import { tableBlocks, titleBefore } from "./table-blocks.js";
import { fillSpans, type SourceCell } from "./table-grid.js";
import type { GuidelineBlock } from "./types.js";

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
/** Elements that end the running paragraph before and after them (table parts: in a layout table). */
const BLOCKS = new Set([
  "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "form", "hr", "html", "li", "main", "ol", "p", "pre", "section",
  "summary", "ul", "caption", "tbody", "thead", "tfoot", "tr", "td", "th",
]);
/** Never text a reader sees. */
const SKIP = new Set(["script", "style", "noscript", "template", "head", "iframe", "object", "svg", "canvas", "select"]);

function childElements(el: Element, names: Set<string>): Element[] {
  return el.children.filter((c): c is Element => isTag(c) && names.has(c.name));
}

/** Text of a subtree as one line-aware string: <br> and block boundaries are line breaks. */
function elementText(node: AnyNode): string {
  if (isText(node)) return collapseSourceWhitespace(node.data);
  if (!isTag(node) || SKIP.has(node.name)) return "";
  if (node.name === "br") return "\n";
  const inner = node.children.map(elementText).join("");
  return BLOCKS.has(node.name) || HEADINGS.has(node.name) ? `\n${inner}\n` : inner;
}

/** A cell's text on one line: the paragraphs in a cell are joined by a space. */
function cellText(cell: Element): string {
  return normalizeText(elementText(cell)).split("\n").join(" ");
}

function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (!isTag(child)) continue;
    if (child.name === "tr") rows.push(child);
    else if (child.name === "thead" || child.name === "tbody" || child.name === "tfoot") {
      rows.push(...childElements(child, new Set(["tr"])));
    }
  }
  return rows;
}

const CELLS = new Set(["td", "th"]);

function hasNestedTable(node: Element): boolean {
  return node.children.some((c) => isTag(c) && (c.name === "table" || hasNestedTable(c)));
}

export class DomBlockWalker {
  readonly blocks: GuidelineBlock[] = [];
  private tables = 0;
  private inline = "";

  walk(node: AnyNode): void {
    if (isText(node)) {
      this.inline += collapseSourceWhitespace(node.data);
      return;
    }
    if (!isTag(node) || SKIP.has(node.name)) return;
    const name = node.name;
    if (name === "br") {
      this.inline += "\n";
    } else if (HEADINGS.has(name)) {
      this.flush();
      this.push("heading", elementText(node));
    } else if (name === "table") {
      this.flush();
      this.table(node);
    } else if (BLOCKS.has(name)) {
      this.flush();
      for (const child of node.children) this.walk(child);
      this.flush();
    } else {
      for (const child of node.children) this.walk(child);
    }
  }

  /** Ends the running paragraph. */
  flush(): void {
    this.push("text", this.inline);
    this.inline = "";
  }

  private push(kind: "heading" | "text", raw: string): void {
    const text = normalizeText(raw);
    if (text) this.blocks.push({ kind, text });
  }

  private table(table: Element): void {
    const rows = tableRows(table);
    // A table holding tables lays out a page; read what is inside it as the page.
    if (hasNestedTable(table) || rows.length === 0) {
      for (const child of table.children) this.walk(child);
      this.flush();
      return;
    }
    const source: SourceCell[][] = rows.map((tr) =>
      childElements(tr, CELLS).map((cell) => ({
        text: cellText(cell),
        rowSpan: Number(cell.attribs.rowspan ?? 1),
        colSpan: Number(cell.attribs.colspan ?? 1),
      })),
    );
    const isHeaderRow = (tr: Element) =>
      (tr.parent as Element | null)?.name === "thead" ||
      (childElements(tr, CELLS).length > 0 && childElements(tr, CELLS).every((c) => c.name === "th"));
    let headerRows = 0;
    while (headerRows < rows.length && isHeaderRow(rows[headerRows])) headerRows++;

    const caption = childElements(table, new Set(["caption"]))[0];
    const title = caption ? joinLines(normalizeText(elementText(caption))) : titleBefore(this.blocks);
    const blocks = tableBlocks({ grid: fillSpans(source), headerRows, title, table: this.tables + 1 });
    if (blocks.some((b) => b.kind === "row")) this.tables++;
    this.blocks.push(...blocks);
  }
}
