// The 知识库 page end to end on the production server stack over a temporary copy of the corpus: a staff member
// edits card 14 in the browser, previews the diff, the validation and the answer before/after, publishes it and sees
// the answer change; a broken card cannot be published; a change that fails the regression gate is undone; a rollback
// serves the previous answers at once; a Word guideline is uploaded, detected, published and answered from.
import { existsSync } from "node:fs";
import { readFile, readdir, rm, symlink, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../../config.js";
import { docx14, makeGuidelineCorpus, scannedPdf, type GuidelineCorpus } from "../../../corpus/testing/guideline-corpus.js";
import { startConsoleServer, type ConsoleClient, type ConsoleServer } from "../testing/console-server.js";

const CARD = "14-keji-jinrong.md";
const SECTION_LINE = "贷款利息及保费补助、有限风险补偿。";
/** Added to card 14's 支持方式 by the edit that is published. */
const PHRASE = "申报前可先到科技金融服务专窗咨询办理流程。";
/** Added by the edit the regression gate refuses (an eval case forbids it). */
const GATE_PHRASE = "本条为门禁测试专用语句。";
const QUESTION = "科技金融计划的支持方式是什么？";
const UPLOAD_LIMIT = 64 * 1024;

let g: GuidelineCorpus;
let s: ConsoleServer;
let cardFile: string;
let original: string;

beforeAll(async () => {
  g = await makeGuidelineCorpus({ documents: false });
  cardFile = path.join(g.corpusDir, "topics", CARD);
  original = await readFile(cardFile, "utf8");
  // The real eval set, with two cases in front (so the gate subset includes them): one forbids GATE_PHRASE, one
  // needs PHRASE — it fails before the publish and passes after, a flip the comparison must list.
  const real = await readFile(path.join(ROOT_DIR, "eval", "questions.jsonl"), "utf8");
  const evalFile = path.join(g.root, "questions.jsonl");
  const extra = [
    { id: "x-gate", kind: "topic", q: QUESTION, topics: [14], must_not_re: GATE_PHRASE, refuse: false },
    { id: "x-flip", kind: "topic", q: QUESTION, topics: [14], must: [PHRASE], refuse: false },
  ];
  await writeFile(evalFile, extra.map((c) => JSON.stringify(c)).join("\n") + "\n" + real);
  s = await startConsoleServer(
    { CORPUS_DIR: g.corpusDir, REINDEX_EVAL_FILE: evalFile, CONSOLE_UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT) },
    path.join(g.root, "data"),
  );
}, 120_000);
afterAll(async () => {
  await s?.runtime.ops.reindex.idle();
  await s?.cleanup();
  await g?.cleanup();
});

const draftIdOf = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  const m = /\/console\/knowledge\/drafts\/([0-9a-f]{16})/.exec(String(res.headers.location));
  expect(m, String(res.headers.location)).toBeTruthy();
  return m![1];
};

async function saveCard(client: ConsoleClient, content: string, file = CARD) {
  return client.post(`/console/knowledge/cards/${encodeURIComponent(file)}`, { content });
}

/** What the overview's 试问 answers now (the serving pipeline), as the page shows it. */
async function askOverview(question: string): Promise<string> {
  const res = await s.viewer.get(`/console/knowledge?q=${encodeURIComponent(question)}`);
  expect(res.statusCode).toBe(200);
  const m = /<div class="answer">([\s\S]*?)<\/div>/.exec(res.body);
  expect(m, "an answer on the page").toBeTruthy();
  return res.body.slice(m!.index);
}

async function publish(client: ConsoleClient, draftId: string): Promise<{ id: string; page: string; result: { ok: boolean; stage?: string } }> {
  const res = await client.post(`/console/knowledge/drafts/${draftId}/publish`);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  const id = /\/console\/knowledge\/jobs\/([0-9a-f]+)/.exec(String(res.headers.location))![1];
  const started = await client.get(`/console/knowledge/jobs/${id}`);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const job = (await client.get(`/console/knowledge/jobs/${id}`, { accept: "application/json" })).json<{ state: string; result: { ok: boolean; stage?: string } }>();
    if (job.state !== "running") {
      expect(job.state).toBe("done");
      const page = await client.get(`/console/knowledge/jobs/${id}`);
      expect(page.body).not.toContain('http-equiv="refresh"');
      return { id, page: page.body, result: job.result };
    }
    // While it runs the page refreshes itself.
    expect(started.body).toContain('<meta http-equiv="refresh" content="2">');
    if (Date.now() > deadline) throw new Error("publish did not finish");
    await new Promise((r) => setTimeout(r, 100));
  }
}

