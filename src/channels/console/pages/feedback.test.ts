// The 反馈 page through the real server stack: rated answers from the public API, labels by 编辑 (not
// 只读), the eval candidate set they produce (loadable, runnable by `npm run eval` and by the console),
// relabelling, unlabelling.
import { rawSqlite } from "../../../ops/sql/sqlite-sql.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult } from "../../../core/types.js";
import { runEval } from "../../../eval/cli-main.js";
import { loadDatasets } from "../../../eval/dataset.js";
import { makeObservedAssistant } from "../../../eval/observed-assistant.js";
import type { EvalReport } from "../../../eval/report.js";
import { feedbackCaseId } from "../../../ops/console/feedback-labels.js";
import { startConsoleServer, type ConsoleServer } from "../testing/console-server.js";

let s: ConsoleServer;
let casesFile: string;
const topicIds = new Set(Array.from({ length: 19 }, (_, i) => i + 1));
type Logged = AnswerResult & { messageId: string };
const ids = {} as Record<"down" | "down2" | "up", Logged>;

const ask = async (question: string): Promise<Logged> => {
  const res = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question } });
  expect(res.statusCode).toBe(200);
  const answer = res.json<AnswerResult>();
  if (!answer.messageId) throw new Error("the answer has no messageId");
  return { ...answer, messageId: answer.messageId };
};
const rate = async (messageId: string, rating: "up" | "down", comment?: string) => {
  const res = await s.app.inject({ method: "POST", url: "/api/feedback", payload: { messageId, rating, ...(comment && { comment }) } });
  expect(res.statusCode).toBe(200);
};
const labelRows = () => rawSqlite(s.runtime.db).prepare("SELECT * FROM feedback_labels ORDER BY message_id").all() as Record<string, unknown>[];

beforeAll(async () => {
  s = await startConsoleServer();
  casesFile = path.join(s.dataDir, "eval", "feedback-cases.jsonl");
  ids.down = await ask("科技型中小企业的贷款利息能补贴吗");
  await rate(ids.down.messageId, "down", "应该推荐科技金融，<b>回答</b>太笼统");
  ids.down2 = await ask("帮我订一张去北京的机票");
  await rate(ids.down2.messageId, "down");
  ids.up = await ask("高校想做基础研究，有什么计划");
  await rate(ids.up.messageId, "up", "很好");
}, 120_000);
afterAll(async () => s?.cleanup());

describe("反馈 list", () => {
  it("shows downvotes with comment, question, answer, 专题 and a link to the conversation; 👍 only on request", async () => {
    const page = await s.viewer.get("/console/feedback");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("科技型中小企业的贷款利息能补贴吗");
    expect(page.body).toContain("应该推荐科技金融，&lt;b&gt;回答&lt;/b&gt;太笼统"); // escaped, never markup
    expect(page.body).toContain("帮我订一张去北京的机票");
    expect(page.body).not.toContain("高校想做基础研究，有什么计划");
    const { session_id } = rawSqlite(s.runtime.db).prepare("SELECT session_id FROM messages WHERE id = ?").get(ids.down.messageId) as { session_id: string };
    expect(page.body).toContain(`href="/console/conversations/${encodeURIComponent(session_id)}"`);
    expect(page.body).toContain("<details><summary>助手的回答</summary>");
    expect(page.body).toContain(`助手给出的专题：${ids.down.topics.length ? ids.down.topics[0].id : "无"}`);
    // 只读: no label forms.
    expect(page.body).not.toContain('action="/console/feedback/label"');
    const up = await s.viewer.get("/console/feedback?rating=up");
    expect(up.body).toContain("高校想做基础研究，有什么计划");
    expect(up.body).not.toContain("帮我订一张去北京的机票");
    const all = await s.viewer.get("/console/feedback?rating=all");
    expect(all.body).toContain("共 3 条");
    expect((await s.editor.get("/console/feedback")).body).toContain('action="/console/feedback/label"');
  });
});

