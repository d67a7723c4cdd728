// Real-browser end-to-end test: Debian chromium driven by playwright-core against the app listening
// on loopback. Covers the demo page, embedding from a second origin, and inert hostile answers.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import type { Assistant } from "../../core/types.js";
import { makeAssistant } from "../../wiring.js";
import { buildApp } from "./app.js";
import { makeFakeAssistant } from "./testing/fake-assistant.js";

const CHROMIUM = "/usr/bin/chromium"; // Debian package, installed by .ci/run
const SCREENSHOT = path.join(tmpdir(), "widget-e2e.png");

const HOSTILE_ANSWER = [
  "恶意内容测试：",
  '<img src=x onerror="window.__xss=\'img\'">',
  "<script>window.__xss='script'</script>",
  "[点我领取补贴](javascript:window.__xss='link')",
  '<a href="javascript:window.__xss=\'rawlink\'">原始链接</a>',
  "[官方网站](https://kjj.wuhan.gov.cn/)",
].join("\n\n");

let dataDir: string;
let userDataDir: string;
let realAssistant: Assistant;
let realApp: FastifyInstance;
let hostileApp: FastifyInstance;
let partnerServer: Server;
let context: BrowserContext;
let realOrigin: string;
let hostileOrigin: string;
let partnerOrigin: string;

const originOf = (s: { address(): AddressInfo | string | null }) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

