// The widget's chat features in a real browser (Debian chromium via playwright-core), each at desktop
// 1280×800 and phone 390×844: SVG icons and labels, keyboard-only use and focus, CJK emphasis, typing
// indicator and progressive streaming, 新对话, resuming after a reload (and without localStorage), the 👎
// comment box, sources by label with the clause once and the English rendering, the clarifying
// question once, a site missing from WIDGET_ORIGINS, script-tag theming, compression, the 我的单位
// button, and axe-core. Screenshots go to $TMPDIR/widget-13/ (looked at by a person when this changes).
import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { FastifyInstance } from "fastify";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import type { Logger } from "../../core/types.js";
import { startOpsServer, type OpsServer } from "../../ops/testing/ops-server.js";
import { buildApp } from "./app.js";
import { storageKey } from "./widget/session-store.js";
import { makeFakeAssistant } from "./testing/fake-assistant.js";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = path.join(tmpdir(), "widget-13");
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const FOLLOW_UP = "贵单位是否为科技型中小企业？";
const QUOTE = "专题14:科技金融计划。支持科技型中小企业科技信贷融资,对企业科技贷款利息及保费给予补助。";
/** Streamed by the fake assistant: emphasis after full-width punctuation, the clause quoted, and the
 *  clarifying question still in the body (the widget must show it once, in its box). */
const FAKE_ANSWER = [
  "**结论：**可以，专题14「科技金融计划」对科技型中小企业的科技贷款利息给予补助；补助比例方案未规定，以年度申报指南为准。",
  `> ${QUOTE}`,
  "- 申报主体：科技型中小企业\n- 支持方式：贷款贴息、保费补助",
  `**想确认一下：**${FOLLOW_UP}`,
].join("\n\n");

let ops: OpsServer;
let opsOrigin: string;
let fakeApp: FastifyInstance;
let fakeOrigin: string;
let partner: Server;
let partnerOrigin: string;
let stranger: Server;
let strangerOrigin: string;
let browser: Browser;
const warnings: { obj: Record<string, unknown>; msg?: string }[] = [];

const originOf = (s: { address(): AddressInfo | string | null }) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

/**
 * A host page embedding the widget with the attributes in the query (`app=ops|fake`, then data-*),
 * under a CSP as strict as a government site's: scripts and connections only to the assistant.
 */
