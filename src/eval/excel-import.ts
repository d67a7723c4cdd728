// Eval cases from an Excel workbook staff fill in: a header row with 问题 / 期望专题 / 期望判断 / 应拒答
// (and optionally 类型 and 编号), one case a row. Every bad row is reported as 「第N行：…」 (N as Excel
// numbers rows) and nothing is returned unless every row is good: half an imported set would be scored
// as if it were the whole.
import type { Worksheet } from "exceljs";
import type { Verdict } from "../core/types.js";
import { cellText } from "../corpus/guidelines/parse/xlsx-cell-text.js";
import { CASE_KINDS, parseDataset, type CaseKind } from "./dataset.js";
import { KIND_NAMES } from "./html-report.js";

export const IMPORT_COLUMNS = { question: "问题", topics: "期望专题", verdict: "期望判断", refuse: "应拒答", kind: "类型", id: "编号" } as const;
/** A workbook bigger than this is not a hand-made eval set. */
export const IMPORT_MAX_ROWS = 5000;
const QUESTION_MAX_CHARS = 1000;

export const VERDICT_WORDS: Record<string, Verdict> = { 符合: "eligible", 不符合: "ineligible", 需补充: "uncertain" };
const YES = new Set(["是", "y", "yes", "true", "1", "应拒答", "拒答"]);
const NO = new Set(["否", "n", "no", "false", "0", "不拒答"]);
/** 「无」 in 期望专题: the answer should name no 专题. */
const NO_TOPIC_WORDS = new Set(["无", "没有", "不应给出"]);

export interface ImportedCase {
  id: string;
  kind: CaseKind;
  q: string;
  topics?: number[];
  verdict?: Verdict;
  refuse?: boolean;
  note: string;
}

export type ImportResult = { ok: true; cases: ImportedCase[] } | { ok: false; errors: string[] };

export interface ImportOptions {
  /** The plan's 专题 ids: any other number is an error. */
  topicIds: ReadonlySet<number>;
  /** Case ids are `<idPrefix>-<n>` unless the row has its own 编号. */
  idPrefix: string;
  /** Shown in each case's note (where the case came from). */
  sourceName: string;
}

const KIND_BY_NAME = new Map<string, CaseKind>([
  ...CASE_KINDS.map((k): [string, CaseKind] => [KIND_NAMES[k], k]),
  ...CASE_KINDS.map((k): [string, CaseKind] => [k, k]),
]);

const norm = (s: string) => s.replace(/[\s\u3000]+/g, "");

/** "14", "14,9", "专题14、专题9", "14，9" → ids; undefined entries are words that are not numbers. */
function parseTopics(text: string): { ids: number[]; bad: string[] } {
  const parts = text.split(/[,，、;；/\s]+/).map((p) => p.replace(/^专题/, "").replace(/^第/, "").replace(/号?$/, "")).filter(Boolean);
  const ids: number[] = [];
  const bad: string[] = [];
  for (const p of parts) {
    if (/^\d+$/.test(p)) ids.push(Number(p));
    else bad.push(p);
  }
  return { ids, bad };
}

function headerOf(ws: Worksheet): Map<string, number> {
  const cols = new Map<string, number>();
  const row = ws.findRow(1);
  if (!row) return cols;
  for (let c = 1; c <= ws.columnCount; c++) {
    const cell = row.findCell(c);
    const name = cell ? norm(cellText(cell)) : "";
    if (name && !cols.has(name)) cols.set(name, c);
  }
  return cols;
}

