// Validates a staff-edited YAML file against its zod schema, reporting every problem as file:line in plain words.
import { z } from "zod";
import type { IssueList } from "./corpus-error.js";
import { parseYamlWithLines, type YamlPath } from "./frontmatter.js";

export const nonEmpty = z.string().trim().min(1, "must not be empty");
// YAML reads 985 and 211 as numbers; word lists hold words.
export const word = z.union([nonEmpty, z.number().transform(String)]);
export const wordList = z.array(word).min(1, "needs at least one word");

export interface ValidYaml<T> {
  data: T;
  lineOf(path: YamlPath): number;
}

/**
 * Parses `text` and validates it; YAML and schema errors go to `issues` and the result is undefined. An empty
 * document is read as `empty` when one is given.
 */
export function parseYamlFile<S extends z.ZodTypeAny>(text: string, file: string, schema: S, issues: IssueList, empty?: z.input<S>): ValidYaml<z.output<S>> | undefined {
  const y = parseYamlWithLines(text);
  for (const e of y.errors) issues.add(file, e.line, e.message);
  if (y.errors.length) return undefined;
  const r = schema.safeParse(y.data ?? empty);
  if (!r.success) {
    zodIssues(r.error, file, y.lineOf, issues);
    return undefined;
  }
  return { data: r.data as z.output<S>, lineOf: y.lineOf };
}

export function zodIssues(err: z.ZodError, file: string, lineOf: (path: YamlPath) => number, issues: IssueList): void {
  for (const i of err.issues) {
    if (i.code === "unrecognized_keys") {
      for (const key of i.keys) issues.add(file, lineOf([...i.path, key]), `${formatPath([...i.path, key])}: unknown key`);
      continue;
    }
    issues.add(file, lineOf(i.path), `${formatPath(i.path) || "(document)"}: ${i.message}`);
  }
}

export function formatPath(path: YamlPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
