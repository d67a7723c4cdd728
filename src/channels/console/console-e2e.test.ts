// Real-browser end-to-end test of the staff console: Debian chromium through playwright-core against the
// production server stack (ops runtime + app) on loopback, over a temporary copy of the corpus. A week of
// questions is asked through the public API first (with downvotes), then a staff member who never uses a
// terminal: logs in (after a wrong password), reads each page, turns three downvotes into eval cases, runs
// them, corrects a card, publishes it and sees the answer change; an 只读 account cannot publish and a
// forged cross-site form changes nothing. Screenshots go to /tmp/console-15/.
import { rawSqlite } from "../../ops/sql/sqlite-sql.js";
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../config.js";
import { startConsoleServer, TEST_PASSWORD, type ConsoleServer } from "./testing/console-server.js";

const CHROMIUM = "/usr/bin/chromium";
const OUT = path.join(tmpdir(), "console-15");
const DESKTOP = { width: 1366, height: 800 };

let s: ConsoleServer;
let corpusDir: string;
let browser: Browser;
let origin: string;
let evil: Server;
let evilOrigin: string;

const originOf = (srv: { address(): AddressInfo | string | null }) => `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;

async function ask(question: string): Promise<{ messageId: string; answer: string }> {
  const res = await fetch(`${origin}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { messageId: string; answer: string };
}

async function rate(messageId: string, rating: "up" | "down", comment?: string): Promise<void> {
  const res = await fetch(`${origin}/api/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messageId, rating, ...(comment && { comment }) }),
  });
  expect(res.status).toBe(200);
}

/** A fresh browser profile: each staff member has their own cookies. */
async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN" });
  return ctx.newPage();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

async function login(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${origin}/console/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  corpusDir = await mkdtemp(path.join(tmpdir(), "console-e2e-corpus-"));
  await cp(path.join(ROOT_DIR, "corpus"), corpusDir, { recursive: true });
  s = await startConsoleServer({ CORPUS_DIR: corpusDir, CONSOLE_LOGIN_FAIL_MAX: "5" });
  await s.app.listen({ host: "127.0.0.1", port: 0 });
  origin = originOf(s.app.server);
  // Another site that tries to make a logged-in staff member's browser change something.
  evil = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><body><form id="f" method="post" action="${origin}/console/users">
<input name="username" value="intruder"><input name="role" value="admin"><input name="password" value="intruder password">
</form><script>document.getElementById("f").submit()</script></body></html>`);
  });
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  evilOrigin = originOf(evil);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (evil ? evil.close(resolve) : resolve(undefined)));
  await s?.cleanup();
  if (corpusDir) await rm(corpusDir, { recursive: true, force: true });
});

