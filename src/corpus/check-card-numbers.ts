// A card restates the plan for people; it may not add facts. Every number a card states (not its 常见问法,
// which are what people ask) must occur in the plan or in a guideline document, or the card would put an
// amount, a period or a count before users that no source says.
import { numbersIn } from "../core/grounding.js";
import type { Chunk } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";

/** Card sections that hold questions people ask, not statements of the plan. */
const QUESTION_SECTIONS = new Set(["常见问法"]);

export function checkCardNumbers(
  cardChunks: readonly Chunk[],
  cardSource: (file: string) => string | undefined,
  sourcesText: string,
  issues: IssueList,
): void {
  const sources = sourcesText.replace(/\s+/g, "");
  // A whole number, not digits inside another (88 is not stated by 188).
  const stated = (n: string) => new RegExp(`(?<![\\d.])${n.replace(".", "\\.")}(?![\\d]|\\.\\d)`).test(sources);
  for (const chunk of cardChunks) {
    if (chunk.kind !== "card" || (chunk.section && QUESTION_SECTIONS.has(chunk.section))) continue;
    const unknown = [...new Set(numbersIn(chunk.text))].filter((n) => !stated(n));
    if (unknown.length === 0) continue;
    const lines = cardSource(chunk.file)?.split("\n") ?? [];
    for (const n of unknown) {
      // The line inside the section where the number is written, for staff to find it.
      let line = chunk.lineStart;
      for (let i = chunk.lineStart - 1; i < Math.min(lines.length, chunk.lineEnd); i++) {
        if (lines[i].includes(n)) {
          line = i + 1;
          break;
        }
      }
      issues.add(
        chunk.file,
        line,
        `${chunk.section ?? "卡片"}：数字“${n}”在方案原文和申报指南中都找不到。卡片只能转述原文，不能写原文没有的金额、期限或数量——请删去，或把写明它的申报指南放进 corpus/guidelines/`,
      );
    }
  }
}
