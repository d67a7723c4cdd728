import { describe, expect, it } from "vitest";
import type { Chunk } from "../core/types.js";
import { checkCardNumbers } from "./check-card-numbers.js";
import { IssueList } from "./corpus-error.js";

const card = (section: string, text: string): Chunk => ({
  id: `topic-17#${section}`, docId: "topic-17", kind: "card", topicId: 17, headingPath: [], section, text, file: "corpus/topics/17.md", lineStart: 2, lineEnd: 3,
});

describe("checkCardNumbers", () => {
  it("a number is stated only as a whole number of a source, and 常见问法 may hold any", () => {
    const issues = new IssueList();
    const source = "line one\n支持方式：最高补助88万元\n";
    checkCardNumbers(
      [card("支持方式", "最高补助88万元，支持3-5年"), card("常见问法", "- 我们孵化了30家，能拿多少？")],
      () => source,
      "单个项目最高188万元，给予3-5年持续稳定支持",
      issues,
    );
    expect(issues.items).toHaveLength(1);
    expect(issues.items[0]).toMatchObject({ file: "corpus/topics/17.md", line: 2 });
    expect(issues.items[0].message).toMatch(/^支持方式：数字“88”在方案原文和申报指南中都找不到/);
  });
});
