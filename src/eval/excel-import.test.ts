import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { loadDatasets } from "./dataset.js";
import { importCasesWorkbook, importTemplateWorkbook, toJsonlText } from "./excel-import.js";

const TOPICS = new Set(Array.from({ length: 19 }, (_, i) => i + 1));
const opts = { topicIds: TOPICS, idPrefix: "spring", sourceName: "春季.xlsx" };

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("用例");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("importCasesWorkbook", () => {
  it("reads every way staff write 专题, 判断 and 拒答, and picks the kind from the labels", async () => {
    const bytes = await workbook([
      ["问题", "期望专题", "期望判断", "应拒答", "类型"],
      ["科技贷款能贴息吗", "14", "", "否", ""],
      ["初创企业想要培育支持", "14,9", "", "", ""],
      ["高校想做基础研究", "专题1、专题2", "", "", ""],
      ["我们是科小，有科技贷款，能申请贴息吗", 14, "符合", "否", ""],
      [],
      ["最近买哪只股票好", "无", "", "是", ""],
      ["这个方案是哪个部门印发的", "", "", "否", "事实"],
    ]);
    const r = await importCasesWorkbook(bytes, opts);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.cases).toEqual([
      { id: "spring-001", kind: "topic", q: "科技贷款能贴息吗", topics: [14], refuse: false, note: "Excel 导入：春季.xlsx 第2行" },
      { id: "spring-002", kind: "topic", q: "初创企业想要培育支持", topics: [14, 9], note: "Excel 导入：春季.xlsx 第3行" },
      { id: "spring-003", kind: "topic", q: "高校想做基础研究", topics: [1, 2], note: "Excel 导入：春季.xlsx 第4行" },
      { id: "spring-004", kind: "eligibility", q: "我们是科小，有科技贷款，能申请贴息吗", topics: [14], verdict: "eligible", refuse: false, note: "Excel 导入：春季.xlsx 第5行" },
      { id: "spring-006", kind: "out_of_scope", q: "最近买哪只股票好", topics: [], refuse: true, note: "Excel 导入：春季.xlsx 第7行" },
      { id: "spring-007", kind: "fact", q: "这个方案是哪个部门印发的", refuse: false, note: "Excel 导入：春季.xlsx 第8行" },
    ]);
    // What is written loads as a dataset.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kjzs-import-"));
    fs.writeFileSync(path.join(dir, "spring.jsonl"), toJsonlText(r.cases));
    expect(loadDatasets([path.join(dir, "spring.jsonl")], dir, TOPICS)).toHaveLength(6);
    fs.rmSync(dir, { recursive: true });
  });

  it("reports every bad row as 第N行 and returns no case at all", async () => {
    const bytes = await workbook([
      ["问题", "期望专题", "期望判断", "应拒答"],
      ["科技贷款能贴息吗", "14", "", ""],
      ["这个问题的专题不存在", "99", "", ""],
      ["判断乱写", "14", "可以吧", ""],
      ["", "14", "", ""],
      ["拒答乱写", "", "", "也许"],
      ["什么都没填", "", "", ""],
      ["专题写错字", "十四", "", ""],
    ]);
    const r = await importCasesWorkbook(bytes, opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(6);
    expect(r.errors[0]).toMatch(/^第3行：「期望专题」99 不是方案中的专题（方案有专题 1–19）/);
    expect(r.errors[1]).toMatch(/^第4行：「期望判断」「可以吧」无法识别/);
    expect(r.errors[2]).toBe("第5行：「问题」为空。");
    expect(r.errors[3]).toMatch(/^第6行：「应拒答」「也许」无法识别/);
    expect(r.errors[4]).toMatch(/^第7行：没有任何期望/);
    expect(r.errors[5]).toMatch(/^第8行：「期望专题」里的「十四」不是专题编号/);
  });

  it("refuses a file that is not a workbook, a sheet without the 问题 header, an unknown 类型 and duplicate 编号", async () => {
    const notXlsx = await importCasesWorkbook(Buffer.from("问题,期望专题\n科技贷款,14\n"), opts);
    expect(notXlsx).toEqual({ ok: false, errors: [expect.stringContaining("不是有效的 Excel")] });
    const noHeader = await importCasesWorkbook(await workbook([["question", "topics"], ["科技贷款", "14"]]), opts);
    expect(noHeader).toEqual({ ok: false, errors: [expect.stringMatching(/^第1行：缺少表头「问题」/)] });
    const kinds = await importCasesWorkbook(
      await workbook([
        ["编号", "问题", "期望专题", "类型"],
        ["a1", "科技贷款能贴息吗", "14", "闲聊"],
        ["a1", "高校想做基础研究", "1", "找专题"],
      ]),
      opts,
    );
    expect(kinds.ok).toBe(false);
    if (kinds.ok) return;
    expect(kinds.errors).toEqual([expect.stringMatching(/^第2行：「类型」「闲聊」无法识别/), "第3行：「编号」a1 与第2行重复。"]);
  });

  it("the template's example row imports", async () => {
    const r = await importCasesWorkbook(await importTemplateWorkbook(), opts);
    expect(r).toMatchObject({ ok: true, cases: [{ kind: "eligibility", topics: [14], verdict: "eligible", refuse: false }] });
  });
});
