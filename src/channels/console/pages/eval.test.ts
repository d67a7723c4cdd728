// The 评测 page through the real server stack: datasets with validation, a run as a background job to
// completion (report files, per-kind numbers, the Excel export), one run at a time, roles, and the
// Excel import (good, bad, non-xlsx, path-like names, overwrite), with a browser-style form upload.
import { rawSqlite } from "../../../ops/sql/sqlite-sql.js";
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDatasets } from "../../../eval/dataset.js";
import type { EvalReport } from "../../../eval/report.js";
import { startConsoleServer, type ConsoleClient, type ConsoleServer } from "../testing/console-server.js";

let s: ConsoleServer;
let evalDir: string;
beforeAll(async () => {
  s = await startConsoleServer();
  evalDir = path.join(s.dataDir, "eval");
  fs.mkdirSync(evalDir, { recursive: true });
}, 120_000);
afterAll(async () => s?.cleanup());

const TINY = [
  { id: "tiny-1", kind: "topic", q: "=1+1 青年教师想自己选题做前沿研究，市里有项目能报吗", topics: [2], refuse: false },
  { id: "tiny-2", kind: "topic", q: "重点高校开展基础研究特区试点 是哪个专题", topics: [1], refuse: false },
  { id: "tiny-3", kind: "out_of_scope", q: "最近买哪只股票好？推荐几只科技股", topics: [], refuse: true },
  { id: "tiny-4", kind: "out_of_scope", q: "武汉三日游怎么安排比较好", topics: [], refuse: true },
  { id: "tiny-5", kind: "topic", q: "这个答案的专题故意写错", topics: [19], refuse: false },
];
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

