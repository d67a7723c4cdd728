import { describe, expect, it } from "vitest";
import { compareReports, toBaseline } from "./compare.js";
import { renderHtml } from "./html-report.js";
import { buildFixtureReport, fixtureScript } from "./testing/fixture-eval.js";
import { byClass, byId, findAll, parseHtml, textOf } from "./testing/parse-html.js";

const HOSTILE = `最高 500 万元。<img src=x onerror="alert(1)"><script>alert(2)</script>`;

async function render() {
  const { report } = await buildFixtureReport((q, prev) =>
    q === "贴息补贴多少钱" ? { answer: HOSTILE, topics: [14] } : fixtureScript(q, prev),
  );
  return { report, html: renderHtml(report) };
}

describe("renderHtml", () => {
  it("is well-formed and self-contained (no external scripts, styles, images or fonts)", async () => {
    const { html } = await render();
    const doc = parseHtml(html);
    expect(findAll(doc, (e) => e.tag === "script")).toEqual([]);
    expect(findAll(doc, (e) => e.tag === "link" || e.tag === "img" || e.tag === "iframe")).toEqual([]);
    expect(findAll(doc, (e) => "src" in e.attrs)).toEqual([]);
    const hrefs = findAll(doc, (e) => "href" in e.attrs).map((e) => e.attrs.href);
    expect(hrefs.every((h) => h.startsWith("#"))).toBe(true);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it("draws the four charts with the report's numbers", async () => {
    const { report, html } = await render();
    const doc = parseHtml(html);
    const kind = byId(doc, "chart-kind")!;
    expect(kind.tag).toBe("svg");
    const bars = byClass(kind, "bar");
    expect(bars.map((b) => [b.attrs["data-label"], Number(b.attrs["data-value"])])).toEqual([
      ["topic 找专题", 0.5],
      ["eligibility 申报资格", 0.5],
      ["out_of_scope 超出范围", 0.5],
      ["unknown 方案未规定", 0],
      ["injection 提示注入", 1],
      ["multi 多轮对话", 1],
    ]);
    const topic = byClass(byId(doc, "chart-topic")!, "bar");
    expect(topic).toHaveLength(5); // the 专题 the report covers (1, 2, 9, 13, 14)
    expect(topic.find((b) => b.attrs["data-label"] === "14 科技金融计划")!.attrs["data-value"]).toBe("0.75");
    expect(topic.find((b) => b.attrs["data-label"].startsWith("13"))!.attrs["data-value"]).toBe(""); // n/a

    const cells = byClass(byId(doc, "chart-confusion")!, "cell");
    expect(cells).toHaveLength(6 * 6); // "no 专题" plus the five
    const cell = (r: string, c: string) => Number(cells.find((x) => x.attrs["data-row"] === r && x.attrs["data-col"] === c)!.attrs["data-count"]);
    expect(cell("14", "14")).toBe(3);
    expect(cell("9", "13")).toBe(1);
    expect(cell("14", "无")).toBe(1);
    expect(cells.reduce((a, x) => a + Number(x.attrs["data-count"]), 0)).toBe(7);

    const bins = byClass(byId(doc, "chart-latency")!, "bin");
    expect(bins).toHaveLength(20);
    expect(bins.reduce((a, b) => a + Number(b.attrs["data-count"]), 0)).toBe(report.summary.latency.calls);
  });

  it("lists every failing case with question, expected, got, answer (escaped) and sources", async () => {
    const { report, html } = await render();
    const doc = parseHtml(html);
    const section = byId(doc, "failing-cases")!;
    const articles = byClass(section, "case");
    const failing = report.cases.filter((c) => c.pass === false).map((c) => c.id);
    expect(articles.map((a) => a.attrs["data-id"])).toEqual(failing);
    expect(failing).toEqual(["t2", "t4", "o2", "u1", "e2"]);

    const u1 = articles.find((a) => a.attrs["data-id"] === "u1")!;
    expect(textOf(byClass(u1, "question")[0])).toBe("贴息补贴多少钱");
    expect(textOf(byClass(u1, "expected")[0])).toContain("包含 “方案未规定”");
    expect(textOf(byClass(u1, "got")[0])).toContain("14 科技金融计划");
    expect(textOf(byClass(u1, "failed-checks")[0])).toMatch(/must: answer lacks "方案未规定"[\s\S]*must_not_re/);
    // The hostile answer is shown as text, never as markup.
    expect(textOf(byClass(u1, "answer")[0])).toBe(HOSTILE);
    expect(findAll(u1, (e) => e.tag === "img" || e.tag === "script")).toEqual([]);

    const e2 = articles.find((a) => a.attrs["data-id"] === "e2")!;
    expect(textOf(byClass(e2, "got")[0])).toContain("追问: 您是青年科技人才吗？");

    // Sources of a case, and the invalid-citation list linking back to it.
    const { report: withCitations } = await buildFixtureReport((q, prev) =>
      q === "我们是科小，有科技贷款，能申请贴息吗" ? { ...fixtureScript(q, prev), verdict: "ineligible" } : fixtureScript(q, prev),
    );
    const doc2 = parseHtml(renderHtml(withCitations));
    const e1 = byClass(byId(doc2, "failing-cases")!, "case").find((a) => a.attrs["data-id"] === "e1")!;
    expect(textOf(byClass(e1, "sources")[0])).toContain("corpus/topics/14.md:3-4");
    expect(textOf(byClass(e1, "sources")[0])).toContain("✗ quote not found");
    expect(textOf(byId(doc2, "bad-citations")!)).toContain("e1");
  });

  it("shows the comparison with flips and regressions when given one", async () => {
    const { report: before } = await buildFixtureReport();
    const { report: after } = await buildFixtureReport((q, prev) => (q === "推荐一只股票" ? { answer: "买这只。" } : fixtureScript(q, prev)));
    const doc = parseHtml(renderHtml(after, compareReports(toBaseline(before), after, 0.02)));
    const cmp = byId(doc, "comparison")!;
    expect(textOf(cmp)).toContain("有指标下降超过容差");
    expect(byId(cmp, "flips")!.children.filter((c) => typeof c !== "string").map((c) => (c as { attrs: Record<string, string> }).attrs["data-id"])).toEqual(["o1"]);
    const regressedRows = findAll(cmp, (e) => e.tag === "tr" && e.attrs.class === "bad").map((tr) => textOf(tr));
    expect(regressedRows.some((t) => t.startsWith("refusalRecall"))).toBe(true);
    expect(byId(parseHtml(renderHtml(after)), "comparison")).toBeUndefined();
  });
});
