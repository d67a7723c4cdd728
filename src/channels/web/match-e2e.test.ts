// Real-browser end-to-end test of 政策匹配: the 我的单位 panel in the widget, driven by Debian chromium
// through playwright-core against the real app on loopback. Two contrasting units (a newly approved
// high-tech SME in Wuhan; a university hospital), at desktop and phone size, in Chinese and English:
// fill the profile, read the report, print it (and save it as PDF), ask chat a question that needs
// the profile, reload and find the panel refilled. Screenshots and PDFs go to /tmp/match-13/.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { FastifyInstance } from "fastify";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import type { Assistant } from "../../core/types.js";
import { makeAssistant } from "../../wiring.js";
import { buildApp } from "./app.js";
import type { MatchReport, ProfileOption, ProfileOptions } from "./widget/match-api.js";

const CHROMIUM = "/usr/bin/chromium";
const OUT = path.join(tmpdir(), "match-13");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let dataDir: string;
let userDataDir: string;
let assistant: Assistant;
let app: FastifyInstance;
let partner: Server;
let context: BrowserContext;
let origin: string;
let partnerOrigin: string;
let options: ProfileOptions;

const originOf = (s: { address(): AddressInfo | string | null }) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

/** A partner site in English with a strict CSP: no inline style or script, only the assistant's origin. */
function partnerPage(widgetOrigin: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner site</title></head>
<body><h1 id="host-heading">District Science Bureau</h1><p>Host page text that must not print.</p>
<script src="${widgetOrigin}/widget.js" data-lang="en" defer></script></body></html>`;
}

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  dataDir = await mkdtemp(path.join(tmpdir(), "match-e2e-data-"));
  userDataDir = await mkdtemp(path.join(tmpdir(), "match-e2e-chromium-"));
  partner = createServer((_req, res) => {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'none'; script-src ${origin}; connect-src ${origin}; style-src 'self'; img-src 'self' data:`,
    });
    res.end(partnerPage(origin));
  });
  await new Promise<void>((resolve) => partner.listen(0, "127.0.0.1", resolve));
  partnerOrigin = originOf(partner);

  const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: dataDir, WIDGET_ORIGINS: partnerOrigin });
  assistant = await makeAssistant(config);
  app = await buildApp({ assistant, config });
  await app.listen({ host: "127.0.0.1", port: 0 });
  origin = originOf(app.server);
  options = (await (await fetch(`${origin}/api/profile-options`)).json()) as ProfileOptions;

  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: DESKTOP,
    locale: "zh-CN",
  });
});

afterAll(async () => {
  await context?.close();
  await app?.close();
  await new Promise((resolve) => (partner ? partner.close(resolve) : resolve(undefined)));
  await assistant?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(userDataDir, { recursive: true, force: true });
});

