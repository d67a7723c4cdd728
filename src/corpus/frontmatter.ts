// Splits `---` YAML frontmatter from a Markdown file and maps YAML paths back to file lines.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";

export type YamlPath = (string | number)[];

export interface ParsedFrontmatter {
  data: unknown;
  /** Markdown after the closing `---`. */
  body: string;
  /** Number of file lines before `body` starts (add to a 0-based body line to get a 0-based file line). */
  bodyLineOffset: number;
  /** 1-based file line of a YAML key or sequence item (nearest existing ancestor when missing). */
  lineOf(path: YamlPath): number;
  /** YAML syntax errors as 1-based file lines. */
  errors: { line: number; message: string }[];
}

/** Parses YAML text, giving 1-based lines shifted by `lineShift` (lines above the YAML in its file). */
export function parseYamlWithLines(text: string, lineShift = 0) {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const line = (offset: number) => Math.max(1, counter.linePos(offset).line) + lineShift;
  const errors = doc.errors.map((e) => ({ line: line(e.pos[0]), message: `YAML: ${e.message.split("\n")[0]}` }));
  return {
    data: errors.length ? undefined : (doc.toJS() as unknown),
    errors,
    lineOf: (path: YamlPath) => lineOfPath(doc, path, line) ?? 1 + lineShift,
  };
}

function lineOfPath(doc: Document, path: YamlPath, line: (offset: number) => number): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const parentPath = path.slice(0, n - 1);
    const last = path[n - 1];
    const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
      if (pair && isScalar(pair.key) && pair.key.range) return line(pair.key.range[0]);
      if (parent.range) return line(parent.range[0]);
    }
    if (isSeq(parent) && typeof last === "number") {
      const item = parent.items[last] as { range?: [number, number, number] } | undefined;
      if (item?.range) return line(item.range[0]);
    }
  }
  return undefined;
}

export function splitFrontmatter(source: string): ParsedFrontmatter {
  const text = source.replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") {
    return {
      data: undefined,
      body: text,
      bodyLineOffset: 0,
      lineOf: () => 1,
      errors: [{ line: 1, message: "missing YAML frontmatter (the file must start with a `---` line)" }],
    };
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (close < 0) {
    return {
      data: undefined,
      body: "",
      bodyLineOffset: lines.length,
      lineOf: () => 1,
      errors: [{ line: 1, message: "frontmatter is not closed by a `---` line" }],
    };
  }
  const yamlText = lines.slice(1, close).join("\n");
  const parsed = parseYamlWithLines(yamlText, 1);
  return {
    data: parsed.data,
    body: lines.slice(close + 1).join("\n"),
    bodyLineOffset: close + 1,
    lineOf: parsed.lineOf,
    errors: parsed.errors,
  };
}