describe("staff console in Chromium", () => {
  it("refuses a wrong password, then logs in and shows every page", async () => {
    const page = await newPage();
    await login(page, "admin1", "not my password");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("用户名或密码不正确");
    await shot(page, "01-wrong-password");
    await login(page, "admin1");
    await page.waitForURL(`${origin}/console`);
    for (const [i, name] of ["概览", "对话记录", "反馈", "未解决的问题", "知识库", "评测", "审计日志", "账户"].entries()) {
      await page.getByRole("navigation").getByRole("link", { name, exact: true }).click();
      await expect.poll(() => page.locator("h1").textContent()).toContain(name);
      const status = await page.evaluate(() => document.title);
      expect(status).toContain(name);
      await shot(page, `02-page-${i + 1}-${name}`);
    }
    await page.context().close();
  }, 120_000);

  it("a cross-site form changes nothing, even while staff are logged in", async () => {
    const page = await newPage();
    await login(page, "admin1");
    await page.waitForURL(`${origin}/console`);
    const response = page.waitForResponse((r) => r.url() === `${origin}/console/users`);
    await page.goto(evilOrigin);
    expect((await response).status()).toBeGreaterThanOrEqual(400);
    expect(await s.runtime.ops.console.staff.byUsername("intruder")).toBeUndefined();
    await shot(page, "03-csrf-attempt");
    await page.context().close();
  }, 60_000);

  it("a week's questions → three downvotes become eval cases → the eval runs → a corrected card is published → the answer changes", async () => {
    // A week of visitors: questions asked through the public API, spread over the last seven days, three downvoted.
    const questions = [
      "科技金融计划的支持方式是什么？",
      "我们是科技型中小企业，贷款利息能补吗",
      "高校能申报哪个专题",
      "新型研发机构怎么申报",
      "国际科技合作支持什么",
      "帮我订一张去北京的机票",
      "孵化器有什么支持",
      "成果转化项目支持哪些单位",
    ];
    const asked = [];
    for (const q of questions) asked.push({ q, ...(await ask(q)) });
    await s.runtime.ops.console.flushMessages();
    const setTime = rawSqlite(s.runtime.db).prepare("UPDATE messages SET created_at = ? WHERE id = ?");
    asked.forEach((a, i) => setTime.run(Date.now() - (i % 7) * 86_400_000 - 3_600_000, a.messageId));
    const downvoted = [asked[0], asked[1], asked[6]];
    await rate(downvoted[0].messageId, "down", "没说怎么办理");
    await rate(downvoted[1].messageId, "down", "想知道能补多少");
    await rate(downvoted[2].messageId, "down", "回答太笼统");
    await rate(asked[3].messageId, "up");

    const page = await newPage();
    await login(page, "editor1");
    await page.waitForURL(`${origin}/console`);
    // 概览: the last seven days by default.
    await expect.poll(() => page.locator(".tile").first().textContent()).toContain(String(questions.length));
    await shot(page, "10-overview-week");

    // 对话记录: search the week's answers, open one conversation with its citations.
    await page.getByRole("navigation").getByRole("link", { name: "对话记录" }).click();
    await page.getByLabel("搜索问题和回答").fill("贷款利息");
    await page.getByRole("button", { name: "查找" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain(questions[1]);
    await page.locator("table.grid a").first().click();
    await expect.poll(() => page.locator("main").textContent()).toContain("按当前知识库重新推演");
    await shot(page, "11-conversation");

    // 反馈: label the three downvotes; they become the eval candidate set.
    await page.getByRole("navigation").getByRole("link", { name: "反馈" }).click();
    const expected: Record<string, string> = { [downvoted[0].messageId]: "14", [downvoted[1].messageId]: "14", [downvoted[2].messageId]: "17" };
    for (const [id, topic] of Object.entries(expected)) {
      const row = page.locator(`tr[data-message="${id}"]`);
      await row.locator(`input[name="topics"][value="${topic}"]`).check();
      await row.getByRole("button", { name: "保存标注" }).click();
      await expect.poll(() => page.getByRole("status").textContent()).toBeTruthy();
    }
    await expect.poll(() => page.locator("main").textContent()).toContain("已标注 3 条");
    await shot(page, "12-feedback-labelled");
    const casesFile = path.join(s.dataDir, "eval", "feedback-cases.jsonl");
    expect(existsSync(casesFile)).toBe(true);
    const cases = (await readFile(casesFile, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { q: string; topics: number[] });
    expect(cases.map((c) => c.q).sort()).toEqual(downvoted.map((d) => d.q).sort());

    // Run them: the eval page refreshes itself until the run is done, then shows the report.
    await page.getByRole("button", { name: "运行这些用例" }).click();
    await page.waitForSelector("iframe.report", { timeout: 90_000 });
    const report = page.frameLocator("iframe.report");
    await expect.poll(() => report.locator("body").textContent(), { timeout: 30_000 }).toContain("3");
    await shot(page, "13-eval-run");

    // 知识库: correct card 14, preview the change, publish it.
    const addition = "可到科技金融服务工作站咨询贷款贴息的办理流程。";
    const ask14 = questions[0];
    const before = await ask(ask14);
    expect(before.answer).not.toContain(addition);
    await page.getByRole("navigation").getByRole("link", { name: "知识库" }).click();
    await page.locator('a[href="/console/knowledge/cards/14-keji-jinrong.md"]').click();
    const text = await page.locator("#content").inputValue();
    const line = "贷款利息及保费补助、有限风险补偿。";
    expect(text).toContain(line);
    await page.locator("#content").fill(text.replace(line, line + addition));
    await page.getByRole("button", { name: "保存为草稿并预览" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("校验通过");
    await shot(page, "14-card-preview");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await expect.poll(() => page.locator("main").textContent(), { timeout: 120_000, interval: 1000 }).toContain("发布成功");
    await shot(page, "15-published");

    // The answer changed, for visitors and in the console's 试问.
    expect((await ask(ask14)).answer).toContain(addition);
    await page.getByRole("link", { name: "← 返回知识库" }).click();
    await page.getByLabel("问题").fill(ask14);
    await page.getByRole("button", { name: "提问" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain(addition);
    await shot(page, "16-answer-changed");

    // Every step is in the audit log.
    await page.getByRole("navigation").getByRole("link", { name: "审计日志" }).click();
    const audit = (await page.locator("main").textContent()) ?? "";
    for (const action of ["登录", "标注反馈", "运行评测", "发布知识库"]) expect(audit).toContain(action);
    await shot(page, "17-audit");
    await page.context().close();
  }, 300_000);

  it("an 只读 account sees the knowledge base but cannot publish, even by posting the form itself", async () => {
    const page = await newPage();
    await login(page, "viewer1");
    await page.waitForURL(`${origin}/console`);
    await page.getByRole("navigation").getByRole("link", { name: "知识库" }).click();
    await page.locator('a[href="/console/knowledge/cards/14-keji-jinrong.md"]').click();
    await expect.poll(() => page.locator("main").textContent()).toContain("只读账户只能查看");
    expect(await page.getByRole("button", { name: "保存为草稿并预览" }).count()).toBe(0);
    const status = await page.evaluate(async () => {
      const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
      const body = new URLSearchParams({ _csrf: csrf, content: "# 改了" });
      const res = await fetch("/console/knowledge/cards/14-keji-jinrong.md", { method: "POST", body });
      const rb = await fetch("/console/knowledge/rollback", { method: "POST", body: new URLSearchParams({ _csrf: csrf }) });
      return [res.status, rb.status];
    });
    expect(status).toEqual([403, 403]);
    await shot(page, "18-viewer-knowledge");
    await page.context().close();
  }, 60_000);
});