function watch(page: Page) {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** The option whose Chinese label matches: labels are staff-edited, so the test finds them by meaning. */
function pick(list: ProfileOption[], re: RegExp): ProfileOption {
  const o = list.find((x) => re.test(x.label));
  if (!o) throw new Error(`no option matching ${re} in ${list.map((x) => x.label).join(", ")}`);
  return o;
}

interface UnitCase {
  name: string;
  unitType: RegExp;
  size?: RegExp;
  statuses: RegExp[];
  location: RegExp;
  activities: RegExp[];
  /** A chat question whose answer turns on the profile, and what the answer must then say. */
  question: { zh: string; en: string };
  answerSays: { zh: RegExp; en: RegExp };
}

const FIRM: UnitCase = {
  name: "firm",
  unitType: /^科技型企业/,
  size: /中小企业/,
  statuses: [/新获批高新技术企业/],
  location: /^武汉市/,
  activities: [/关键技术研发/, /科技成果转化/],
  question: { zh: "我们能申请后补助吗？", en: "Can we apply for the Technology Enterprise Cultivation Programme?" },
  answerSays: { zh: /可以/, en: /\bYes\b/ },
};

const HOSPITAL: UnitCase = {
  name: "hospital",
  unitType: /高校附属医院/,
  statuses: [],
  location: /^武汉市/,
  activities: [/基础研究/, /技术创新中心/],
  question: { zh: "我们能申请后补助吗？", en: "Can we apply for the Special Zone Programme?" },
  answerSays: { zh: /不符合/, en: /Not yet clear/ },
};

const inShadow = (page: Page) => page.evaluate(() => document.querySelector("[data-kjzs-widget]")?.shadowRoot?.activeElement?.className ?? "");

async function openPanel(page: Page) {
  if (!(await page.locator(".panel").isVisible())) await page.locator(".launcher").click();
  await page.locator(".head-btn.profile").click();
  await page.locator(".pp .pp-form").waitFor({ timeout: 15_000 });
}

async function fillProfile(page: Page, unit: UnitCase, lang: "zh" | "en") {
  const label = (o: ProfileOption) => (lang === "en" ? o.labelEn : o.label);
  const clickChoice = (name: string, o: ProfileOption) => page.locator(`.pp input[name="${name}"][value="${o.value}"] + label`).click();
  await clickChoice("unitType", pick(options.unitTypes, unit.unitType));
  if (unit.size) await clickChoice("size", pick(options.sizes, unit.size));
  for (const s of unit.statuses) await clickChoice("statuses", pick(options.statuses, s));
  await page.locator(".pp select[name=location]").selectOption({ label: label(pick(options.locations, unit.location)) });
  for (const a of unit.activities) await clickChoice("activities", pick(options.activities, a));
}

/** Every choice the unit made is checked (or selected) in the form, and nothing else. */
async function expectFormHolds(page: Page, unit: UnitCase) {
  const checked = await page.locator(".pp input:checked").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).sort());
  const want = [pick(options.unitTypes, unit.unitType), ...(unit.size ? [pick(options.sizes, unit.size)] : []), ...unit.statuses.map((s) => pick(options.statuses, s)), ...unit.activities.map((a) => pick(options.activities, a))].map((o) => o.value).sort();
  expect(checked).toEqual(want);
  expect(await page.locator(".pp select[name=location]").inputValue()).toBe(pick(options.locations, unit.location).value);
}

async function axeSerious(page: Page) {
  const result = await new AxeBuilder({ page }).include({ fromShadowDom: ["[data-kjzs-widget]", ".pp"] }).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
}