async function waitForJob(client: ConsoleClient, id: string) {
  for (let i = 0; i < 600; i++) {
    const res = await client.get(`/console/eval/jobs/${id}`, { accept: "application/json" });
    const { job } = res.json<{ job: { state: string; result?: { id: string }; error?: string } }>();
    if (job.state !== "running") return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("eval job did not finish");
}

function multipart(fields: Record<string, string>, file?: { filename: string; bytes: Buffer }) {
  const boundary = "----kjzs-test-boundary";
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`));
    parts.push(file.bytes, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads like the page's form: the CSRF token as the first field (or as a header, as scripts do). */
function upload(client: ConsoleClient, fields: Record<string, string>, file?: { filename: string; bytes: Buffer }, opts: { csrf?: "field" | "header" | "none"; json?: boolean } = {}): Promise<LightMyRequestResponse> {
  const how = opts.csrf ?? "field";
  const body = multipart(how === "field" ? { _csrf: client.csrf, ...fields } : fields, file);
  return s.app.inject({
    method: "POST",
    url: "/console/eval/import",
    headers: {
      cookie: client.cookie,
      "content-type": body.contentType,
      ...(how === "header" && { "x-csrf-token": client.csrf }),
      ...(opts.json && { accept: "application/json" }),
    },
    payload: body.payload,
  });
}

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("用例");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("评测 datasets", () => {
  it("lists project and data-folder datasets with case counts, and shows errors as 文件:行：说明 in Chinese", async () => {
    fs.writeFileSync(path.join(evalDir, "tiny.jsonl"), jsonl(TINY));
    fs.writeFileSync(path.join(evalDir, "broken.jsonl"), jsonl([{ id: "b1", kind: "topic", q: "科技贷款", topics: [99] }, { id: "b2", kind: "chat", q: "你好" }]));
    const page = await s.viewer.get("/console/eval");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("eval/questions.jsonl");
    expect(page.body).toContain("有基线");
    expect(page.body).toContain("数据目录/eval/tiny.jsonl");
    expect(page.body).toContain("数据目录/eval/broken.jsonl:1：专题 99 不在方案中（方案有专题 1–19）");
    expect(page.body).toContain("数据目录/eval/broken.jsonl:2：类型 &quot;chat&quot; 无法识别");
    // Viewers see everything but get no run or import forms.
    expect(page.body).not.toContain('action="/console/eval/run"');
    expect(page.body).not.toContain('action="/console/eval/import"');
    const editorPage = await s.editor.get("/console/eval");
    expect(editorPage.body).toContain('name="dataset" value="data:tiny.jsonl"');
    expect(editorPage.body).not.toContain('value="data:broken.jsonl"');
  });

  it("refuses to run an invalid or unknown dataset, and a 只读 account", async () => {
    const broken = await s.editor.post("/console/eval/run", { dataset: "data:broken.jsonl" });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain("broken.jsonl:1：专题 99 不在方案中");
    expect((await s.editor.post("/console/eval/run", { dataset: "data:../../etc/passwd.jsonl" }, { json: true })).statusCode).toBe(400);
    const viewer = await s.viewer.post("/console/eval/run", { dataset: "data:tiny.jsonl" });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.body).toContain("编辑");
    expect(fs.existsSync(path.join(s.dataDir, "eval-runs"))).toBe(false);
  });
});

describe("an eval run", () => {
  let runId: string;

  it("runs the baselined dataset in the background, one run at a time, and compares it with eval/baseline.json", async () => {
    const start = await s.editor.post("/console/eval/run", { dataset: "project:questions.jsonl" }, { json: true });
    expect(start.statusCode).toBe(200);
    const { job: jobId } = start.json<{ job: string }>();
    const second = await s.admin.post("/console/eval/run", { dataset: "data:tiny.jsonl" }, { json: true });
    expect(second.statusCode).toBe(409);
    expect(second.json<{ error: { message: string } }>().error.message).toMatch(/已有一个评测正在运行（评测 eval\/questions\.jsonl（262 条），editor1 于 .* 开始），同一时间只能运行一个/);
    const running = await s.viewer.get("/console/eval");
    expect(running.body).toContain('<meta http-equiv="refresh" content="2">');
    expect(running.body).toMatch(/<progress max="100" value="\d+">/);
    // The server keeps answering visitors while the run goes on.
    expect((await s.app.inject({ method: "POST", url: "/api/ask", payload: { question: "科技贷款能贴息吗" } })).statusCode).toBe(200);

    const job = await waitForJob(s.editor, jobId);
    expect(job.state).toBe("done");
    const page = await s.viewer.get(`/console/eval/runs/${job.result!.id}`);
    expect(page.body).toContain("与基线 eval/baseline.json 对比");
    expect(page.body).toContain('id="deltas"');
    expect(page.body).toContain("翻转的用例");
    const json = await s.viewer.get(`/console/eval/runs/${job.result!.id}`, { accept: "application/json" });
    const { comparison } = json.json<{ comparison: { deltas: { metric: string }[]; flips: unknown[] } }>();
    expect(comparison.deltas.map((d) => d.metric)).toContain("passRate");
  }, 300_000);

  it("runs a small data-folder dataset to report.json + report.html and shows its per-kind results", async () => {
    const start = await s.editor.post("/console/eval/run", { dataset: "data:tiny.jsonl" }, { json: true });
    expect(start.statusCode).toBe(200);
    const { job: jobId } = start.json<{ job: string }>();
    const job = await waitForJob(s.editor, jobId);
    expect(job.state).toBe("done");
    runId = job.result!.id;
    const dir = path.join(s.dataDir, "eval-runs", runId);
    const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")) as EvalReport;
    expect(report.cases.map((c) => c.id)).toEqual(TINY.map((c) => c.id));
    expect(report.datasets).toEqual([path.join(evalDir, "tiny.jsonl")]);
    expect(report.summary.citations.idCheck).toBe("corpus");
    const t5 = report.cases.find((c) => c.id === "tiny-5")!;
    expect(t5.pass).toBe(false);
    expect(report.summary.byKind.out_of_scope).toEqual({ cases: 2, passed: report.cases.filter((c) => c.kind === "out_of_scope" && c.pass).length, rate: expect.any(Number) });
    expect(report.summary.byKind.topic?.cases).toBe(3);
    expect(fs.readFileSync(path.join(dir, "report.html"), "utf8")).toContain("评测报告");
    // The run wrote nothing to the message log.
    expect(rawSqlite(s.runtime.db).prepare("SELECT count(*) AS n FROM messages WHERE question LIKE '%三日游%'").get()).toEqual({ n: 0 });
    expect((await s.runtime.ops.console.audit.list(5)).some((e) => e.action === "运行评测" && e.username === "editor1")).toBe(true);

    // The page now shows the results: per-kind pass rates, no comparison for a set without baseline, the framed report.
    const done = await s.viewer.get("/console/eval");
    expect(done.body).not.toContain('http-equiv="refresh"');
    const topic = report.summary.byKind.topic!;
    expect(done.body).toContain(`<tr data-kind="topic"><td>找专题</td><td class="num">3</td><td class="num">${topic.passed}</td>`);
    expect(done.body).toContain("超出范围");
    expect(done.body).toContain("这个评测集没有基线");
    expect(done.body).toContain(`<iframe class="report" src="/console/eval/runs/${runId}/report.html"`);
    expect(done.body).toContain(`href="/console/eval/runs/${runId}"`); // in the past runs
  }, 120_000);

  it("serves the report for the frame with its own CSP, and the run page", async () => {
    const res = await s.viewer.get(`/console/eval/runs/${runId}/report.html`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'self'");
    expect(res.headers["content-security-policy"]).toContain("style-src 'unsafe-inline'");
    expect(res.headers["content-security-policy"]).not.toContain("script-src");
    expect(res.body).toContain("tiny-5");
    const run = await s.viewer.get(`/console/eval/runs/${runId}`);
    expect(run.statusCode).toBe(200);
    expect(run.body).toContain("各类用例通过率");
    expect((await s.viewer.get("/console/eval/runs/..%2F..%2Fetc")).statusCode).toBe(404);
    expect((await s.viewer.get("/console/eval/runs/2020-01-01T00-00-00-000Z/report.html")).statusCode).toBe(404);
  });

  it("exports one row per case to Excel, a formula-looking question kept as text", async () => {
    const res = await s.viewer.get(`/console/eval/runs/${runId}/results.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(TINY.length + 1);
    expect(ws.getRow(1).getCell(1).value).toBe("编号");
    expect(ws.getRow(1).font?.bold).toBe(true);
    const first = ws.getRow(2);
    expect(first.getCell(1).value).toBe("tiny-1");
    expect(first.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(3).value).toBe(TINY[0].q);
    const last = ws.getRow(6);
    expect(last.getCell(10).value).toBe("否");
    expect(String(last.getCell(11).value)).toContain("expected top-1 in [19]");
  });
});