/** Reads the first worksheet; see the file comment for the columns. */
export async function importCasesWorkbook(bytes: Uint8Array, opts: ImportOptions): Promise<ImportResult> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads.
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    return { ok: false, errors: ["无法读取这个文件：它不是有效的 Excel（.xlsx）工作簿。请用 Excel 或 WPS 另存为 .xlsx 后再上传。"] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { ok: false, errors: ["工作簿里没有工作表。"] };
  const cols = headerOf(ws);
  const qCol = cols.get(IMPORT_COLUMNS.question);
  if (!qCol) return { ok: false, errors: [`第1行：缺少表头「${IMPORT_COLUMNS.question}」。第1行须为表头：问题、期望专题、期望判断、应拒答（可加 类型、编号）。`] };
  if (ws.rowCount - 1 > IMPORT_MAX_ROWS) return { ok: false, errors: [`用例太多：最多 ${IMPORT_MAX_ROWS} 行，这个表有 ${ws.rowCount - 1} 行。`] };
  const text = (r: number, name: string) => {
    const c = cols.get(name);
    const cell = c ? ws.findRow(r)?.findCell(c) : undefined;
    return cell ? cellText(cell).trim() : "";
  };
  const range = opts.topicIds.size ? `${Math.min(...opts.topicIds)}–${Math.max(...opts.topicIds)}` : "";

  const errors: string[] = [];
  const cases: ImportedCase[] = [];
  const rows: number[] = [];
  const ids = new Map<string, number>();
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    const cells = [...cols.values()].map((c) => (row?.findCell(c) ? cellText(row.findCell(c)!).trim() : ""));
    if (cells.every((v) => v === "")) continue; // blank rows between blocks are fine
    const before = errors.length;
    const bad = (msg: string) => errors.push(`第${r}行：${msg}`);
    const q = text(r, IMPORT_COLUMNS.question);
    if (!q) bad("「问题」为空。");
    else if (q.length > QUESTION_MAX_CHARS) bad(`「问题」超过 ${QUESTION_MAX_CHARS} 个字。`);

    let topics: number[] | undefined;
    const topicText = text(r, IMPORT_COLUMNS.topics);
    if (NO_TOPIC_WORDS.has(norm(topicText))) topics = [];
    else if (topicText) {
      const { ids: t, bad: words } = parseTopics(topicText);
      const unknown = opts.topicIds.size ? t.filter((id) => !opts.topicIds.has(id)) : t.filter((id) => id < 1);
      if (words.length) bad(`「期望专题」里的「${words.join("、")}」不是专题编号（应写成 14、14,9 或 专题14；不应给出专题写「无」）。`);
      else if (unknown.length) bad(`「期望专题」${unknown.join("、")} 不是方案中的专题${range ? `（方案有专题 ${range}）` : ""}。`);
      else if (new Set(t).size !== t.length) bad("「期望专题」重复写了同一个专题。");
      else topics = t;
    }

    let verdict: Verdict | undefined;
    const verdictText = norm(text(r, IMPORT_COLUMNS.verdict));
    if (verdictText) {
      verdict = VERDICT_WORDS[verdictText] ?? ((["eligible", "ineligible", "uncertain"] as const).find((v) => v === verdictText.toLowerCase()));
      if (!verdict) bad(`「期望判断」「${verdictText}」无法识别，应为 符合、不符合、需补充 或留空。`);
    }

    let refuse: boolean | undefined;
    const refuseText = norm(text(r, IMPORT_COLUMNS.refuse)).toLowerCase();
    if (refuseText) {
      if (YES.has(refuseText)) refuse = true;
      else if (NO.has(refuseText)) refuse = false;
      else bad(`「应拒答」「${refuseText}」无法识别，应为 是、否 或留空。`);
    }

    let kind: CaseKind = refuse ? "out_of_scope" : verdict ? "eligibility" : "topic";
    const kindText = norm(text(r, IMPORT_COLUMNS.kind));
    if (kindText) {
      const k = KIND_BY_NAME.get(kindText);
      if (k) kind = k;
      else bad(`「类型」「${kindText}」无法识别，应为 ${CASE_KINDS.map((x) => KIND_NAMES[x]).join("、")} 之一或留空。`);
    }
    if (topics === undefined && verdict === undefined && refuse === undefined && errors.length === before) {
      bad("没有任何期望：请至少填写「期望专题」「期望判断」「应拒答」之一，否则这条用例无法评分。");
    }

    const id = text(r, IMPORT_COLUMNS.id) || `${opts.idPrefix}-${String(r - 1).padStart(3, "0")}`;
    const first = ids.get(id);
    if (first !== undefined) bad(`「编号」${id} 与第${first}行重复。`);
    else ids.set(id, r);

    if (errors.length === before) {
      rows.push(r);
      cases.push({
        id,
        kind,
        q,
        ...(topics && { topics }),
        ...(verdict && { verdict }),
        ...(refuse !== undefined && { refuse }),
        note: `Excel 导入：${opts.sourceName} 第${r}行`,
      });
    }
  }
  if (errors.length) return { ok: false, errors };
  if (cases.length === 0) return { ok: false, errors: ["表格中没有任何用例：第1行是表头，用例从第2行开始填写。"] };
  // The dataset loader is the authority on what a case may be: check what will be written with it.
  const check = parseDataset(toJsonlText(cases), "import");
  if (check.issues.length) return { ok: false, errors: check.issues.map((i) => `第${rows[i.line - 1]}行：${i.message}`) };
  return { ok: true, cases };
}

export function toJsonlText(cases: readonly ImportedCase[]): string {
  return cases.map((c) => JSON.stringify(c)).join("\n") + "\n";
}

/** The import template: the header row, one example row and a sheet explaining the columns. */
export async function importTemplateWorkbook(): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("用例");
  ws.columns = [
    { header: IMPORT_COLUMNS.question, key: "q", width: 60 },
    { header: IMPORT_COLUMNS.topics, key: "topics", width: 14 },
    { header: IMPORT_COLUMNS.verdict, key: "verdict", width: 12 },
    { header: IMPORT_COLUMNS.refuse, key: "refuse", width: 10 },
    { header: IMPORT_COLUMNS.kind, key: "kind", width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  ws.addRow({ q: "我们公司是入库的科技型中小企业，有一笔科技贷款，利息能申请补助吗", topics: "14", verdict: "符合", refuse: "否", kind: KIND_NAMES.eligibility });
  // Text format, so 14,9 stays as typed instead of turning into a number.
  ws.getColumn(2).numFmt = "@";
  const help = wb.addWorksheet("说明");
  help.columns = [{ width: 14 }, { width: 90 }];
  help.addRows([
    ["列", "怎么填"],
    [IMPORT_COLUMNS.question, "必填。访客会怎么问，就怎么写。"],
    [IMPORT_COLUMNS.topics, "期望推荐的专题编号：14，或 14,9（排第一的是其中任何一个都算对），或 专题14；不应给出专题写「无」；不检查专题就留空。"],
    [IMPORT_COLUMNS.verdict, "符合 / 不符合 / 需补充，或留空（不检查）。"],
    [IMPORT_COLUMNS.refuse, "是 / 否，或留空（不检查）。"],
    [IMPORT_COLUMNS.kind, `可选：${CASE_KINDS.map((k) => KIND_NAMES[k]).join("、")}。留空时：应拒答为是→超出范围；填了期望判断→申报资格；否则→找专题。`],
    [IMPORT_COLUMNS.id, "可选：用例编号（同一文件内不重复）；留空时按行号自动生成。"],
  ]);
  help.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