async function runUnit(page: Page, unit: UnitCase, size: "desktop" | "phone", lang: "zh" | "en") {
  const tag = `${unit.name}-${size}-${lang}`;
  const problems = watch(page);
  await openPanel(page);

  // Focus moved into the panel; every control is labelled; the chat underneath is out of the tab order.
  expect(await page.evaluate(() => document.querySelector("[data-kjzs-widget]")?.shadowRoot?.activeElement?.closest(".pp") != null)).toBe(true);
  expect(await page.locator(".pp fieldset:not(:has(> legend))").count()).toBe(0);
  const unlabelled = await page.locator(".pp input, .pp select").evaluateAll((els) =>
    els.filter((e) => !(e.getRootNode() as ShadowRoot).querySelector(`label[for="${e.id}"]`)).map((e) => e.outerHTML),
  );
  expect(unlabelled).toEqual([]);
  expect(await page.locator(".panel > .log").getAttribute("inert")).toBe("");
  // Radios work from the keyboard: an arrow key moves the choice.
  await page.locator(".pp input[name=unitType]").first().focus();
  await page.keyboard.press("ArrowDown");
  expect(await page.locator(".pp input[name=unitType]:checked").getAttribute("value")).toBe(options.unitTypes[1].value);

  if (size === "phone") expect((await page.locator(".pp").boundingBox())?.width).toBe(PHONE.width); // full screen
  await fillProfile(page, unit, lang);
  await page.screenshot({ path: path.join(OUT, `${tag}-form.png`) });
  expect(await axeSerious(page)).toEqual([]);

  const response = page.waitForResponse((r) => r.url().endsWith("/api/match"));
  await page.locator(".pp-submit").click();
  const report = (await (await response).json()) as MatchReport;
  await page.locator(".pp .mr").waitFor();
  // Focus goes to the report's title, so a screen reader starts reading there.
  expect(await inShadow(page)).toContain("mr-title");

  // Every 专题, in the server's order (fit first), with the counts the summary gives.
  const cards = page.locator(".mr-card");
  expect(await cards.count()).toBe(19);
  expect(await cards.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.topic)))).toEqual(report.results.map((r) => r.topic.id));
  const { eligible, uncertain, ineligible } = report.summary;
  expect(eligible + uncertain + ineligible).toBe(19);
  expect(await page.locator(".mr-card.eligible").count()).toBe(eligible);
  expect(await page.locator(".mr-card.uncertain").count()).toBe(uncertain);
  const summary = (await page.locator(".mr-summary").innerText()).replace(/\s+/g, " ");
  expect(summary).toBe(
    lang === "en"
      ? `${eligible} eligible · ${uncertain} need more information · ${ineligible} not eligible`
      : `${eligible} 符合 · ${uncertain} 需补充 · ${ineligible} 不符合`,
  );
  expect(await page.locator(".mr-profile").innerText()).toContain(report.profileText);
  // The verdict is said in words on each card, not by colour alone, and marks are drawn, not emoji.
  const first = report.results[0];
  expect(await cards.first().locator(".mr-badge").innerText()).toBe(first.verdictText);
  expect(await cards.first().locator(".mr-topic").innerText()).toContain(String(first.topic.id));
  expect(await page.locator(".mr-cond svg.mr-mark").count()).toBe(report.results.reduce((n, r) => n + r.conditions.length, 0));
  expect(await page.locator(".mr").innerText()).not.toMatch(/\p{Extended_Pictographic}/u);
  // The note once, at the end.
  expect(await page.locator(".mr-note").count()).toBe(1);
  expect(await page.locator(".mr > :last-child").innerText()).toBe(report.note);
  // A clause opens to its quote.
  const cite = cards.first().locator(".mr-cite-topic");
  await cite.locator("summary").click();
  expect(await cite.locator(".mr-quote").isVisible()).toBe(true);
  await cite.locator("summary").click();
  await page.screenshot({ path: path.join(OUT, `${tag}-report.png`) });
  if (uncertain) {
    await page.locator(".mr-card.uncertain").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUT, `${tag}-uncertain.png`) });
  }
  expect(await axeSerious(page)).toEqual([]);

  // 打印 / 保存为PDF: the button opens every clause and calls print; the print view is the report alone.
  await page.evaluate(() => {
    const w = window as unknown as { __prints: number };
    w.__prints = 0;
    window.print = () => void w.__prints++;
  });
  await page.locator(".pp-print").click();
  expect(await page.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(1);
  await page.emulateMedia({ media: "print" });
  const hostText = page.locator(lang === "en" ? "#host-heading" : "main");
  expect(await hostText.isVisible()).toBe(false);
  expect(await page.locator(".launcher").isVisible()).toBe(false);
  expect(await page.locator(".panel .log").isVisible()).toBe(false);
  expect(await page.locator(".mr-toolbar").isVisible()).toBe(false);
  expect(await page.locator(".mr-supplement").first().isVisible().catch(() => false)).toBe(false);
  expect(await page.locator(".mr-card").last().isVisible()).toBe(true);
  expect(await page.locator(".mr-quote:visible").count()).toBe(19); // every 专题's clause, opened
  const mr = (await page.locator(".mr").boundingBox())!;
  expect(mr.width).toBeGreaterThan((size === "desktop" ? DESKTOP.width : PHONE.width) * 0.8); // full width, not a 400px panel
  expect(await page.locator(".pp").evaluate((el) => getComputedStyle(el).position)).toBe("static");
  expect(await page.locator(".mr-card").first().evaluate((el) => getComputedStyle(el).breakInside)).toBe("avoid");
  await page.screenshot({ path: path.join(OUT, `${tag}-print.png`), fullPage: true });
  const pdf = await page.pdf({ format: "A4" });
  await writeFile(path.join(OUT, `${tag}.pdf`), pdf);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(2); // 19 whole cards need pages
  await page.emulateMedia({ media: null });
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  expect(await page.locator(".mr-quote:visible").count()).toBe(0); // clauses folded again after printing

  // 需补充 → 在对话中补充: back in the chat, the input focused and prefilled with the 专题.
  if (uncertain) {
    const card = page.locator(".mr-card.uncertain").first();
    const id = await card.getAttribute("data-topic");
    await card.locator(".mr-supplement").click();
    expect(await page.locator(".pp").isVisible()).toBe(false);
    expect(await inShadow(page)).toContain("input");
    expect(await page.locator(".input").inputValue()).toContain(id!);
  } else {
    await page.keyboard.press("Escape");
    expect(await page.locator(".pp").isVisible()).toBe(false);
  }
  expect(await page.locator(".panel > .log").getAttribute("inert")).toBeNull();

  // Chat uses the profile: without it this question gets "还不能确定"; with it, a firm answer.
  await page.locator(".input").fill(unit.question[lang]);
  await page.locator(".input").press("Enter");
  const answer = page.locator(".msg.bot.done:not(.welcome):not(.resumed)").last();
  await answer.waitFor({ timeout: 20_000 });
  expect(await answer.innerText()).toMatch(unit.answerSays[lang]);
  await page.screenshot({ path: path.join(OUT, `${tag}-chat.png`) });

  // Reload: the session resumes and the panel is refilled from GET /api/session.
  await page.reload();
  await page.locator(".launcher").waitFor();
  await openPanel(page);
  await expectFormHolds(page, unit);
  await page.screenshot({ path: path.join(OUT, `${tag}-refilled.png`) });

  // Escape closes the panel and gives focus back to the 我的单位 button.
  await page.keyboard.press("Escape");
  expect(await page.locator(".pp").isVisible()).toBe(false);
  expect(await page.locator(".panel").isVisible()).toBe(true);
  expect(await inShadow(page)).toContain("profile");

  // 新对话 forgets the conversation, and with it the profile: the panel starts empty.
  await page.locator(".head-btn.new-chat").click();
  await openPanel(page);
  expect(await page.locator(".pp input:checked").count()).toBe(0);
  expect(await page.locator(".pp select[name=location]").inputValue()).toBe("");
  await page.keyboard.press("Escape");
  expect(problems).toEqual([]);
  return report;
}

