import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetError, loadDatasets, parseDataset } from "./dataset.js";

const lines = (...objs: (object | string)[]) => objs.map((o) => (typeof o === "string" ? o : JSON.stringify(o))).join("\n");

describe("parseDataset", () => {
  it("accepts valid single- and multi-turn cases and keeps their line numbers", () => {
    const text = lines(
      { id: "a", kind: "topic", q: "科技贷款能贴息吗", topics: [14], must: ["科技金融计划"], refuse: false },
      "",
      { id: "b", kind: "multi", turns: ["我们是一所高校", "那能申请什么"], topics: [1, 2] },
      { id: "c", kind: "eligibility", q: "我们是科小，能申请吗", verdict: "uncertain", must_not_re: "\\d+万" },
    );
    const { cases, issues } = parseDataset(text, "q.jsonl");
    expect(issues).toEqual([]);
    expect(cases.map((c) => [c.id, c.line, c.turns.length])).toEqual([
      ["a", 1, 1],
      ["b", 3, 2],
      ["c", 4, 1],
    ]);
    expect(cases[0]).toMatchObject({ topics: [14], must: ["科技金融计划"], refuse: false });
  });

  it("reports every bad line with its line number", () => {
    const text = lines(
      "{not json",
      { id: "k", kind: "weather", q: "x" },
      { id: "t", kind: "topic", q: "x", topics: [0, 20, 3.5] },
      { id: "m", kind: "topic" },
      { id: "both", kind: "multi", q: "x", turns: ["y"] },
      { id: "e", kind: "multi", turns: [] },
      { id: "r", kind: "unknown", q: "x", must_not_re: "(" },
      { id: "v", kind: "eligibility", q: "x", verdict: "maybe", refuse: "no" },
      { id: "typo", kind: "topic", q: "x", must_not: "8771" },
      [1, 2] as unknown as object,
      { kind: "topic", q: "x" },
    );
    const { cases, issues } = parseDataset(text, "eval/q.jsonl");
    expect(cases).toEqual([]);
    const at = (line: number) => issues.filter((i) => i.line === line).map((i) => i.message);
    expect(at(1)[0]).toMatch(/^invalid JSON/);
    expect(at(2)[0]).toMatch(/unknown kind "weather"/);
    // 20 is a 专题 number; whether the plan has it is checked against the corpus (below).
    expect(at(3)).toEqual(["topic id 0 is not a 专题 number", "topic id 3.5 is not a 专题 number"]);
    expect(at(4)[0]).toMatch(/missing "q"/);
    expect(at(5)[0]).toMatch(/either "q" or "turns"/);
    expect(at(6)[0]).toMatch(/"turns" must be a non-empty array/);
    expect(at(7)[0]).toMatch(/"must_not_re" is not a valid regex/);
    expect(at(8)).toHaveLength(2);
    expect(at(9)[0]).toMatch(/unknown field "must_not"/);
    expect(at(10)[0]).toMatch(/not a JSON object/);
    expect(at(11)[0]).toMatch(/"id" must be a non-empty string/);
    expect(issues.every((i) => i.file === "eval/q.jsonl")).toBe(true);
  });

  it("treats an empty must list as no must label", () => {
    const { cases } = parseDataset(lines({ id: "a", kind: "topic", q: "x", must: [] }), "f");
    expect(cases[0].must).toBeUndefined();
  });
});

describe("loadDatasets", () => {
  it("checks 专题 numbers against the plan's, when given", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ds-ids-"));
    fs.writeFileSync(path.join(dir, "q.jsonl"), `{"id":"a","kind":"topic","q":"x","topics":[2]}\n{"id":"b","kind":"topic","q":"y","topics":[20]}\n`);
    expect(loadDatasets(["q.jsonl"], dir)).toHaveLength(2);
    expect(() => loadDatasets(["q.jsonl"], dir, new Set([1, 2, 3]))).toThrow(/q\.jsonl:2: topic id 20 is not a 专题 of the plan \(1\.\.3\)/);
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eval-ds-"));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return name;
  };

  it("loads several files and refuses duplicate ids across them, naming both places", () => {
    const a = write("a.jsonl", lines({ id: "x1", kind: "topic", q: "a" }, { id: "x2", kind: "fact", q: "b" }));
    const b = write("b.jsonl", lines({ id: "y1", kind: "topic", q: "c" }, { id: "x2", kind: "fact", q: "d" }));
    expect(loadDatasets([a], dir)).toHaveLength(2);
    let err: unknown;
    try {
      loadDatasets([a, b], dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatasetError);
    const e = err as DatasetError;
    expect(e.issues).toEqual([{ file: "b.jsonl", line: 2, message: `duplicate id "x2" (first at a.jsonl:2)` }]);
    expect(e.message).toContain("b.jsonl:2: duplicate id");
  });

  it("refuses a missing file and an empty dataset", () => {
    expect(() => loadDatasets(["nope.jsonl"], dir)).toThrow(/nope\.jsonl:0: cannot read dataset: ENOENT/);
    const empty = write("empty.jsonl", "\n\n");
    expect(() => loadDatasets([empty], dir)).toThrow(/no cases found/);
  });
});
