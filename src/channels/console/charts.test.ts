import { describe, expect, it } from "vitest";
import { dataTable, horizontalBarChart, lineChart, niceCeil, stackedBarChart } from "./charts.js";

const fontSizes = (svg: string) => [...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]));

describe("console charts", () => {
  it("rounds axis maxima up to 1, 2 or 5 × 10^k", () => {
    expect([0, 1, 3, 7, 10, 11, 40, 51, 999].map(niceCeil)).toEqual([1, 1, 5, 10, 10, 20, 50, 100, 1000]);
  });

  it("stacks series per label, escapes names, labels in ≥14px text", () => {
    const svg = stackedBarChart({
      id: "c",
      title: "每日<提问>",
      desc: "d",
      labels: ["03-01", "03-02"],
      series: [{ name: "<b>web</b>", values: [2, 0] }, { name: "wechat", values: [1, 3] }],
    }).value;
    expect(svg).not.toContain("<b>web</b>");
    expect(svg).toContain("&lt;b&gt;web&lt;/b&gt;");
    expect(svg).toContain("<title id=\"c-t\">每日&lt;提问&gt;</title>");
    expect((svg.match(/<rect [^>]*data-value/g) ?? []).length).toBe(3); // zero values draw nothing
    expect(Math.min(...fontSizes(svg))).toBeGreaterThanOrEqual(14);
  });

  it("breaks a line where a day has no value, and says so when there are no bars", () => {
    const svg = lineChart({ id: "l", title: "t", desc: "d", labels: ["a", "b", "c"], series: [{ name: "率", values: [0.5, null, 1] }], max: 1, format: String }).value;
    expect((svg.match(/<polyline /g) ?? []).length).toBe(2);
    expect((svg.match(/<circle /g) ?? []).length).toBe(2);
    expect(horizontalBarChart({ id: "h", title: "t", desc: "d", bars: [] }).value).toContain("没有数据");
  });

  it("puts the numbers in a collapsed table", () => {
    const t = dataTable("数据", ["日期", "提问数"], [["2026-03-01", 4]]).value;
    expect(t).toContain("<details><summary>数据</summary>");
    expect(t).toContain('<th scope="row">2026-03-01</th><td class="num">4</td>');
  });
});
