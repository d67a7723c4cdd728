// Reads corpus/scope.yaml: neighbouring domains with their cues and handlers, other levels of government, the
// plan's own national-level items and the words that tie a message to S&T support at all.
import { z } from "zod";
import type { ScopeModel } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";
import { nonEmpty, parseYamlFile, wordList as words } from "./validate-yaml.js";
const level = z.object({ name: nonEmpty, handler: nonEmpty, words, programmes: z.array(nonEmpty).default([]) }).strict();

const scopeSchema = z
  .object({
    domains: z.array(z.object({ id: nonEmpty, name: nonEmpty, handler: nonEmpty, kind: z.literal("task").optional(), cues: words }).strict()).min(1),
    levels: z.object({ national: level, provincial: level, programmeWords: words }).strict(),
    inScope: z
      .array(
        z
          .object({
            name: nonEmpty,
            topic: z.number().int().min(1),
            role: z.literal("held").optional(),
            status: z.object({ status: nonEmpty, level: z.enum(["national", "provincial", "municipal"]).optional() }).strict().optional(),
            cues: words,
          })
          .strict(),
      )
      .default([]),
    planSigns: words,
  })
  .strict();

/**
 * Validates scope.yaml; `topicIds` are the plan's 专题 (an inScope item must name one of them), `statuses` the
 * vocabulary's statusCues keys (an inScope status must be one of them).
 */
export function parseScope(
  text: string,
  file: string,
  topicIds: ReadonlySet<number>,
  issues: IssueList,
  statuses: ReadonlySet<string> = new Set(),
): ScopeModel | undefined {
  const y = parseYamlFile(text, file, scopeSchema, issues);
  if (!y) return undefined;
  const s = y.data;
  const owner = new Map<string, string>();
  s.domains.forEach((d, di) => {
    if (s.domains.findIndex((x) => x.id === d.id) !== di) issues.add(file, y.lineOf(["domains", di, "id"]), `domains: id "${d.id}" is used twice`);
    d.cues.forEach((c, ci) => {
      const first = owner.get(c.toLowerCase());
      if (first && first !== d.id) issues.add(file, y.lineOf(["domains", di, "cues", ci]), `domains.${d.id}: cue "${c}" is already in domain ${first}`);
      else owner.set(c.toLowerCase(), d.id);
    });
  });
  s.inScope.forEach((item, i) => {
    if (topicIds.size > 0 && !topicIds.has(item.topic)) issues.add(file, y.lineOf(["inScope", i, "topic"]), `inScope.${item.name}: the plan has no 专题${item.topic}`);
    if (item.status && statuses.size > 0 && !statuses.has(item.status.status)) {
      issues.add(file, y.lineOf(["inScope", i, "status", "status"]), `inScope.${item.name}: "${item.status.status}" is not a status in vocabulary.yaml statusCues`);
    }
    item.cues.forEach((c, ci) => {
      const d = owner.get(c.toLowerCase());
      if (d) issues.add(file, y.lineOf(["inScope", i, "cues", ci]), `inScope.${item.name}: cue "${c}" is also a cue of domain ${d}, which would decline it`);
    });
  });
  return s;
}