function multipart(fields: Record<string, string>, file?: { name: string; content: Uint8Array }) {
  const boundary = `----kjzs${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.from(file.content), Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

const upload = (client: ConsoleClient, name: string, content: Uint8Array) => {
  const body = multipart({ _csrf: client.csrf }, { name, content });
  return s.app.inject({ method: "POST", url: "/console/knowledge/guidelines", headers: { cookie: client.cookie, ...body.headers }, payload: body.payload });
};

describe("知识库 overview", () => {
  it("lists the cards, the plan, the knowledge files, the validation and the serving index; forms only for editors", async () => {
    const res = await s.viewer.get("/console/knowledge");
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain("科技金融计划");
    expect(body).toContain(`corpus/topics/${CARD}`);
    expect(body).toContain("corpus/plan/plan.md");
    expect(body).toContain("corpus/vocabulary.yaml");
    expect(body).toContain("校验通过");
    expect(body).toContain(s.runtime.ops.console.serving().indexInfo().corpusHash.slice(0, 16));
    expect(body).not.toContain('action="/console/knowledge/guidelines"');
    expect(body).toContain("还没有在后台发布过");
    const editor = await s.editor.get("/console/knowledge");
    expect(editor.body).toContain('action="/console/knowledge/guidelines"');
    expect(editor.body).toContain(`href="/console/knowledge/cards/${CARD}">编辑`);
  });

  it("answers a 试问 from the serving pipeline without logging it", async () => {
    const before = (await s.runtime.ops.stats(1)).questions;
    const shown = await askOverview(QUESTION);
    expect(shown).toContain("贷款利息及保费补助");
    expect(shown).toContain("corpus/");
    await s.runtime.ops.console.flushMessages();
    expect((await s.runtime.ops.stats(1)).questions).toBe(before);
  });
});

describe("editing a card", () => {
  it("refuses every path outside corpus/topics/*.md: traversal, encoded traversal, absolute paths, symlinks", async () => {
    for (const url of [
      "/console/knowledge/cards/..%2F..%2Fpackage.json",
      "/console/knowledge/cards/%2e%2e%2f%2e%2e%2fpackage.json",
      "/console/knowledge/cards/%2e%2e",
      "/console/knowledge/cards/%2Fetc%2Fpasswd",
      "/console/knowledge/cards/..%2Fplan%2Fplan.md",
      "/console/knowledge/cards/../../package.json",
    ]) {
      const res = await s.editor.get(url);
      expect([400, 404], url).toContain(res.statusCode);
      expect(res.body).not.toContain("keji-jihua-assistant");
    }
    const link = path.join(g.corpusDir, "topics", "99-link.md");
    await symlink(path.join(ROOT_DIR, "package.json"), link);
    try {
      const res = await s.editor.get("/console/knowledge/cards/99-link.md");
      expect(res.statusCode).toBe(400);
      expect(res.body).not.toContain("keji-jihua-assistant");
      const save = await saveCard(s.editor, "x", "99-link.md");
      expect(save.statusCode).toBe(400);
      expect(await readFile(path.join(ROOT_DIR, "package.json"), "utf8")).toContain("keji-jihua-assistant");
      const traversal = await s.editor.post("/console/knowledge/cards/..%2F..%2Fpackage.json", { content: "x" });
      expect(traversal.statusCode).toBe(400);
    } finally {
      await unlink(link);
    }
  });

  it("shows the card in a textarea: editable for 编辑, read-only for 只读", async () => {
    const edit = await s.editor.get(`/console/knowledge/cards/${CARD}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('<textarea id="content" name="content"');
    expect(edit.body).toContain("# 专题14：科技金融计划");
    const view = await s.viewer.get(`/console/knowledge/cards/${CARD}`);
    expect(view.body).toContain("readonly");
    expect(view.body).not.toContain(`action="/console/knowledge/cards/`);
  });

  it("a broken card becomes a draft whose preview names file:line in Chinese, and it cannot be published", async () => {
    const broken = original.replace("ask: 贵单位目前是否有科技贷款（或正在申请）？\n---", "ask: 贵单位目前是否有科技贷款（或正在申请）？\n");
    const id = draftIdOf(await saveCard(s.editor, broken.replace(/\n/g, "\r\n"))); // as a browser sends a textarea
    expect(existsSync(path.join(g.root, "data", "console", "drafts", `${id}.json`))).toBe(true);
    const preview = await s.editor.get(`/console/knowledge/drafts/${id}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain(`corpus/topics/${CARD}:1：开头的属性区没有结束`);
    expect(preview.body).toContain("不能发布");
    expect(preview.body).not.toContain(`/console/knowledge/drafts/${id}/publish`);
    const res = await s.editor.post(`/console/knowledge/drafts/${id}/publish`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("不能发布");
    expect(await readFile(cardFile, "utf8")).toBe(original);
    // A viewer cannot publish it, delete it, save a card, upload or roll back.
    const viewer = [
      await s.viewer.post(`/console/knowledge/drafts/${id}/publish`),
      await s.viewer.post(`/console/knowledge/drafts/${id}/delete`),
      await saveCard(s.viewer, original + "\n"),
      await upload(s.viewer, "x.docx", await docx14()),
      await s.viewer.post("/console/knowledge/rollback"),
    ];
    for (const r of viewer) expect(r.statusCode).toBe(403);
    expect((await readdir(path.join(g.root, "data", "console", "drafts"))).filter((f) => f.endsWith(".json"))).toHaveLength(1);
    expect(await s.editor.post(`/console/knowledge/drafts/${id}/delete`)).toMatchObject({ statusCode: 303 });
  }, 60_000);

  it("edit → preview (diff, validation, answers side by side) → publish → the answer changes; rollback brings it back at once", async () => {
    const edited = original.replace(SECTION_LINE, SECTION_LINE + PHRASE);
    expect(edited).not.toBe(original);
    expect(await askOverview(QUESTION)).not.toContain(PHRASE);

    const id = draftIdOf(await saveCard(s.editor, edited));
    const preview = await s.editor.get(`/console/knowledge/drafts/${id}?q=${encodeURIComponent(QUESTION)}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("校验通过");
    expect(preview.body).toMatch(new RegExp(`<ins>\\s+35 \\+ ${SECTION_LINE}${PHRASE}补助比例`));
    expect(preview.body).toMatch(new RegExp(`<del>\\s+35\\s+- ${SECTION_LINE}补助比例`));
    const [now, after] = preview.body.split("发布此草稿后</th>")[1].split("</td>");
    expect(now).not.toContain(PHRASE);
    expect(after).toContain(PHRASE);
    expect(preview.body).toContain(`/console/knowledge/drafts/${id}/publish`);
    expect(await readFile(cardFile, "utf8")).toBe(original); // a draft is not in the corpus

    const { result, page } = await publish(s.editor, id);
    expect(result.ok).toBe(true);
    expect(page).toContain("发布成功");
    expect(page).toMatch(/新索引通过 \d+\/\d+ 题，发布前 \d+\/\d+ 题/);
    expect(page).toContain("x-flip"); // failed before (no PHRASE), passes after: listed with both answers
    expect(page).toContain(PHRASE);
    expect(await readFile(cardFile, "utf8")).toBe(edited);
    const shown = await askOverview(QUESTION);
    expect(shown).toContain(PHRASE);

    // Backed up with a manifest; audited with who and which file.
    const history = await readdir(path.join(g.root, "data", "console", "history"));
    expect(history).toHaveLength(1);
    expect(await readFile(path.join(g.root, "data", "console", "history", history[0], "files", "topics", CARD), "utf8")).toBe(original);
    const audit = await s.admin.get("/console/audit");
    expect(audit.body).toContain("发布知识库");
    expect(audit.body).toContain(`corpus/topics/${CARD}`);
    const overview = await s.editor.get("/console/knowledge");
    expect(overview.body).toContain("回滚这次发布");

    const rb = await s.editor.post("/console/knowledge/rollback");
    expect(rb.statusCode).toBe(303);
    expect(decodeURIComponent(String(rb.headers.location))).toContain(`已回滚 editor1`);
    expect(decodeURIComponent(String(rb.headers.location))).toContain(`恢复了 corpus/topics/${CARD}`);
    expect(await askOverview(QUESTION)).not.toContain(PHRASE); // at once, before the rebuild in the background
    expect(await readFile(cardFile, "utf8")).toBe(original);
    expect((await s.editor.post("/console/knowledge/rollback")).statusCode).toBe(409); // only once
    await s.runtime.ops.reindex.idle();
    expect(await askOverview(QUESTION)).not.toContain(PHRASE);
    const after2 = await s.editor.get("/console/knowledge");
    expect(after2.body).toContain("已回滚");
    expect(after2.body).not.toContain("回滚这次发布</button>");
    expect((await s.admin.get("/console/audit")).body).toContain("回滚知识库发布");
  }, 180_000);

  it("a change the regression gate refuses is undone: the file is restored exactly and the old answers keep serving", async () => {
    const hash = s.runtime.ops.console.serving().indexInfo().corpusHash;
    const before = await readFile(cardFile);
    const id = draftIdOf(await saveCard(s.editor, original.replace(SECTION_LINE, SECTION_LINE + GATE_PHRASE)));
    expect((await s.editor.get(`/console/knowledge/drafts/${id}`)).body).toContain("校验通过");
    const { result, page } = await publish(s.editor, id);
    expect(result).toMatchObject({ ok: false, stage: "regression" });
    expect(page).toContain("发布失败");
    expect(page).toContain("回归检查");
    expect(page).toContain("文件已恢复原样");
    expect(page).toMatch(/questions\.jsonl:1：x-gate/);
    expect(Buffer.compare(await readFile(cardFile), before)).toBe(0);
    expect(s.runtime.ops.console.serving().indexInfo().corpusHash).toBe(hash);
    expect(await askOverview(QUESTION)).not.toContain(GATE_PHRASE);
    expect((await s.admin.get("/console/audit")).body).toContain("发布知识库（失败）");
  }, 180_000);
});