/** A third-party site: its own hostile CSS, and the widget by script tag from the assistant's origin. */
function partnerPage(widgetOrigin: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>合作单位网站</title>
<style>
  * { font-size: 40px !important; color: red !important; }
  button { display: none !important; }
  .launcher, .panel { display: none !important; }
  div { border: 5px solid lime !important; }
</style></head>
<body><h1>某区科技局</h1><p>欢迎访问。</p>
<script src="${widgetOrigin}/widget.js" data-title="合作站点政策助手" defer></script>
</body></html>`;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "web-e2e-data-"));
  userDataDir = await mkdtemp(path.join(tmpdir(), "web-e2e-chromium-"));

  // The partner site must exist first: its origin goes into WIDGET_ORIGINS.
  partnerServer = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(partnerPage(String(req.url).includes("hostile") ? hostileOrigin : realOrigin));
  });
  await new Promise<void>((resolve) => partnerServer.listen(0, "127.0.0.1", resolve));
  partnerOrigin = originOf(partnerServer);

  const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: dataDir, WIDGET_ORIGINS: partnerOrigin });
  realAssistant = await makeAssistant(config);
  realApp = await buildApp({ assistant: realAssistant, config });
  await realApp.listen({ host: "127.0.0.1", port: 0 });
  realOrigin = originOf(realApp.server);

  hostileApp = await buildApp({
    assistant: makeFakeAssistant({ text: () => HOSTILE_ANSWER, pieces: 6, delayMs: 120, followUp: "贵单位是否为科技型中小企业？" }),
    config,
  });
  await hostileApp.listen({ host: "127.0.0.1", port: 0 });
  hostileOrigin = originOf(hostileApp.server);

  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1280, height: 860 },
    locale: "zh-CN",
  });
});

afterAll(async () => {
  await context?.close();
  await realApp?.close();
  await hostileApp?.close();
  await new Promise((resolve) => (partnerServer ? partnerServer.close(resolve) : resolve(undefined)));
  await realAssistant?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(userDataDir, { recursive: true, force: true });
});

/** Collects page errors and console errors so a test can assert the page stayed clean. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return problems;
}

/** Wait for the finished answer; if the widget shows an error line instead, fail with its text. */
async function waitForAnswer(page: Page) {
  const done = page.locator(".msg.bot.done").last();
  const error = page.locator(".error:not([hidden])");
  await done.or(error).first().waitFor({ timeout: 15_000 });
  if (await error.isVisible()) throw new Error(`widget showed an error instead of an answer: ${await error.innerText()}`);
  return done;
}

describe("widget in a real browser", () => {
  it("demo page: open with the keyboard, ask, see a streamed answer naming a 专题 and a source", async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${realOrigin}/`);
    await expect.poll(() => page.title()).toContain("科技计划政策助手");
    await expect.poll(() => page.locator("main").innerText()).toContain("专题14 科技金融计划");

    // Keyboard: focus the launcher, open with Enter; the input gets focus.
    const launcher = page.locator(".launcher");
    await launcher.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".panel").isVisible()).toBe(true);
    await expect.poll(() => page.locator(".suggestion").count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.tagName)).toBe("TEXTAREA");

    // 浏览专题 lists all 19 from /api/topics.
    await page.locator(".browse").click();
    await expect.poll(() => page.locator(".topic").count()).toBe(19);

    await page.keyboard.type("我们是科技型中小企业，银行贷款利息能补贴吗？");
    await page.locator(".input").press("Enter");

    const answer = await waitForAnswer(page);
    expect(await answer.locator(".md").innerText()).toContain("科技金融计划");
    expect(await answer.locator(".chip").allInnerTexts()).toContain("专题14 科技金融计划");
    // A long answer reads from the top: its question is still scrolled into the log's view.
    const logBox = (await page.locator(".log").boundingBox())!;
    const questionBox = (await page.locator(".msg.user").last().boundingBox())!;
    expect(questionBox.y).toBeGreaterThanOrEqual(logBox.y);
    expect(questionBox.y + questionBox.height).toBeLessThanOrEqual(logBox.y + logBox.height);
    await page.screenshot({ path: SCREENSHOT });
    // Sources are named for people (《方案》 › 章节 › 专题), never by file:line; the clause itself is
    // in the body or behind its label, once (widget-e2e.test.ts checks that in detail).
    expect(await answer.locator(".source").count()).toBeGreaterThan(0);
    expect(await answer.locator(".sources").innerText()).toContain("《武汉市科技计划体系改革优化方案》");
    expect(await answer.innerText()).not.toMatch(/corpus\/|\.md:\d+/);
    expect(`${await answer.locator(".md").innerText()}${await answer.locator(".sources").innerText()}`).toContain("科技型中小企业");

    // A follow-up keeps the session (the pipeline resolves 「它」 from the previous turn).
    await page.locator(".input").fill("那它属于哪个专项？");
    await page.locator(".send").click();
    await expect.poll(() => page.locator(".msg.bot.done").count()).toBe(2);
    expect(await page.locator(".msg.bot.done").last().innerText()).toContain("科技成果转化专项");

    // Escape closes and returns focus to the launcher.
    await page.locator(".input").press("Escape");
    await expect.poll(() => page.locator(".panel").isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("works when embedded by script tag on a second origin, isolated from its CSS", async () => {
    const page = await context.newPage();
    const problems = watch(page);
    const apiCalls: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/")) apiCalls.push(r.url());
    });
    await page.goto(`${partnerOrigin}/`);
    const launcher = page.locator(".launcher");
    await launcher.waitFor();
    // The host page hides every button and .launcher; inside the shadow root it stays visible and sane.
    expect(await launcher.isVisible()).toBe(true);
    const fontSize = await launcher.evaluate((el) => getComputedStyle(el).fontSize);
    expect(fontSize).toBe("15px");
    await launcher.click();
    expect(await page.locator("#kjzs-title").innerText()).toBe("合作站点政策助手");

    await page.locator(".suggestion").first().click();
    const answer = await waitForAnswer(page);
    expect(await answer.locator(".chip").count()).toBeGreaterThan(0);
    expect(apiCalls.every((u) => u.startsWith(`${realOrigin}/api/`))).toBe(true);
    // The widget did not restyle the host page.
    expect(await page.locator("h1").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(255, 0, 0)");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("renders hostile answer Markdown inert: no script runs, no javascript: link", async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${partnerOrigin}/hostile`);
    await page.locator(".launcher").click();
    await page.locator(".input").fill("测试");
    await page.locator(".input").press("Enter");

    // Streamed: partial text shows before the answer is done.
    const bot = page.locator(".msg.bot").last();
    await page.locator(".msg.bot:not(.done):not(.welcome) .md").first().waitFor({ timeout: 10_000 });
    await page.locator(".msg.bot.done").last().waitFor({ timeout: 10_000 });

    const md = bot.locator(".md");
    expect(await md.locator("img, script, iframe").count()).toBe(0);
    expect(await md.innerText()).toContain("<img src=x onerror=");
    const hrefs = await md.locator("a").evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href"), rel: a.getAttribute("rel"), target: a.getAttribute("target") })));
    expect(hrefs).toEqual([{ href: "https://kjj.wuhan.gov.cn/", rel: "noopener noreferrer", target: "_blank" }]);
    // Clicking the would-be javascript: link does nothing.
    await md.getByText("点我领取补贴").click();
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    // The clarifying question and the verdict are shown as such.
    expect(await bot.locator(".followup-label").innerText()).toBe("需要向您确认");
    expect(await bot.locator(".followup-text").innerText()).toBe("贵单位是否为科技型中小企业？");
    expect(await bot.locator(".verdict.uncertain").innerText()).toBe("初步判断：尚需确认");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a readable error line on 429 and on network failure, and fits a phone screen", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${realOrigin}/`);
    await page.locator(".launcher").click();
    const panelBox = await page.locator(".panel").boundingBox();
    expect(panelBox?.width).toBe(375);

    await page.route("**/api/chat", (route) =>
      route.fulfill({ status: 429, contentType: "application/json", body: JSON.stringify({ error: { code: "rate_limited", message: "Too many" } }) }),
    );
    await page.locator(".input").fill("科技贷款能贴息吗？");
    await page.locator(".input").press("Enter");
    await expect.poll(() => page.locator(".error").innerText()).toBe("提问太频繁了，请稍等片刻再试。");
    expect(await page.locator(".input").inputValue()).toBe("科技贷款能贴息吗？"); // kept for a retry

    await page.unroute("**/api/chat");
    await page.route("**/api/chat", (route) => route.abort("internetdisconnected"));
    await page.locator(".send").click();
    await expect.poll(() => page.locator(".error").innerText()).toBe("网络连接失败，请检查网络后重试。");
    // No blank bubble left behind (earlier turns of this origin's stored session may be resumed above).
    expect(await page.locator(".msg.bot:not(.welcome):not(.resumed)").count()).toBe(0);

    // A stream that fails midway keeps the text that arrived, marked partial, plus the error line.
    await page.unroute("**/api/chat");
    await page.route("**/api/chat", (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/event-stream",
        body: 'event: delta\ndata: {"text":"**已收到的部分**"}\n\nevent: error\ndata: {"code":"internal","message":"服务内部错误，请稍后再试。"}\n\n',
      }),
    );
    await page.locator(".send").click();
    await expect.poll(() => page.locator(".error").innerText()).toBe("服务内部错误，请稍后再试。");
    expect(await page.locator(".msg.bot.partial .md strong").innerText()).toBe("已收到的部分");
    await page.close();
  });
});