const reports: Record<string, MatchReport> = {};

describe("政策匹配 in a real browser", () => {
  for (const [unit, size] of [[FIRM, "desktop"], [HOSPITAL, "desktop"], [FIRM, "phone"], [HOSPITAL, "phone"]] as const) {
    it(`${unit.name} at ${size} size (Chinese, demo page)`, { timeout: 180_000 }, async () => {
      const page = await context.newPage();
      await page.setViewportSize(size === "desktop" ? DESKTOP : PHONE);
      await page.goto(`${origin}/`);
      await page.evaluate(() => localStorage.clear()); // each unit starts a conversation of its own
      await page.reload();
      reports[`${unit.name}-${size}`] = await runUnit(page, unit, size, "zh");
      await page.close();
    });
  }

  it("the two units get contrasting reports", () => {
    const firm = reports["firm-desktop"];
    const hospital = reports["hospital-desktop"];
    expect(firm && hospital).toBeTruthy();
    // The new high-tech firm qualifies for 专题9 (科技企业培育); a hospital does not.
    expect(firm.results.find((r) => r.topic.id === 9)?.verdict).toBe("eligible");
    expect(hospital.results.find((r) => r.topic.id === 9)?.verdict).toBe("ineligible");
    expect(firm.summary.eligible).toBeGreaterThan(hospital.summary.eligible);
    // Same unit, same report at either size.
    expect(reports["firm-phone"]?.summary).toEqual(firm.summary);
  });

  it("in English on a partner site with a strict CSP (print still hides the host page)", { timeout: 180_000 }, async () => {
    const page = await context.newPage();
    await page.goto(`${partnerOrigin}/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const report = await runUnit(page, FIRM, "desktop", "en");
    expect(report.lang).toBe("en");
    expect(report.results.every((r) => ["Eligible", "Need more information", "Not eligible"].includes(r.verdictText))).toBe(true);
    // The panel's own lines are English, and its toggle switches the report to Chinese.
    await openPanel(page);
    expect(await page.locator(".pp-head h2").innerText()).toContain("My organisation");
    // Submitting without a unit type says what is missing instead of sending.
    await page.locator(".pp-submit").click();
    expect(await page.locator(".pp-error").innerText()).toBe("Please choose the type of organisation first.");
    expect(await page.locator(".pp fieldset[aria-invalid=true] input").first().evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await fillProfile(page, FIRM, "en");
    await page.locator(".pp-submit").click();
    await page.locator(".pp .mr").waitFor();
    await page.locator(".pp-lang").click();
    await expect.poll(() => page.locator(".mr-title").innerText()).toBe("政策匹配报告");
    expect(await page.locator(".mr-badge").first().innerText()).toMatch(/^(符合|需补充|不符合)$/);
    await page.close();
  });
});