describe("import from Excel", () => {
  const good = () =>
    workbook([
      ["问题", "期望专题", "期望判断", "应拒答"],
      ["科技贷款能贴息吗", "14", "", "否"],
      ["我们是科小，有科技贷款，能申请贴息吗", "专题14", "符合", ""],
      ["最近买哪只股票好", "", "", "是"],
    ]);

  it("imports a good workbook into DATA_DIR/eval, audited, and the page lists it", async () => {
    const res = await upload(s.editor, { name: "春季抽查" }, { filename: "spring.xlsx", bytes: await good() });
    expect(res.statusCode).toBe(303);
    expect(decodeURIComponent(res.headers.location as string)).toContain("已从「spring.xlsx」导入 3 条用例");
    const file = path.join(evalDir, "春季抽查.jsonl");
    const cases = loadDatasets([file], s.config.ROOT_DIR, new Set(Array.from({ length: 19 }, (_, i) => i + 1)));
    expect(cases.map((c) => [c.kind, c.topics, c.verdict, c.refuse])).toEqual([
      ["topic", [14], undefined, false],
      ["eligibility", [14], "eligible", undefined],
      ["out_of_scope", undefined, undefined, true],
    ]);
    expect((await s.runtime.ops.console.audit.list(1))[0]).toMatchObject({ username: "editor1", action: "导入评测用例", detail: { 文件: "数据目录/eval/春季抽查.jsonl", 用例数: 3 } });
    expect((await s.viewer.get("/console/eval")).body).toContain("数据目录/eval/春季抽查.jsonl");
  });

  it("accepts the token as a header too, and takes the name from the file when none is given", async () => {
    const res = await upload(s.admin, {}, { filename: "秋季 抽查(2).xlsx", bytes: await good() }, { csrf: "header", json: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, dataset: "data:秋季-抽查-2.jsonl", cases: 3 });
    expect(fs.existsSync(path.join(evalDir, "秋季-抽查-2.jsonl"))).toBe(true);
  });

  it("does not overwrite a dataset unless asked", async () => {
    const again = await upload(s.editor, { name: "春季抽查" }, { filename: "spring.xlsx", bytes: await good() });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("覆盖同名评测集");
    const ok = await upload(s.editor, { name: "春季抽查", confirm: "1" }, { filename: "spring.xlsx", bytes: await good() });
    expect(ok.statusCode).toBe(303);
  });

  it("reports every bad row as 第N行 and writes nothing", async () => {
    const bytes = await workbook([
      ["问题", "期望专题", "期望判断", "应拒答"],
      ["科技贷款能贴息吗", "14", "", ""],
      ["不存在的专题", "99", "", ""],
      ["判断乱写", "14", "差不多", ""],
      ["", "14", "", ""],
    ]);
    const before = fs.readdirSync(evalDir).sort();
    const res = await upload(s.editor, { name: "bad-set" }, { filename: "bad.xlsx", bytes }, { json: true });
    expect(res.statusCode).toBe(400);
    const message = res.json<{ error: { message: string } }>().error.message;
    expect(message).toContain("没有写入任何文件");
    expect(message).toContain("第3行：「期望专题」99 不是方案中的专题");
    expect(message).toContain("第4行：「期望判断」「差不多」无法识别");
    expect(message).toContain("第5行：「问题」为空。");
    expect(fs.readdirSync(evalDir).sort()).toEqual(before);
  });

  it("refuses a file that is not .xlsx, a path-like name, a 只读 account and a missing token", async () => {
    const csv = await upload(s.editor, {}, { filename: "cases.csv", bytes: Buffer.from("问题,期望专题\n科技贷款,14\n") });
    expect(csv.statusCode).toBe(400);
    expect(csv.body).toContain("只接受 Excel .xlsx 文件");
    const fake = await upload(s.editor, { name: "fake" }, { filename: "fake.xlsx", bytes: Buffer.from("not a zip") }, { json: true });
    expect(fake.statusCode).toBe(400);
    expect(fake.json<{ error: { message: string } }>().error.message).toContain("不是有效的 Excel");
    for (const name of ["../escape", "..\\escape", "sub/escape"]) {
      const res = await upload(s.editor, { name }, { filename: "ok.xlsx", bytes: await good() });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain("不能包含路径");
    }
    // A path in the uploaded file's own name is cut to the base name by the multipart parser: it lands in eval/.
    const traversal = await upload(s.editor, {}, { filename: "../../escape.xlsx", bytes: await good() });
    expect(traversal.statusCode).toBe(303);
    expect(fs.existsSync(path.join(s.dataDir, "escape.jsonl"))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(s.dataDir), "escape.jsonl"))).toBe(false);
    expect(fs.existsSync(path.join(evalDir, "escape.jsonl"))).toBe(true);
    const viewer = await upload(s.viewer, { name: "viewer-set" }, { filename: "v.xlsx", bytes: await good() });
    expect(viewer.statusCode).toBe(403);
    const noToken = await upload(s.editor, { name: "no-token" }, { filename: "n.xlsx", bytes: await good() }, { csrf: "none" });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain("CSRF");
    expect(fs.existsSync(path.join(evalDir, "viewer-set.jsonl"))).toBe(false);
    expect(fs.existsSync(path.join(evalDir, "no-token.jsonl"))).toBe(false);
  });

  it("offers a template with the import columns and an example row", async () => {
    const res = await s.viewer.get("/console/eval/template.xlsx");
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    expect([1, 2, 3, 4].map((c) => ws.getRow(1).getCell(c).value)).toEqual(["问题", "期望专题", "期望判断", "应拒答"]);
    expect(ws.getRow(2).getCell(1).value).toEqual(expect.any(String));
  });
});