function hostPage(url: URL): { html: string; csp: string } {
  const api = url.searchParams.get("app") === "fake" ? fakeOrigin : opsOrigin;
  const attrs = [...url.searchParams.entries()]
    .filter(([k]) => k !== "app")
    .map(([k, v]) => ` data-${k}="${v.replace(/[&"<>]/g, "")}"`)
    .join("");
  return {
    csp: `default-src 'none'; script-src ${api}; connect-src ${api}; style-src 'self'; img-src 'self' data:`,
    html: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>合作单位网站</title></head>
<body><main><h1>某区科技局</h1><p>欢迎访问本局网站。</p><p><a href="#top">返回顶部</a></p></main>
<script src="${api}/widget.js"${attrs} defer></script></body></html>`,
  };
}

async function listenHost(): Promise<Server> {
  const server = createServer((req, res) => {
    const { html, csp } = hostPage(new URL(req.url ?? "/", "http://host"));
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": csp });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  partner = await listenHost();
  partnerOrigin = originOf(partner);
  stranger = await listenHost(); // same pages, but its origin is not in WIDGET_ORIGINS
  strangerOrigin = originOf(stranger);

  ops = await startOpsServer({ WIDGET_ORIGINS: partnerOrigin });
  opsOrigin = await ops.app.listen({ host: "127.0.0.1", port: 0 });

  const logger: Logger = {
    info: () => undefined,
    debug: () => undefined,
    error: () => undefined,
    warn: (obj, msg) => void warnings.push({ obj: typeof obj === "string" ? { msg: obj } : (obj as Record<string, unknown>), msg }),
  };
  fakeApp = await buildApp({
    assistant: makeFakeAssistant({ text: () => FAKE_ANSWER, pieces: 10, delayMs: 120, followUp: FOLLOW_UP }),
    config: loadConfig({ LOG_LEVEL: "warn", WIDGET_ORIGINS: partnerOrigin, RATE_LIMIT_MAX: "100000" }),
    logger,
  });
  fakeOrigin = await fakeApp.listen({ host: "127.0.0.1", port: 0 });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}, 60_000);

afterAll(async () => {
  // Let every context finish closing first: a context still closing when the browser goes rejects
  // "Target page, context or browser has been closed" outside any test.
  const failed = (await Promise.all(closing)).filter((e) => e !== undefined);
  await browser?.close();
  await fakeApp?.close();
  await ops?.cleanup();
  for (const s of [partner, stranger]) await new Promise((resolve) => (s ? s.close(resolve) : resolve(undefined)));
  expect(failed).toEqual([]); // after the cleanup, which must happen either way
});

/** Contexts being closed after their page closed; awaited (so never left rejected) before the browser closes. */
const closing: Promise<unknown>[] = [];

/** A page in a context of its own (empty localStorage) at the given size, collecting errors. */
async function newPage(size: (typeof SIZES)[number]) {
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale: "zh-CN" });
  const page = await context.newPage();
  page.on("close", () => closing.push(context.close().then(() => undefined, (e: unknown) => e)));
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  return { page, problems };
}

const shot = (page: Page, name: string, size: { name: string }) => page.screenshot({ path: path.join(SHOTS, `${name}-${size.name}.png`) });

/** The focused element inside the widget's shadow root, named by its class (or tag). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const inner = document.activeElement?.shadowRoot?.activeElement;
    return inner ? inner.getAttribute("class") || inner.tagName.toLowerCase() : `outside:${document.activeElement?.tagName}`;
  });

async function waitForAnswer(page: Page, n = 1) {
  const error = page.locator(".error:not([hidden])");
  const done = page.locator(".msg.bot.done:not(.resumed)");
  await expect.poll(async () => ((await error.isVisible()) ? `error: ${await error.innerText()}` : await done.count()), { timeout: 20_000 }).toBe(n);
  return done.nth(n - 1);
}

async function ask(page: Page, question: string, n = 1) {
  await page.locator(".input").fill(question);
  await page.locator(".input").press("Enter");
  return waitForAnswer(page, n);
}

/** Streamed-answer samples, one per animation frame, from before the question is sent until `done`. */
function sampleStream(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ lengths: number[]; typingSeen: boolean; strong: string[] }>((resolve) => {
        const root = document.querySelector("#kjzs-widget")!.shadowRoot!;
        const lengths: number[] = [];
        const strong = new Set<string>();
        let typingSeen = false;
        const started = Date.now();
        const tick = () => {
          const bots = root.querySelectorAll(".msg.bot:not(.welcome):not(.resumed)");
          const last = bots[bots.length - 1];
          if (last?.querySelector(".typing")) typingSeen = true;
          const md = last?.querySelector(".md");
          if (last && md && !last.classList.contains("done")) {
            if (lengths.at(-1) !== md.textContent!.length) lengths.push(md.textContent!.length);
            md.querySelectorAll("strong").forEach((s) => void strong.add(s.textContent!));
          }
          if (last?.classList.contains("done") || Date.now() - started > 15_000) resolve({ lengths, typingSeen, strong: [...strong] });
          else requestAnimationFrame(tick);
        };
        tick();
      }),
  );
}

const EMOJI = /\p{Extended_Pictographic}/u;

describe.each(SIZES)("widget at $name size ($width×$height)", (size) => {
  it("keyboard only: Tab to the launcher, Enter opens with focus in the input, labelled controls in order, Escape returns focus", async () => {
    const { page, problems } = await newPage(size);
    await page.goto(`${partnerOrigin}/?app=ops`);
    await page.locator(".launcher").waitFor();
    await shot(page, "01-closed", size);

    // Tab from the top of the page: past the host's own link, onto the launcher.
    let steps = 0;
    while ((await focused(page)) !== "launcher" && steps++ < 5) await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("launcher");
    // Focus is visible (a 3 px outline), not just present.
    const outline = await page.locator(".launcher").evaluate((el) => getComputedStyle(el).outlineStyle + " " + getComputedStyle(el).outlineWidth);
    expect(outline).toBe("solid 3px");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".panel").isVisible()).toBe(true);
    expect(await focused(page)).toBe("input");
    expect(await page.locator(".launcher").getAttribute("aria-expanded")).toBe("true");

    // Backwards through the panel: every stop is a labelled control, in reading order.
    const order: string[] = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Shift+Tab");
      order.push(await focused(page));
    }
    expect(order).toEqual([
      "browse",
      "suggestion",
      "suggestion",
      "suggestion",
      "suggestion",
      "log",
      "head-btn close",
      "head-btn new-chat",
      "head-btn profile",
      "outside:A", // the host page's link: the panel is not modal
    ]);
    await page.keyboard.press("Tab"); // back onto 我的单位
    await shot(page, "02-open-keyboard", size);

    // Icons are inline SVG hidden from assistive technology; no emoji anywhere in the widget.
    const widgetText = await page.locator(".kjzs").innerText();
    expect(widgetText).not.toMatch(EMOJI);
    for (const sel of [".launcher", ".close", ".new-chat", ".profile", ".send"]) {
      expect(await page.locator(`${sel} svg`).getAttribute("aria-hidden")).toBe("true");
    }
    const unnamed = await page.locator(".kjzs button, .kjzs textarea").evaluateAll((els) =>
      els.filter((el) => !(el.getAttribute("aria-label") || el.textContent?.trim())).map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);

    // Escape closes and puts focus back on the launcher.
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".panel").isVisible()).toBe(false);
    expect(await focused(page)).toBe("launcher");
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("typing indicator, then the answer renders progressively; CJK emphasis; the clarifying question once; the quoted clause once", async () => {
    const { page, problems } = await newPage(size);
    await page.goto(`${partnerOrigin}/?app=fake`);
    await page.locator(".launcher").click();
    await page.locator(".input").fill("科技贷款利息能补贴吗？");
    const sampling = sampleStream(page);
    await page.locator(".input").press("Enter");
    // Mid-stream screenshot: partial text on screen before the answer is done.
    await page.locator(".msg.bot:not(.welcome):not(.done) .md").waitFor({ timeout: 10_000 });
    await shot(page, "03-streaming", size);
    const stream = await sampling;
    expect(stream.typingSeen).toBe(true);
    // Ten deltas 120 ms apart: the text grew in several visible steps, never shrinking.
    expect(stream.lengths.length).toBeGreaterThanOrEqual(4);
    expect([...stream.lengths].sort((a, b) => a - b)).toEqual(stream.lengths);
    expect(stream.strong).toContain("结论："); // the CJK-friendly emphasis closes mid-stream too

    const answer = await waitForAnswer(page);
    expect(await answer.locator(".typing").count()).toBe(0);
    expect(await answer.locator(".md strong").first().innerText()).toBe("结论：");
    expect(await answer.locator(".md").innerText()).not.toContain("**");
    // The question: once, in its box.
    expect(await answer.locator(".followup-text").innerText()).toBe(FOLLOW_UP);
    expect((await answer.innerText()).split(FOLLOW_UP).length - 1).toBe(1);
    // The clause is in the body, so its source is the label alone (no quote repeated, no file:line).
    expect(await answer.locator(".sources .source-plain").innerText()).toBe("专题14：科技金融计划 · 原文依据");
    expect(await answer.locator(".sources blockquote").count()).toBe(0);
    expect(await answer.innerText()).not.toMatch(/corpus\/|\.md:\d+/);
    await shot(page, "04-answer-fake", size);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("sources: label, the quote only when the body lacks it, and an English rendering marked unofficial", async () => {
    const { page, problems } = await newPage(size);
    const citation = (id: string, label: string, quote: string, translation?: string) => ({
      id,
      title: `title ${id}`,
      label,
      source: `corpus/plan/plan.md:${id.length}-9`,
      quote,
      ...(translation && { translation: { text: translation, note: "Unofficial translation; the Chinese original prevails." } }),
    });
    const done = {
      answer: "**Yes.** Topic 14 subsidises loan interest.\n\n> 专题14:科技金融计划。支持科技型中小企业科技信贷融资。",
      refused: false,
      topics: [{ id: 14, name: "科技金融计划", program: "科技成果转化专项", score: 1 }],
      citations: [
        citation("a", "Plan › II. (iv) › Topic 14", "专题14:科技金融计划。支持科技型中小企业科技信贷融资。", "Topic 14: S&T Finance Programme. Support S&T credit financing of tech-based SMEs."),
        citation("bb", "Plan › III. › Guarantees", "完善科技计划管理制度。", "Improve the management of S&T programmes."),
        citation("ccc", "Plan › IV.", "加强组织领导。"),
      ],
      sessionId: "s.t",
    };
    await page.route("**/api/chat", (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/event-stream",
        body: `event: delta\ndata: ${JSON.stringify({ text: done.answer })}\n\nevent: done\ndata: ${JSON.stringify(done)}\n\n`,
      }),
    );
    await page.goto(`${partnerOrigin}/?app=ops&lang=en`);
    await page.locator(".launcher").click();
    const answer = await ask(page, "Can our loan interest be subsidised?");
    const sources = answer.locator(".source");
    expect(await sources.count()).toBe(3);
    // 1: the clause is in the body → the English rendering alone, shown open, with its note.
    const first = sources.nth(0);
    expect(await first.locator("summary").innerText()).toBe("Plan › II. (iv) › Topic 14");
    expect(await first.getAttribute("open")).toBe("");
    expect(await first.locator("blockquote").count()).toBe(0);
    expect(await first.locator(".translation-text").innerText()).toContain("Topic 14: S&T Finance Programme");
    expect(await first.locator(".translation-note").innerText()).toBe("Unofficial translation; the Chinese original prevails.");
    // 2: not in the body → folded; opening shows the Chinese original with the English beside it.
    const second = sources.nth(1);
    expect(await second.getAttribute("open")).toBeNull();
    await second.locator("summary").click();
    expect(await second.locator("blockquote").innerText()).toBe("完善科技计划管理制度。");
    expect(await second.locator("blockquote").getAttribute("lang")).toBe("zh-CN");
    expect(await second.locator(".source-translation").getAttribute("lang")).toBe("en");
    // 3: no translation, not in the body → the quote under its label.
    await sources.nth(2).locator("summary").click();
    expect(await sources.nth(2).locator("blockquote").innerText()).toBe("加强组织领导。");
    expect(await answer.innerText()).not.toContain("corpus/");
    await shot(page, "05-sources-en", size);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("a real English answer: the Chinese clause in the body, its unofficial English rendering under the label", async () => {
    const { page, problems } = await newPage(size);
    await page.goto(`${partnerOrigin}/?app=ops&lang=en`);
    await page.locator(".launcher").click();
    expect(await page.locator("#kjzs-title").innerText()).toBe("S&T Plan Policy Assistant");
    const answer = await ask(page, "Can a tech-based SME get its bank loan interest subsidised?");
    const translated = answer.locator(".source-translation");
    expect(await translated.count()).toBeGreaterThan(0);
    expect(await translated.first().locator(".translation-note").innerText()).toMatch(/unofficial/i);
    expect(await answer.locator(".sources").innerText()).not.toMatch(/corpus\/|\.md:\d+/);
    await shot(page, "06-answer-real-en", size);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("the conversation survives a reload; 新对话 clears it; a token the server no longer knows is dropped", async () => {
    const { page, problems } = await newPage(size);
    const chatBodies: { sessionId?: string }[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/chat")) chatBodies.push(JSON.parse(r.postData() ?? "{}") as { sessionId?: string });
    });
    await page.goto(`${partnerOrigin}/?app=ops`);
    await page.locator(".launcher").click();
    const question = "新获批的高新技术企业能申请什么支持？";
    const first = await ask(page, question);
    const firstText = await first.locator(".md").innerText();
    const token = await page.evaluate((key) => localStorage.getItem(key), storageKey(opsOrigin));
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);

    await page.reload();
    await page.locator(".launcher").click();
    const resumed = page.locator(".msg.bot.resumed");
    await expect.poll(() => resumed.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator(".msg.user").first().innerText()).toBe(question);
    expect(await resumed.locator(".md").innerText()).toBe(firstText);
    expect(await resumed.locator(".rating").count()).toBe(0); // no messageId: not rated again
    expect(await resumed.locator(".chip").count()).toBeGreaterThan(0);
    await shot(page, "07-resumed", size);
    // The next question continues the same session.
    await ask(page, "它属于哪个专项？");
    expect(chatBodies.at(-1)?.sessionId).toBe(token);

    // 新对话 by keyboard: a clean log, no token, and the next question starts afresh.
    await page.locator(".new-chat").focus();
    await page.keyboard.press("Enter");
    expect(await page.locator(".msg").count()).toBe(1);
    expect(await page.locator(".msg.welcome").count()).toBe(1);
    expect(await focused(page)).toBe("input");
    expect(await page.evaluate((key) => localStorage.getItem(key), storageKey(opsOrigin))).toBeNull();
    await ask(page, "科技金融计划支持什么？");
    expect(chatBodies.at(-1)?.sessionId).toBeUndefined();

    // A token the server does not know (expired, forged): 404, forgotten, a fresh welcome.
    await page.evaluate((key) => localStorage.setItem(key, "forged.token"), storageKey(opsOrigin));
    const sessionCall = page.waitForResponse((r) => r.url().includes("/api/session"));
    await page.reload();
    expect((await sessionCall).status()).toBe(404);
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), storageKey(opsOrigin))).toBeNull();
    await page.locator(".launcher").click();
    expect(await page.locator(".msg").count()).toBe(1);
    expect(problems.filter((p) => !p.includes("404"))).toEqual([]);
    await page.close();
  }, 90_000);

  it("works without localStorage (privacy mode): answers and keeps the session for the page's lifetime", async () => {
    const { page, problems } = await newPage(size);
    await page.addInitScript(() => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    });
    const chatBodies: { sessionId?: string }[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/chat")) chatBodies.push(JSON.parse(r.postData() ?? "{}") as { sessionId?: string });
    });
    await page.goto(`${partnerOrigin}/?app=ops`);
    await page.locator(".launcher").click();
    await ask(page, "科技型中小企业的贷款利息有补助吗？");
    await ask(page, "它属于哪个专项？", 2);
    expect(chatBodies[0]?.sessionId).toBeUndefined();
    expect(chatBodies[1]?.sessionId).toMatch(/\./);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("👎 opens 哪里不对？; the comment is stored with the rating; 跳过 and Escape close it", async () => {
    const { page, problems } = await newPage(size);
    await page.goto(`${partnerOrigin}/?app=ops`);
    await page.locator(".launcher").click();
    const question = `贷款贴息怎么申请？（${size.name}）`;
    const answer = await ask(page, question);
    await answer.locator(".rate-down").click();
    const box = answer.locator("form.comment");
    await box.waitFor();
    expect(await box.locator("label").innerText()).toBe("哪里不对？（选填，最多 500 字）");
    expect(await focused(page)).toBe("comment-input");
    expect(await box.locator("textarea").getAttribute("maxlength")).toBe("500");
    // The rating is stored at once, before any comment.
    const row = async () => (await ops.runtime.ops.feedback.list()).find((r) => r.question === question);
    await expect.poll(async () => (await row())?.rating).toBe("down");
    await page.keyboard.type("没说清贴息比例");
    await shot(page, "08-comment", size);

    // axe with an answer and the comment box showing: no serious or critical violations.
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

    await box.locator(".comment-submit").click();
    await expect.poll(() => answer.locator(".rate-status").innerText()).toBe("已收到您的意见，谢谢！");
    expect(await box.count()).toBe(0);
    expect(await focused(page)).toBe("rate rate-down");
    expect(await row()).toMatchObject({ rating: "down", comment: "没说清贴息比例", channel: "web" });

    // A second answer: 跳过 leaves the plain rating; Escape closes the box, not the panel.
    const second = await ask(page, "科技金融计划支持什么？", 2);
    await second.locator(".rate-down").click();
    await second.locator("form.comment").waitFor();
    await page.keyboard.press("Escape");
    expect(await second.locator("form.comment").count()).toBe(0);
    expect(await page.locator(".panel").isVisible()).toBe(true);
    expect(await second.locator(".rate-status").innerText()).toBe("感谢反馈！");
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("axe-core: no serious or critical violations with the panel open and a real answer shown", async () => {
    const { page } = await newPage(size);
    await page.goto(`${opsOrigin}/`);
    await page.locator(".launcher").click();
    await ask(page, "我们是科技型中小企业，银行贷款利息能补贴吗？");
    const folded = page.locator(".source summary");
    if ((await folded.count()) > 0) await folded.first().click(); // open a source if one is folded
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await shot(page, "09-answer-real-zh", size);
    // The layout holds at this width: nothing scrolls sideways, the header's title and buttons do not overlap.
    expect(await page.locator(".log").evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const titleBox = (await page.locator(".head-text").boundingBox())!;
    const actionsBox = (await page.locator(".head-actions").boundingBox())!;
    expect(titleBox.x + titleBox.width).toBeLessThanOrEqual(actionsBox.x + 1);
    expect(actionsBox.x + actionsBox.width).toBeLessThanOrEqual(size.width);
    await page.close();
  }, 60_000);

  it("on a site missing from WIDGET_ORIGINS it says so plainly, and the server warns with the origin", async () => {
    const { page } = await newPage(size);
    await page.goto(`${strangerOrigin}/?app=fake`);
    await page.locator(".launcher").click();
    const notice = page.locator(".notice");
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.innerText()).toBe(`本网站（${strangerOrigin}）未获授权使用该助手，请联系网站管理员。`);
    expect(await page.locator(".composer").isVisible()).toBe(false);
    expect(await page.locator(".error").isVisible()).toBe(false); // not "请检查网络"
    expect(await focused(page)).toBe("head-btn close");
    await shot(page, "10-not-allowed", size);
    expect(warnings.some((w) => w.obj.origin === strangerOrigin && w.msg?.includes("WIDGET_ORIGINS"))).toBe(true);
    await page.close();
  }, 60_000);

  it("theming on the script tag: title, colour, left side, English, open on load (desktop only); a bad colour falls back", async () => {
    const { page, problems } = await newPage(size);
    const warned: string[] = [];
    page.on("console", (m) => void (m.type() === "warning" && warned.push(m.text())));
    await page.goto(`${partnerOrigin}/?app=ops&title=${encodeURIComponent("District Science Helper")}&color=%230f766e&position=left&lang=en&open=`);
    await page.locator(".launcher").waitFor({ state: "attached" }); // hidden while the panel is open
    if (size.name === "desktop") {
      await expect.poll(() => page.locator(".panel").isVisible()).toBe(true);
      expect(await focused(page)).toBe("outside:BODY"); // opened on load without taking the page's focus
    } else {
      expect(await page.locator(".panel").isVisible()).toBe(false); // would cover the page
      await page.locator(".launcher").click();
    }
    expect(await page.locator("#kjzs-title").innerText()).toBe("District Science Helper");
    expect(await page.locator(".new-chat").getAttribute("aria-label")).toBe("Start a new chat (clears this one)");
    expect(await page.locator(".input").getAttribute("placeholder")).toMatch(/^Type your question/);
    expect(await page.locator(".head").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(15, 118, 110)");
    expect(await page.locator(".head").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(255, 255, 255)");
    const panelBox = (await page.locator(".panel").boundingBox())!;
    expect(panelBox.x).toBeLessThanOrEqual(20); // on the left
    await shot(page, "11-themed-en", size);
    await page.locator(".close").click();
    expect((await page.locator(".launcher").boundingBox())!.x).toBeLessThan(30);
    await shot(page, "12-themed-launcher", size);

    // A value that is not a colour (here an attempt at injecting CSS) is ignored with a warning.
    await page.goto(`${partnerOrigin}/?app=ops&color=${encodeURIComponent("red;} * {display:none")}&position=sideways`);
    await page.locator(".launcher").waitFor();
    expect(await page.locator(".launcher").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(29, 78, 216)");
    expect(warned.some((w) => w.includes("data-color"))).toBe(true);
    expect(warned.some((w) => w.includes("data-position"))).toBe(true);
    // A light accent gets dark text, so it stays readable.
    await page.goto(`${partnerOrigin}/?app=ops&color=%23fde68a`);
    await page.locator(".launcher").waitFor();
    expect(await page.locator(".launcher").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(17, 24, 39)");
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("widget.js arrives compressed; 我的单位 loads its panel on demand and Escape returns to the chat", async () => {
    const { page, problems } = await newPage(size);
    const scripts = new Map<string, { encoding?: string; status: number }>();
    page.on("response", (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith("/widget")) scripts.set(u.pathname, { encoding: r.headers()["content-encoding"], status: r.status() });
    });
    await page.goto(`${partnerOrigin}/?app=ops`);
    await page.locator(".launcher").click();
    expect(["br", "gzip"]).toContain(scripts.get("/widget.js")?.encoding);
    expect(scripts.has("/widget-match.js")).toBe(false); // not until asked for

    await page.locator(".profile").click();
    await page.locator(".pp").waitFor({ state: "visible", timeout: 10_000 });
    expect(scripts.get("/widget-match.js")?.status).toBe(200);
    await shot(page, "13-profile-panel", size);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".pp").isVisible()).toBe(false);
    expect(await page.locator(".panel").isVisible()).toBe(true);
    expect(await focused(page)).toBe("head-btn profile");
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
