import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../config.js";
import { formatResult, parseAskArgs, runAskCli } from "./ask.js";

describe("ask CLI", () => {
  it("parses flags and the question", () => {
    expect(parseAskArgs(["--json", "孵化器", "有什么支持"])).toEqual({ json: true, explain: false, session: undefined, question: "孵化器 有什么支持" });
    expect(parseAskArgs(["--explain", "q"])).toMatchObject({ explain: true, question: "q" });
    expect(parseAskArgs(["--session", "s1", "q"])).toMatchObject({ session: "s1", question: "q" });
    expect(parseAskArgs(["--bogus"])).toHaveProperty("error");
    expect(parseAskArgs(["--session"])).toHaveProperty("error");
  });

  it("prints answer, 专题, verdict, follow-up and sources", () => {
    const text = formatResult({
      answer: "A",
      refused: false,
      topics: [{ id: 14, name: "科技金融计划", program: "科技成果转化专项", score: 0.9 }],
      citations: [{ id: "plan#1", title: "专题14", label: "专题14", source: "corpus/plan/plan.md:1-1", quote: "q" }],
      verdict: "uncertain",
      followUp: "有贷款吗？",
      sessionId: "s",
    });
    expect(text).toContain("专题: 14 科技金融计划");
    expect(text).toContain("verdict: uncertain");
    expect(text).toContain("follow-up: 有贷款吗？");
    expect(text).toContain("source: corpus/plan/plan.md:1-1");
  });
});

describe("ask CLI against the real corpus", () => {
  let dir: string;
  let config: Config;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "ask-cli-"));
    config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: "silent" });
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const run = async (argv: string[], input = "") => {
    let out = "";
    const code = await runAskCli(argv, config, { input: Readable.from([input]), write: (t) => (out += t), interactive: false });
    return { code, out };
  };

  it("--session continues a conversation across separate calls", async () => {
    const first = await run(["--session", "s1", "孵化器有什么支持"]);
    expect(first.code).toBe(0);
    expect(first.out).toContain("专题: 17");
    // A new process would build a new assistant: the conversation comes back from the database.
    const next = await run(["--session", "s1", "那它是怎么支持的？"]);
    expect(next.out).toContain("专题: 17");
    const other = await run(["--session", "s2", "那它是怎么支持的？"]);
    expect(other.out).not.toContain("专题: 17");
  });

  it("piped input answers every line, in one conversation", async () => {
    const r = await run([], "孵化器有什么支持\n\n那它是怎么支持的？\n研发费用加计扣除比例多少\n");
    expect(r.code).toBe(0);
    const answers = r.out.split("\n\n").filter((b) => b.includes("专题:") || b.includes("[refused]"));
    expect(answers.length).toBeGreaterThanOrEqual(3);
    expect(r.out).toContain("择优");
    expect(r.out).toContain("[refused]");
  });

  it("--explain prints the frame, the rules that fired and the eligibility conditions", async () => {
    const r = await run(["--explain", "我们在孝感注册的科技型中小企业，有科技贷款，能申请贴息吗"]);
    expect(r.out).toMatch(/规则：专题 ← \S+；回答 ← eligibility/);
    expect(r.out).toContain("所在地：孝感市");
    expect(r.out).toMatch(/资格判断：uncertain/);
    expect(r.out).toMatch(/\[方案未规定\] .*孝感市/);
  });
});
