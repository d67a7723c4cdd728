// An eval run's cases as an Excel sheet staff can filter and annotate: one row per case with what was
// expected, what came back, whether it passed and why not. Every cell is written as a plain string (or
// number) in text format: a visitor's question starting with = + - @ must stay text, never a formula.
import type { Verdict } from "../core/types.js";
import { VERDICT_NAMES } from "./dataset.js";
import { KIND_NAMES } from "./html-report.js";
import type { CaseOutcome, EvalReport } from "./report.js";

export const RESULT_COLUMNS = [
  { header: "编号", width: 16 },
  { header: "类型", width: 14 },
  { header: "问题", width: 50 },
  { header: "期望专题", width: 12 },
  { header: "实际专题", width: 30 },
  { header: "期望判断", width: 10 },
  { header: "实际判断", width: 10 },
  { header: "应拒答", width: 8 },
  { header: "实际拒答", width: 9 },
  { header: "通过", width: 8 },
  { header: "未通过原因", width: 40 },
  { header: "回答", width: 80 },
] as const;

/** Excel's limit for one cell's text. */
const CELL_MAX_CHARS = 32_767;

const yesNo = (v: boolean | undefined) => (v === undefined ? "" : v ? "是" : "否");
const verdictName = (v: Verdict | undefined) => (v ? VERDICT_NAMES[v] : "");

function rowOf(c: CaseOutcome, report: EvalReport): string[] {
  const expectedTopics = c.expected.topics === undefined ? "" : c.expected.topics.length === 0 ? "无" : c.expected.topics.join(",");
  const gotTopics = c.got.topics.map((t) => `${t.id} ${t.name || report.topicNames[t.id] || ""}`.trim()).join("；");
  const reasons = [...c.checks.filter((ch) => !ch.ok).map((ch) => ch.detail ?? ch.label), ...(c.error && !c.checks.length ? [c.error] : [])];
  return [
    c.id,
    KIND_NAMES[c.kind] ?? c.kind,
    c.turns.join(" → "),
    expectedTopics,
    gotTopics || "无",
    verdictName(c.expected.verdict),
    verdictName(c.got.verdict),
    yesNo(c.expected.refuse),
    c.error ? "" : yesNo(c.got.refused ?? false),
    c.pass === null ? "未标注" : c.pass ? "是" : "否",
    reasons.join("；"),
    c.got.answer ?? (c.error ? `（出错：${c.error}）` : ""),
  ].map((s) => s.slice(0, CELL_MAX_CHARS));
}

export async function resultsWorkbook(report: EvalReport): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(report.createdAt);
  const ws = wb.addWorksheet("评测结果");
  ws.columns = RESULT_COLUMNS.map((c) => ({ header: c.header, width: c.width, style: { numFmt: "@" } }));
  for (const c of report.cases) {
    const row = ws.addRow(rowOf(c, report));
    // A string value is stored as a string cell whatever it starts with; the text format (@) also keeps
    // Excel from re-reading it as a formula or a number when someone edits the cell.
    row.eachCell((cell) => {
      cell.numFmt = "@";
      cell.alignment = { vertical: "top", wrapText: true };
    });
  }
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: "middle" };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: RESULT_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
