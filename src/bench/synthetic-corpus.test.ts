import { describe, expect, it } from "vitest";
import { planSentences, syntheticChunks, syntheticQueries } from "./synthetic-corpus.js";

const MD = `---
title: t
---

# 标题一

第一句话在这里，第二个分句也在这里。第三句话更长一些；第四句。

## 二、小节

短句。另一句足够长的话。
`;

describe("synthetic corpus", () => {
  it("splits a plan into clauses without frontmatter, heading marks or tiny fragments", () => {
    const s = planSentences(MD);
    expect(s).toContain("第一句话在这里");
    expect(s).toContain("另一句足够长的话");
    expect(s.join("")).not.toContain("title");
    expect(s.join("")).not.toContain("#");
    expect(s).not.toContain("短句"); // under 6 characters
  });

  it("builds the requested number of chunks, deterministically, from those clauses only", () => {
    const s = planSentences(MD);
    const a = syntheticChunks(s, 50);
    expect(a).toHaveLength(50);
    expect(syntheticChunks(s, 50)).toEqual(a);
    expect(syntheticChunks(s, 50, 1)).not.toEqual(a);
    for (const c of a) for (const part of c.replace(/。$/, "").split("，")) expect(s).toContain(part);
  });

  it("cuts queries out of the clauses", () => {
    const s = planSentences(MD);
    for (const q of syntheticQueries(s, 20)) expect(s.some((x) => x.includes(q))).toBe(true);
  });
});
