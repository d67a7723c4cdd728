import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../core/types.js";
import { chunkPlan, indexText, splitSentences } from "./chunk.js";
import { loadCorpus } from "./load-corpus.js";
import { makeFixture, type Fixture } from "./testing/fixture-corpus.js";
import { normalizeForQuote } from "./verbatim.js";

const LONG_PLAN = `---
title: t
---

# 方案

## 一、总体

${"第一句很长的内容说明了总体思路。".repeat(20)}第二部分；${"还有更多要求需要落实到位。".repeat(20)}

## 二、设置

### (一)自然科学基金

#### 专题1:特区计划

专题1:特区计划。支持重点高校院所开展基础研究特区试点,给予3-5年持续稳定支持。

#### 专题2:探索计划

专题2:探索计划。支持高校院所将自由探索与地方产业布局相结合。
`;

describe("chunkPlan", () => {
  const body = LONG_PLAN.split("\n").slice(4).join("\n");
  const chunks = chunkPlan({ body, bodyLineOffset: 4, file: "corpus/plan/x.md" }, 200);
  const fileLines = LONG_PLAN.split("\n");

  it("keeps each 专题 clause whole, in its own chunk, with its topic id and heading path", () => {
    const t1 = chunks.filter((c) => c.topicId === 1);
    expect(t1).toHaveLength(1);
    expect(t1[0].text).toBe("专题1:特区计划。支持重点高校院所开展基础研究特区试点,给予3-5年持续稳定支持。");
    expect(t1[0].headingPath).toEqual(["方案", "二、设置", "(一)自然科学基金", "专题1:特区计划"]);
    expect(chunks.find((c) => c.topicId === 2)?.text).toMatch(/^专题2:探索计划。/);
  });

  it("gives 1-based line ranges that point at the chunk's own text", () => {
    for (const c of chunks) {
      const src = normalizeForQuote(fileLines.slice(c.lineStart - 1, c.lineEnd).join("\n"));
      expect(src).toContain(normalizeForQuote(c.text));
    }
    const t1 = chunks.find((c) => c.topicId === 1)!;
    expect(fileLines[t1.lineStart - 1]).toMatch(/^专题1:特区计划。/);
  });

  it("splits an over-long paragraph only at sentence ends", () => {
    const long = chunks.filter((c) => c.headingPath.at(-1) === "一、总体");
    expect(long.length).toBeGreaterThan(1);
    for (const c of long) {
      expect(c.text.length).toBeLessThanOrEqual(200);
      expect(c.text).toMatch(/[。；]$/);
    }
    expect(long.map((c) => c.text).join("")).toBe(fileLines[long[0].lineStart - 1]);
  });

  it("never cuts a sentence, even one longer than the limit", () => {
    const s = "很".repeat(50) + "。";
    const parts = splitSentences({ text: s + s, start: 1, end: 1 }, 30);
    expect(parts.map((p) => p.text)).toEqual([s, s]);
  });

  it("prefixes plan chunks with their heading path for indexing", () => {
    const t1 = chunks.find((c) => c.topicId === 1)!;
    expect(indexText(t1)).toBe(`方案 › 二、设置 › (一)自然科学基金 › 专题1:特区计划\n${t1.text}`);
  });
});

describe("card and plan chunks of a loaded corpus", () => {
  let f: Fixture;
  let corpus: Corpus;
  beforeAll(async () => {
    f = await makeFixture();
    corpus = await loadCorpus(f.corpusDir, f.root);
  });
  afterAll(async () => {
    await f.cleanup();
  });

  it("makes one self-describing chunk per card section, with the right file lines", async () => {
    const cards = corpus.chunks.filter((c) => c.docId === "topic-14");
    expect(cards.map((c) => c.section)).toEqual(["概要", "支持对象", "支持内容", "支持方式", "不适用或易混淆", "常见问法", "原文依据"]);
    const src = (await readFile(path.join(f.root, "corpus/topics/14-keji-jinrong.md"), "utf8")).split("\n");
    for (const c of cards.slice(1)) {
      expect(c.text.startsWith(`专题14 科技金融计划 · ${c.section}\n`)).toBe(true);
      expect(src[c.lineStart - 1]).toBe(`## ${c.section}`);
      expect(src[c.lineEnd - 1].trim()).not.toBe("");
      expect(src[c.lineEnd]?.trim() ?? "").toBe("");
      expect(c).toMatchObject({ kind: "card", topicId: 14, program: "科技成果转化专项", file: "corpus/topics/14-keji-jinrong.md" });
    }
    const overview = cards[0];
    expect(overview.text).toContain("别称：科技金融、科技贷款贴息");
  });

  it("gives every chunk a unique stable id and plan chunks the program of their 专题", () => {
    const ids = corpus.chunks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const p14 = corpus.chunks.find((c) => c.kind === "plan" && c.topicId === 14)!;
    expect(p14).toMatchObject({ docId: "plan", program: "科技成果转化专项", file: "corpus/plan/plan.md" });
    expect(p14.id).toMatch(/^plan#\d+$/);
  });
});
