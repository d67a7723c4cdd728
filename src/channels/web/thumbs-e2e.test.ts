// The widget's thumbs in a real browser (Debian chromium) against the production stack: shown under a
// logged answer, one click stores the rating, and the row confirms it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { startOpsServer, type OpsServer } from "../../ops/testing/ops-server.js";
import { buildApp } from "./app.js";
import { makeFakeAssistant } from "./testing/fake-assistant.js";

const CHROMIUM = "/usr/bin/chromium";
let s: OpsServer;
let origin: string;
let userDataDir: string;
let context: BrowserContext;

beforeAll(async () => {
  s = await startOpsServer();
  origin = await s.app.listen({ host: "127.0.0.1", port: 0 });
  userDataDir = await mkdtemp(path.join(tmpdir(), "thumbs-e2e-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    locale: "zh-CN",
  });
});
afterAll(async () => {
  await context?.close();
  await s?.cleanup();
  await rm(userDataDir, { recursive: true, force: true });
});

describe("widget thumbs", () => {
  it("👎 under an answer posts feedback for its messageId and confirms", async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${origin}/`);
    await page.locator(".launcher").click();
    await page.locator(".input").fill("科技型中小企业的贷款利息有补助吗");
    await page.locator(".input").press("Enter");
    const answer = page.locator(".msg.bot.done").last();
    await answer.waitFor({ timeout: 15_000 });

    const down = answer.locator(".rate-down");
    expect(await down.getAttribute("aria-label")).toBe("这个回答没有帮助");
    await down.click();
    await expect.poll(() => answer.locator(".rate-status").innerText()).toBe("感谢反馈！");
    expect(await down.getAttribute("aria-pressed")).toBe("true");
    // Rated once: 👍 is now inert (aria-disabled, still focusable) and a click on it sends nothing.
    expect(await answer.locator(".rate-up").getAttribute("aria-disabled")).toBe("true");
    await answer.locator(".rate-up").click({ force: true }); // playwright would wait for an aria-disabled button

    const rows = await s.runtime.ops.feedback.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rating: "down", question: "科技型中小企业的贷款利息有补助吗", channel: "web" });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("no thumbs under an answer without messageId (server without the message log)", async () => {
    const app = await buildApp({ assistant: makeFakeAssistant(), config: loadConfig({ LOG_LEVEL: "silent" }) });
    try {
      const bare = await app.listen({ host: "127.0.0.1", port: 0 });
      const page = await context.newPage();
      await page.goto(`${bare}/`);
      await page.locator(".launcher").click();
      await page.locator(".input").fill("科技金融计划支持什么");
      await page.locator(".input").press("Enter");
      const answer = page.locator(".msg.bot.done").last();
      await answer.waitFor({ timeout: 15_000 });
      expect(await answer.locator(".md").innerText()).not.toBe("");
      expect(await answer.locator(".rating").count()).toBe(0);
      await page.close();
    } finally {
      await app.close();
    }
  }, 60_000);
});
