// corpus/scope.yaml, regions.yaml, sectors.yaml and glossary.en.yaml: staff edit them, so every mistake is
// reported as file:line in plain words and the current index is kept.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CorpusError, loadCorpus } from "./load-corpus.js";
import { FIXTURE_SCOPE, makeFixture, type Fixture } from "./testing/fixture-corpus.js";

let f: Fixture;
beforeEach(async () => {
  f = await makeFixture();
});
afterEach(async () => f.cleanup());

async function errorsOf(): Promise<string[]> {
  try {
    await loadCorpus(f.corpusDir, f.root);
    return [];
  } catch (e) {
    if (e instanceof CorpusError) return e.errors.map((x) => `${x.file}:${x.line}: ${x.message}`);
    throw e;
  }
}

describe("scope.yaml", () => {
  it("loads domains, levels, in-scope items and plan signs", async () => {
    const c = await loadCorpus(f.corpusDir, f.root);
    expect(c.scope.domains.map((d) => d.id)).toEqual(["tax"]);
    expect(c.scope.levels.national.programmes).toEqual([]);
  });

  it("rejects an unknown key at its line", async () => {
    await f.write("scope.yaml", FIXTURE_SCOPE.replace("    handler: 税务部门", "    handler: 税务部门\n    colour: red"));
    expect(await errorsOf()).toEqual(["corpus/scope.yaml:5: domains[0].colour: unknown key"]);
  });

  it("rejects a cue in two domains and an in-scope 专题 the plan lacks", async () => {
    await f.write(
      "scope.yaml",
      FIXTURE_SCOPE.replace("    cues: [所得税, 加计扣除, tax]", "    cues: [所得税, 加计扣除, tax]\n  - id: ip\n    name: 专利\n    handler: 知识产权部门\n    cues: [专利, 所得税]") +
        "inScope:\n  - name: 国家实验室\n    topic: 4\n    cues: [国家实验室]\n",
    );
    expect(await errorsOf()).toEqual([
      'corpus/scope.yaml:9: domains.ip: cue "所得税" is already in domain tax',
      "corpus/scope.yaml:17: inScope.国家实验室: the plan has no 专题4",
    ]);
  });

  it("is required", async () => {
    await f.write("scope.yaml", "");
    expect((await errorsOf()).some((e) => e.startsWith("corpus/scope.yaml:"))).toBe(true);
  });
});

describe("regions.yaml", () => {
  it("rejects a member that is no administrative division, at its line", async () => {
    const text = await f.read("regions.yaml");
    await f.write("regions.yaml", text.replace("members: [武汉市, 鄂州市,", "members: [武汉市, 鄂州县城,"));
    const errs = await errorsOf();
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^corpus\/regions\.yaml:\d+: groupings\.武汉都市圈: "鄂州县城" is not an administrative division$/);
  });
});

describe("sectors.yaml", () => {
  it("rejects a missing size limit, and a word listed under two fields", async () => {
    const text = await f.read("sectors.yaml");
    await f.write("sectors.yaml", text.replace("  maxEmployees: 500\n", ""));
    expect(await errorsOf()).toEqual([expect.stringMatching(/^corpus\/sectors\.yaml:\d+: sme\.maxEmployees: Required$/)]);
    await f.write("sectors.yaml", text.replace("words: [新材料,", "words: [软件, 新材料,"));
    expect(await errorsOf()).toEqual([expect.stringMatching(/^corpus\/sectors\.yaml:\d+: tech\.新材料: "软件" is already listed under 电子信息$/)]);
  });
});

describe("glossary.en.yaml", () => {
  it("is optional; its terms must be the plan's and its renderings lowercase, few and unique", async () => {
    expect(await errorsOf()).toEqual([]);
    await f.write("glossary.en.yaml", "孵化器: [Incubator]\n众创空间: [a, b, c, d]\n");
    expect(await errorsOf()).toEqual([
      "corpus/glossary.en.yaml:1: 孵化器[0]: must be lowercase English",
      "corpus/glossary.en.yaml:2: 众创空间: at most 3 renderings",
    ]);
    await f.write("glossary.en.yaml", "科技金融计划: [tech finance programme]\n量子计算: [quantum computing]\n科技贷款: [tech finance programme]\n");
    expect(await errorsOf()).toEqual([
      "corpus/glossary.en.yaml:2: 量子计算: not a term of the plan or a topic card",
      'corpus/glossary.en.yaml:3: 科技贷款: "tech finance programme" is already the rendering of 科技金融计划',
    ]);
  });
});
