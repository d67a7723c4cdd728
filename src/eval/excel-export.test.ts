import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { RESULT_COLUMNS, resultsWorkbook } from "./excel-export.js";
import { buildFixtureReport, fixtureScript } from "./testing/fixture-eval.js";

describe("resultsWorkbook", () => {
  it("one row per case with bold frozen headers; formula-looking text stays a string", async () => {
    const { report } = await buildFixtureReport((q, prev) => (q === "签证怎么办" ? { answer: "=HYPERLINK(\"http://evil.example\",\"点我\")" } : fixtureScript(q, prev)));
    report.cases[0].turns = ["=1+1 科技贷款能贴息吗"];
    const bytes = await resultsWorkbook(report);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(report.cases.length + 1);
    const header = ws.getRow(1);
    expect(RESULT_COLUMNS.map((_, i) => header.getCell(i + 1).value)).toEqual([
      "编号", "类型", "问题", "期望专题", "实际专题", "期望判断", "实际判断", "应拒答", "实际拒答", "通过", "未通过原因", "回答",
    ]);
    expect(header.font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.getColumn(3).width).toBe(50);

    const byId = new Map<string, ExcelJS.Row>();
    ws.eachRow((r, n) => n > 1 && byId.set(String(r.getCell(1).value), r));
    const t1 = byId.get("t1")!;
    expect(t1.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(t1.getCell(3).value).toBe("=1+1 科技贷款能贴息吗");
    expect(t1.getCell(3).formula).toBeUndefined();
    expect(t1.getCell(2).value).toBe("找专题");
    expect(t1.getCell(4).value).toBe("14");
    expect(t1.getCell(10).value).toBe("是");
    const o2 = byId.get("o2")!;
    expect(o2.getCell(12).type).toBe(ExcelJS.ValueType.String);
    expect(o2.getCell(12).value).toBe("=HYPERLINK(\"http://evil.example\",\"点我\")");
    expect(o2.getCell(10).value).toBe("否");
    expect(o2.getCell(11).value).toBe("expected a refusal, got an answer");
    expect(o2.getCell(8).value).toBe("是");
    expect(o2.getCell(9).value).toBe("否");
    const e2 = byId.get("e2")!;
    expect([e2.getCell(6).value, e2.getCell(7).value]).toEqual(["不符合", "需补充"]);
    expect(byId.get("n1")!.getCell(10).value).toBe("未标注");
  });
});
