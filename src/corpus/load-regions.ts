// Reads corpus/regions.yaml: the home city, its development zones, and the groupings of places the plan names.
// Names are checked against the administrative divisions by the gazetteer (build-gazetteer.ts).
import { z } from "zod";
import type { RegionModel } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";
import { parseYamlWithLines, type YamlPath } from "./frontmatter.js";
import { zodIssues } from "./load-vocabulary.js";

const nonEmpty = z.string().trim().min(1, "must not be empty");

const regionsSchema = z
  .object({
    home: nonEmpty,
    zones: z.array(nonEmpty).default([]),
    groupings: z.array(z.object({ name: nonEmpty, planTerm: nonEmpty, members: z.array(nonEmpty).min(1) }).strict()).default([]),
    abroad: z.object({ planTerm: nonEmpty }).strict(),
  })
  .strict();

export interface ParsedRegions {
  regions: RegionModel;
  lineOf(path: YamlPath): number;
}

export function parseRegions(text: string, file: string, issues: IssueList): ParsedRegions | undefined {
  const y = parseYamlWithLines(text);
  for (const e of y.errors) issues.add(file, e.line, e.message);
  if (y.errors.length) return undefined;
  const r = regionsSchema.safeParse(y.data);
  if (!r.success) {
    zodIssues(r.error, file, y.lineOf, issues);
    return undefined;
  }
  return { regions: r.data, lineOf: y.lineOf };
}