describe("a draft against files that changed since", () => {
  it("the publish checks the corpus again: a mistake made on disk after the preview stops it; a changed card is pointed out", async () => {
    const id = draftIdOf(await saveCard(s.editor, original.replace(SECTION_LINE, SECTION_LINE + PHRASE)));
    expect((await s.editor.get(`/console/knowledge/drafts/${id}`)).body).toContain("校验通过");
    const other = path.join(g.corpusDir, "topics", "01-tequ-jihua.md");
    const otherText = await readFile(other, "utf8");
    await writeFile(other, otherText.replace(/^id: 1$/m, "idd: 1"));
    await writeFile(cardFile, original + "\n"); // edited by someone else after the draft was saved
    try {
      const preview = await s.editor.get(`/console/knowledge/drafts/${id}`);
      expect(preview.body).toContain("已被修改");
      expect(preview.body).toContain("corpus/topics/01-tequ-jihua.md:2：idd 不是卡片允许的属性名");
      const res = await s.editor.post(`/console/knowledge/drafts/${id}/publish`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain("corpus/topics/01-tequ-jihua.md:2");
      expect(await readFile(cardFile, "utf8")).toBe(original + "\n");
      const overview = await s.viewer.get("/console/knowledge");
      expect(overview.body).toContain("有错误");
      expect(overview.body).toContain("corpus/topics/01-tequ-jihua.md:2：idd 不是卡片允许的属性名");
    } finally {
      await writeFile(other, otherText);
      await writeFile(cardFile, original);
    }
    expect((await s.editor.post(`/console/knowledge/drafts/${id}/delete`)).statusCode).toBe(303);
  }, 60_000);
});

describe("uploading a guideline", () => {
  it("refuses an unsupported format with the reason, and a file over the limit with 413", async () => {
    const exe = await upload(s.editor, "setup.exe", new Uint8Array([77, 90, 1, 2]));
    expect(exe.statusCode).toBe(400);
    expect(exe.body).toContain("不支持「.exe」文件");
    const doc = await upload(s.editor, "2025年度指南.doc", new Uint8Array([1, 2, 3]));
    expect(doc.statusCode).toBe(400);
    expect(doc.body).toContain("旧版 Word 格式（.doc）");
    const big = await upload(s.editor, "big.pdf", new Uint8Array(UPLOAD_LIMIT + 1024));
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain("文件太大");
    expect(big.body).toContain("最大 64 KB");
  });

  it("a scan cannot be published: the preview says it has no text layer", async () => {
    const id = draftIdOf(await upload(s.editor, "扫描通知.pdf", await scannedPdf()));
    const preview = await s.editor.get(`/console/knowledge/drafts/${id}`);
    expect(preview.body).toContain("没有可识别的文字层");
    expect(preview.body).not.toContain(`/console/knowledge/drafts/${id}/publish`);
    expect((await s.editor.post(`/console/knowledge/drafts/${id}/publish`)).statusCode).toBe(400);
    expect(existsSync(path.join(g.corpusDir, "guidelines"))).toBe(false);
  }, 60_000);

  it("a Word guideline: preview shows what was detected → publish → its amount is answered → rollback removes it", async () => {
    const question = "科技贷款贴息最多能补多少钱？";
    expect(await askOverview(question)).toContain("方案未规定");
    const name = "2025年度科技金融计划申报指南.docx";
    const id = draftIdOf(await upload(s.editor, `C:\\fakepath\\${name}`, await docx14()));
    const preview = await s.editor.get(`/console/knowledge/drafts/${id}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain(`corpus/guidelines/${name}`);
    expect(preview.body).toContain("这是一个新文件");
    expect(preview.body).toContain("2025年度");
    expect(preview.body).toContain("专题14科技金融计划");
    expect(preview.body).toContain("第1页 表1 第1行");
    expect(preview.body).toContain("detected from the document");

    const { result, page } = await publish(s.editor, id);
    expect(result.ok, page.slice(page.indexOf("<main"), page.indexOf("<main") + 2000)).toBe(true);
    expect(existsSync(path.join(g.corpusDir, "guidelines", name))).toBe(true);
    expect(await askOverview(question)).toContain("单个企业每年最高88万元");
    const overview = await s.viewer.get("/console/knowledge");
    expect(overview.body).toContain("2025年度科技金融计划申报指南（测试样例）");
    expect(overview.body).toContain("现行");

    // The same name again says it replaces the file.
    const again = draftIdOf(await upload(s.editor, name, await docx14(["补充说明：测试样例。"])));
    expect((await s.editor.get(`/console/knowledge/drafts/${again}`)).body).toContain("将替换现有的同名文件");

    const rb = await s.editor.post("/console/knowledge/rollback");
    expect(rb.statusCode).toBe(303);
    expect(decodeURIComponent(String(rb.headers.location))).toContain(`删除了发布时新增的 corpus/guidelines/${name}`);
    expect(await askOverview(question)).toContain("方案未规定");
    expect(existsSync(path.join(g.corpusDir, "guidelines"))).toBe(false); // the folder the publish created, too
    await s.runtime.ops.reindex.idle();
    await rm(path.join(g.root, "data", "console", "drafts"), { recursive: true, force: true });
  }, 180_000);
});

describe("review fixes", () => {
  it("a 只读 multipart upload is refused with 403 before its body is read (even one over the size limit)", async () => {
    const big = await upload(s.viewer, "big.pdf", new Uint8Array(UPLOAD_LIMIT + 1024));
    expect(big.statusCode).toBe(403);
    expect(big.body).toContain("编辑");
    const body = multipart({ _csrf: s.viewer.csrf }, { name: "x.xlsx", content: new Uint8Array(UPLOAD_LIMIT + 1024) });
    const evalImport = await s.app.inject({ method: "POST", url: "/console/eval/import", headers: { cookie: s.viewer.cookie, ...body.headers }, payload: body.payload });
    expect(evalImport.statusCode).toBe(403);
  });

  it("an upload name with a run of dots becomes a draft whose preview loads; a draft with a bad target is a 400 page", async () => {
    const id = draftIdOf(await upload(s.editor, "2025年度..科技金融计划申报指南.docx", await docx14()));
    const preview = await s.editor.get(`/console/knowledge/drafts/${id}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("corpus/guidelines/2025年度.科技金融计划申报指南.docx");
    // A draft written before the fix (its target with ".."): refused in words, not a 500.
    const dir = path.join(g.root, "data", "console", "drafts");
    const old = "fedcba9876543210";
    const draft = JSON.parse(await readFile(path.join(dir, `${id}.json`), "utf8")) as { target: string };
    await writeFile(path.join(dir, `${old}.data`), await readFile(path.join(dir, `${id}.data`)));
    await writeFile(path.join(dir, `${old}.json`), JSON.stringify({ ...draft, id: old, target: "guidelines/2025年度..指南.docx" }));
    const bad = await s.editor.get(`/console/knowledge/drafts/${old}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("不在可编辑的位置");
    expect((await s.editor.post(`/console/knowledge/drafts/${old}/publish`)).statusCode).toBe(400);
    for (const d of [id, old]) expect((await s.editor.post(`/console/knowledge/drafts/${d}/delete`)).statusCode).toBe(303);
  }, 60_000);

  it("the draft comparison (a draft index, the LLM) is for 编辑 and up; the serving 试问 is limited per account", async () => {
    const id = draftIdOf(await saveCard(s.editor, original.replace(SECTION_LINE, SECTION_LINE + PHRASE)));
    const viewer = await s.viewer.get(`/console/knowledge/drafts/${id}?q=${encodeURIComponent(QUESTION)}`);
    expect(viewer.statusCode).toBe(200);
    expect(viewer.body).toContain("校验通过");
    expect(viewer.body).not.toContain("发布此草稿后</th>");
    expect(viewer.body).toContain("对比发布前后的回答需要「编辑」或更高权限");
    expect((await s.editor.get(`/console/knowledge/drafts/${id}?q=${encodeURIComponent(QUESTION)}`)).body).toContain("发布此草稿后</th>");
    expect((await s.editor.post(`/console/knowledge/drafts/${id}/delete`)).statusCode).toBe(303);

    const staff = s.runtime.ops.console.staff;
    if (!await staff.byUsername("viewer9")) await staff.add({ username: "viewer9", role: "viewer", password: "correct horse battery", displayName: "限流测试" });
    const v9 = await s.login("viewer9");
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await v9.get(`/console/knowledge?q=${encodeURIComponent(QUESTION)}`)).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 200)).toBe(true);
    const limited = await v9.get(`/console/knowledge?q=${encodeURIComponent(QUESTION)}`);
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain("试问太频繁");
    expect((await v9.get("/console/knowledge")).statusCode).toBe(200); // the page itself is not limited
  }, 120_000);

  it("a card changed on disk since the draft was made is published only with 仍然发布（覆盖他人的改动）", async () => {
    const edited = original.replace(SECTION_LINE, SECTION_LINE + PHRASE);
    const id = draftIdOf(await saveCard(s.editor, edited));
    const theirs = original + "\n";
    await writeFile(cardFile, theirs);
    try {
      const preview = await s.editor.get(`/console/knowledge/drafts/${id}`);
      expect(preview.body).toContain("已被修改");
      expect(preview.body).toContain('name="overwrite"');
      expect(preview.body).toContain("仍然发布（覆盖他人的改动）");
      const refused = await s.editor.post(`/console/knowledge/drafts/${id}/publish`);
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain("仍然发布（覆盖他人的改动）");
      expect(await readFile(cardFile, "utf8")).toBe(theirs);

      const res = await s.editor.post(`/console/knowledge/drafts/${id}/publish`, { overwrite: "1" });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
      const job = /\/console\/knowledge\/jobs\/([0-9a-f]+)/.exec(String(res.headers.location))![1];
      const deadline = Date.now() + 90_000;
      let state: { state: string; result?: { ok: boolean } };
      for (;;) {
        state = (await s.editor.get(`/console/knowledge/jobs/${job}`, { accept: "application/json" })).json();
        if (state.state !== "running" || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toMatchObject({ state: "done", result: { ok: true } });
      expect(await readFile(cardFile, "utf8")).toBe(edited);
      expect((await s.editor.post("/console/knowledge/rollback")).statusCode).toBe(303);
      expect(await readFile(cardFile, "utf8")).toBe(theirs);
      await s.runtime.ops.reindex.idle();
    } finally {
      await writeFile(cardFile, original);
    }
  }, 180_000);
});