describe("labelling", () => {
  it("refuses a 只读 account (403) and writes nothing", async () => {
    const res = await s.viewer.post("/console/feedback/label", { messageId: ids.down.messageId, kind: "topic", topics: ["14"], refuse: "no" });
    expect(res.statusCode).toBe(403);
    expect(labelRows()).toEqual([]);
    expect(fs.existsSync(casesFile)).toBe(false);
    expect((await s.viewer.post("/console/feedback/unlabel", { messageId: ids.down.messageId })).statusCode).toBe(403);
    expect((await s.viewer.post("/console/feedback/run")).statusCode).toBe(403);
  });

  it("saves a label, audits it and writes a valid eval candidate set", async () => {
    const res = await s.editor.post("/console/feedback/label", {
      messageId: ids.down.messageId,
      kind: "topic",
      topics: ["14", "9"],
      verdict: "",
      refuse: "no",
      note: "应首推专题14",
      back: "/console/feedback?rating=down&labelled=all",
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/console\/feedback\?rating=down&labelled=all&notice=/);
    expect(labelRows()).toMatchObject([{ message_id: ids.down.messageId, kind: "topic", topics: "[9,14]", verdict: null, refuse: 0, note: "应首推专题14", username: "editor1" }]);
    const cases = loadDatasets([casesFile], s.config.ROOT_DIR, topicIds);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ id: feedbackCaseId(ids.down.messageId), kind: "topic", turns: ["科技型中小企业的贷款利息能补贴吗"], topics: [9, 14], refuse: false });
    expect(cases[0].verdict).toBeUndefined();
    expect(cases[0].note).toContain("访客评论：应该推荐科技金融，<b>回答</b>太笼统");
    expect(cases[0].note).toContain("标注说明：应首推专题14");
    expect((await s.runtime.ops.console.audit.list(1))[0]).toMatchObject({
      username: "editor1",
      action: "标注反馈",
      detail: { 消息: ids.down.messageId, 类型: "找专题", 期望专题: "9,14", 期望判断: "不检查", 应拒答: "否" },
    });
    const page = await s.viewer.get("/console/feedback");
    expect(page.body).toContain("已标注");
    expect(page.body).toContain("已标注 <b>1</b> 条");
    const unlabelled = await s.viewer.get("/console/feedback?labelled=no");
    expect(unlabelled.body).not.toContain("科技型中小企业的贷款利息能补贴吗");
    expect(unlabelled.body).toContain("帮我订一张去北京的机票");
  });

  it("relabels in place (same case id), takes 「不应给出专题」 as topics [], and refuses bad input", async () => {
    const out = await s.admin.post("/console/feedback/label", { messageId: ids.down2.messageId, kind: "out_of_scope", topics: ["0"], refuse: "yes" }, { json: true });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toMatchObject({ ok: true, cases: 2 });
    const again = await s.editor.post("/console/feedback/label", { messageId: ids.down.messageId, kind: "eligibility", topics: ["14"], verdict: "eligible", refuse: "no" });
    expect(again.statusCode).toBe(303);
    const cases = loadDatasets([casesFile], s.config.ROOT_DIR, topicIds);
    expect(cases.map((c) => [c.id, c.kind, c.topics, c.verdict, c.refuse])).toEqual([
      [feedbackCaseId(ids.down.messageId), "eligibility", [14], "eligible", false],
      [feedbackCaseId(ids.down2.messageId), "out_of_scope", [], undefined, true],
    ]);
    const bad: [Record<string, string | string[]>, number][] = [
      [{ messageId: ids.up.messageId, kind: "topic", topics: ["99"], refuse: "no" }, 400],
      [{ messageId: ids.up.messageId, kind: "chitchat", refuse: "no" }, 400],
      [{ messageId: ids.up.messageId, kind: "topic", verdict: "maybe", refuse: "no" }, 400],
      [{ messageId: ids.up.messageId, kind: "topic", topics: ["0", "3"], refuse: "no" }, 400],
      [{ messageId: "no-such-message", kind: "topic", refuse: "no" }, 404],
    ];
    for (const [form, status] of bad) expect((await s.editor.post("/console/feedback/label", form)).statusCode).toBe(status);
    expect(labelRows()).toHaveLength(2);
  });

  it("the candidate set runs with `npm run eval -- --dataset <absolute path>` and from the page's 运行这些用例", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "kjzs-fb-eval-"));
    const errors: string[] = [];
    const cli = await runEval(["--dataset", casesFile, "--out", out], {
      config: s.config,
      makeAssistant: makeObservedAssistant,
      stdout: () => undefined,
      stderr: (t) => void errors.push(t),
      progress: { update: () => undefined, done: () => undefined },
    });
    expect(errors.join("")).not.toContain("eval: ");
    expect(cli.code).not.toBe(2);
    const cliReport = JSON.parse(fs.readFileSync(path.join(out, "report.json"), "utf8")) as EvalReport;
    expect(cliReport.cases.map((c) => c.id)).toEqual([feedbackCaseId(ids.down.messageId), feedbackCaseId(ids.down2.messageId)]);
    fs.rmSync(out, { recursive: true, force: true });

    const start = await s.editor.post("/console/feedback/run", {}, { json: true });
    expect(start.statusCode).toBe(200);
    const { job: jobId } = start.json<{ job: string }>();
    let job: { state: string; result?: { id: string; datasetLabel: string } } | undefined;
    for (let i = 0; i < 400 && job?.state !== "done" && job?.state !== "failed"; i++) {
      if (i) await new Promise((r) => setTimeout(r, 50));
      job = (await s.editor.get(`/console/eval/jobs/${jobId}`, { accept: "application/json" })).json<{ job: typeof job }>().job;
    }
    expect(job?.state).toBe("done");
    expect(job!.result!.datasetLabel).toBe("数据目录/eval/feedback-cases.jsonl");
    const report = JSON.parse(fs.readFileSync(path.join(s.dataDir, "eval-runs", job!.result!.id, "report.json"), "utf8")) as EvalReport;
    expect(report.cases.map((c) => c.id)).toEqual(cliReport.cases.map((c) => c.id));
    expect(report.cases.map((c) => c.pass)).toEqual(cliReport.cases.map((c) => c.pass));
  }, 120_000);

  it("unlabels; with no label left the candidate set is removed and nothing can be run", async () => {
    const one = await s.editor.post("/console/feedback/unlabel", { messageId: ids.down2.messageId });
    expect(one.statusCode).toBe(303);
    expect(loadDatasets([casesFile], s.config.ROOT_DIR).map((c) => c.id)).toEqual([feedbackCaseId(ids.down.messageId)]);
    expect((await s.runtime.ops.console.audit.list(1))[0]).toMatchObject({ username: "editor1", action: "删除反馈标注", detail: { 消息: ids.down2.messageId } });
    expect((await s.editor.post("/console/feedback/unlabel", { messageId: ids.down2.messageId })).statusCode).toBe(404);
    expect((await s.editor.post("/console/feedback/unlabel", { messageId: ids.down.messageId })).statusCode).toBe(303);
    expect(fs.existsSync(casesFile)).toBe(false);
    expect(labelRows()).toEqual([]);
    const run = await s.editor.post("/console/feedback/run");
    expect(run.statusCode).toBe(400);
    expect(run.body).toContain("还没有标注任何反馈");
  });
});

describe("follow-up questions", () => {
  it("a labelled follow-up keeps the questions before it as turns, and the case runs in one session", async () => {
    const first = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question: "科技金融计划支持什么" } });
    const sessionId = first.json<AnswerResult>().sessionId;
    const follow = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question: "那它怎么申报？", sessionId } });
    const messageId = follow.json<AnswerResult>().messageId!;
    await rate(messageId, "down", "没说申报时间");
    const saved = await s.editor.post("/console/feedback/label", { messageId, kind: "multi", topics: "14", verdict: "", refuse: "no", note: "" });
    expect(saved.statusCode).toBe(303);
    const line = fs
      .readFileSync(casesFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; turns?: string[]; q?: string })
      .find((c) => c.id === feedbackCaseId(messageId));
    expect(line).toMatchObject({ turns: ["科技金融计划支持什么", "那它怎么申报？"] });
    expect(line?.q).toBeUndefined();
    const loaded = loadDatasets([casesFile], os.tmpdir(), topicIds).find((c) => c.id === feedbackCaseId(messageId));
    expect(loaded?.turns).toEqual(["科技金融计划支持什么", "那它怎么申报？"]);
  });
});
