// Reads corpus/regions.yaml: the home city, its development zones, and the groupings of places the plan names.
// Names are checked against the administrative divisions by the gazetteer (build-gazetteer.ts).
import { z } from "zod";
import type { RegionModel } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";
import type { YamlPath } from "./frontmatter.js";
import { nonEmpty, parseYamlFile } from "./validate-yaml.js";

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
  const y = parseYamlFile(text, file, regionsSchema, issues);
  return y && { regions: y.data, lineOf: y.lineOf };
}
