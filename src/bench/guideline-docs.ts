// Generated guideline documents for the ingest benchmark: N 申报指南 of about C chunks each, written by the
// libraries that write each format (docx, exceljs, pdfkit; HTML by hand), spread over the plan's 专题. Every
// value is made up (years 2090–2099, 测试样例 in every title, example.invalid addresses, 027-5555 phone numbers).
// Chunk counts follow the guideline chunker: a table row is one chunk, the text under one heading is one passage
// while it stays under 360 characters. So a document is sections of (heading, short paragraph, table), and the
// row count is what sets its size.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { mulberry32, pick } from "./prng.js";

export type GeneratedFormat = "docx" | "xlsx" | "html" | "pdf";

export interface TopicName {
  id: number;
  name: string;
}

export interface GuidelineDocsOptions {
  docs: number;
  /** Chunks wanted over all documents (about; each format lands within a few chunks of its share). */
  targetChunks: number;
  topics: readonly TopicName[];
  seed?: number;
  /** PDFs need a CJK font (findCjkFont); without one their share is written as Word files. */
  pdf?: boolean;
}

export interface DocSpec {
  index: number;
  /** Path under corpus/guidelines/. */
  file: string;
  format: GeneratedFormat;
  topic: TopicName;
  year: number;
  title: string;
  /** Chunks the document should give (what the generator aims for; the chunker decides). */
  chunks: number;
  seed: number;
}

/** Debian's fonts-wqy-microhei; the PDF fixtures use the same one. */
const FONT_CANDIDATES = ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"];
const FONT_FACE = "WenQuanYiMicroHei";

export function findCjkFont(): string | null {
  return FONT_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Out of every 20 documents: 14 Word, 3 Excel, 2 web notices, 1 PDF. */
const MIX: GeneratedFormat[] = [..."dddddddddddddd".split("").map(() => "docx" as const), "xlsx", "xlsx", "xlsx", "html", "html", "pdf"];
const EXT: Record<GeneratedFormat, string> = { docx: "docx", xlsx: "xlsx", html: "html", pdf: "pdf" };
const ISSUER = "测试样例市科学技术局";
const CN = "一二三四五六七八九十";
const cnNumber = (n: number) => (n <= 10 ? CN[n - 1] : n < 20 ? `十${CN[n - 11]}` : String(n));

/** What each document will be: deterministic for the same options. */
export function guidelineDocSpecs(o: GuidelineDocsOptions): DocSpec[] {
  if (o.docs < 1 || o.topics.length === 0) throw new Error("need at least one document and one 专题");
  const pdfOk = o.pdf ?? true;
  const perDoc = Math.max(8, Math.round(o.targetChunks / o.docs));
  const base = o.seed ?? 2090;
  return Array.from({ length: o.docs }, (_, i) => {
    const mixed = MIX[i % MIX.length];
    const format = mixed === "pdf" && !pdfOk ? "docx" : mixed;
    const topic = o.topics[i % o.topics.length];
    // One guideline a year per 专题 from 2090 on: the newest is in force, older ones answer questions naming their year.
    const year = 2090 + (Math.floor(i / o.topics.length) % 10);
    const kind = format === "xlsx" ? "补助名单" : format === "html" ? "申报通知" : "申报指南";
    const title =
      format === "html"
        ? `关于组织申报${year}年度专题${topic.id}${topic.name}的通知（测试样例第${i + 1}号）`
        : `${year}年度专题${topic.id}${topic.name}${kind}（测试样例第${i + 1}号）`;
    const n = String(i + 1).padStart(3, "0");
    return { index: i, file: `bench/${n}-zt${topic.id}.${EXT[format]}`, format, topic, year, title, chunks: perDoc, seed: base * 1000 + i };
  });
}

interface Section {
  heading: string;
  paragraph: string;
  table?: { title: string; header: string[]; rows: string[][] };
}

interface DocModel {
  spec: DocSpec;
  intro: string;
  sections: Section[];
  tail: Section[];
  /** Rows of the Excel list (XLSX only). */
  list?: { header: string[]; rows: string[][] };
}

/** Short filler: one or two clauses, so paragraph + table title stay one passage (< 360 characters). */
function filler(rand: () => number, sentences: readonly string[], n: number): string {
  return Array.from({ length: n }, () => pick(sentences, rand).slice(0, 60)).join("，") + "。";
}

const SUPPORT = ["后补助", "事前资助", "贷款贴息", "股权投资", "奖励"];
const TABLE_ROWS = 10;
/** Tail sections every guideline has: dates, materials, portal, contact (and the sign-off joins the last). */
const TAIL = 4;

/**
 * The text of one document. `revision` changes one amount (the first table's first row, or the list's first
 * row): the "edit one document" of the incremental run, same size and shape.
 */
export function docModel(spec: DocSpec, sentences: readonly string[], revision = 0): DocModel {
  const rand = mulberry32(spec.seed);
  const { topic, year } = spec;
  const amount = () => 10 + Math.floor(rand() * 490);
  const percent = () => 10 + Math.floor(rand() * 6) * 10;
  const intro = `根据《武汉市科技计划体系改革优化方案》，现组织申报专题${topic.id}${topic.name}（测试样例，所列数值均为虚构）。${filler(rand, sentences, 1)}`;
  const tail: Section[] = [
    { heading: "申报时间", paragraph: `网上申报时间为${year}年3月1日至${year}年4月30日，逾期不予受理。` },
    { heading: "申报材料", paragraph: `申报材料包括：申报书、测试样例承诺书、近两年财务报表、专题${topic.id}所需的其他证明材料。` },
    { heading: "申报方式", paragraph: `申报单位登录测试样例科技计划管理系统（https://example.invalid/kjjh/${spec.index + 1}）在线填报并提交。` },
    { heading: "联系方式", paragraph: `测试样例联系人：王老师，联系电话：027-5555${String(1000 + spec.index).slice(-4)}。` },
  ];
  if (spec.format === "xlsx") {
    const rows = Array.from({ length: spec.chunks }, (_, r) => {
      const a = amount() + (r === 0 ? revision : 0);
      return [String(r + 1), `测试样例单位${spec.index + 1}-${r + 1}`, `专题${topic.id}`, pick(SUPPORT, rand), `${a}万元`, `${year}年6月30日前`];
    });
    return { spec, intro, sections: [], tail, list: { header: ["序号", "单位名称", "专题", "支持方式", "补助金额", "申报截止"], rows } };
  }
  if (spec.format === "pdf") {
    // PDF: headings and paragraphs only (one passage each); its tables would depend on column detection.
    const sections = Array.from({ length: Math.max(1, spec.chunks - 1 - TAIL) }, (_, s): Section => {
      const a = amount() + (s === 0 ? revision : 0);
      return { heading: `${cnNumber((s % 19) + 1)}、测试样例支持方向${s + 1}`, paragraph: `本方向单个项目按实际投入的${percent()}%给予补助，最高${a}万元。${filler(rand, sentences, 2)}` };
    });
    return { spec, intro, sections, tail };
  }
  // Word and web: one passage + TABLE_ROWS rows per section; the rows are spread so the total hits the target.
  const bodyChunks = Math.max(2, spec.chunks - 1 - TAIL);
  const count = Math.max(1, Math.round(bodyChunks / (TABLE_ROWS + 1)));
  let rowsLeft = bodyChunks - count;
  const sections = Array.from({ length: count }, (_, s): Section => {
    const rowsHere = Math.max(1, Math.round(rowsLeft / (count - s)));
    rowsLeft -= rowsHere;
    const rows = Array.from({ length: rowsHere }, (_, r) => {
      const a = amount() + (s === 0 && r === 0 ? revision : 0);
      return [`测试事项${s + 1}-${r + 1}`, pick(SUPPORT, rand), `按实际投入的${percent()}%给予补助，单个项目最高${a}万元`, filler(rand, sentences, 1)];
    });
    return {
      heading: `${cnNumber(s + 1)}、测试样例支持方向${s + 1}`,
      paragraph: `本方向支持专题${topic.id}范围内的测试样例事项。${filler(rand, sentences, 2)}`,
      table: { title: `表${s + 1} 支持方向${s + 1}补助标准（测试样例）`, header: ["支持事项", "支持方式", "补助标准", "申报条件"], rows },
    };
  });
  return { spec, intro, sections, tail };
}

/** The tail's headings carry on the body's numbering (一、… 五、申报时间 …). */
function tailHeading(m: DocModel, i: number): string {
  return `${cnNumber(m.sections.length + i + 1)}、${m.tail[i].heading}`;
}

async function renderDocx(m: DocModel): Promise<Uint8Array> {
  const { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } = await import("docx");
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const body = m.sections.flatMap((s) => [
    new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_1 }),
    new Paragraph(s.paragraph),
    ...(s.table
      ? [
          new Paragraph(s.table.title),
          new Table({
            rows: [
              new TableRow({ tableHeader: true, children: s.table.header.map(cell) }),
              ...s.table.rows.map((r) => new TableRow({ children: r.map(cell) })),
            ],
          }),
        ]
      : []),
  ]);
  const tail = m.tail.flatMap((s, i) => [new Paragraph({ text: tailHeading(m, i), heading: HeadingLevel.HEADING_1 }), new Paragraph(s.paragraph)]);
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: m.spec.title, heading: HeadingLevel.TITLE }),
          new Paragraph(m.intro),
          ...body,
          ...tail,
          new Paragraph(ISSUER),
          new Paragraph(`${m.spec.year}年2月10日`),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function renderHtml(m: DocModel): string {
  const table = (t: NonNullable<Section["table"]>) =>
    `<p>${esc(t.title)}</p><table><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>` +
    t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("\n") +
    `</tbody></table>`;
  const sections = m.sections.map((s) => `<h2>${esc(s.heading)}</h2>\n<p>${esc(s.paragraph)}</p>\n${s.table ? table(s.table) : ""}`);
  const tail = m.tail.map((s, i) => `<h2>${esc(tailHeading(m, i))}</h2>\n<p>${esc(s.paragraph)}</p>`);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(m.spec.title)}_${ISSUER}</title></head>
<body><nav><a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></nav><div class="article"><h1>${esc(m.spec.title)}</h1>
<p>${esc(m.intro)}</p>
${[...sections, ...tail].join("\n")}
<p>${ISSUER}</p><p>${m.spec.year}年2月10日</p></div>
<footer>版权所有 © 测试样例</footer></body></html>`;
}

async function renderXlsx(m: DocModel): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.title = m.spec.title;
  const ws = wb.addWorksheet("补助名单");
  const list = m.list!;
  // A merged title row over the columns: the parser takes it as the table's title.
  ws.addRow([m.spec.title]);
  ws.mergeCells(1, 1, 1, list.header.length);
  ws.addRow(list.header);
  for (const r of list.rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function renderPdf(m: DocModel, font: string): Promise<Uint8Array> {
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", margin: 72, info: { Title: m.spec.title } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  doc.font(font, FONT_FACE);
  doc.fontSize(18).text(m.spec.title, { align: "center" });
  doc.moveDown(1);
  doc.fontSize(11).text(m.intro);
  const sections = [...m.sections.map((s) => ({ heading: s.heading, paragraph: s.paragraph })), ...m.tail.map((s, i) => ({ heading: tailHeading(m, i), paragraph: s.paragraph }))];
  for (const s of sections) {
    doc.moveDown(1);
    doc.fontSize(14).text(s.heading);
    doc.moveDown(0.3);
    doc.fontSize(11).text(s.paragraph);
  }
  doc.moveDown(2);
  doc.fontSize(11).text(ISSUER, { align: "right" });
  doc.text(`${m.spec.year}年2月10日`, { align: "right" });
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * One document's bytes (HTML as UTF-8 text). `sentences` fill paragraphs and cells (the plan's own clauses, so
 * the vocabulary is the corpus's).
 */
export async function renderGuidelineDoc(spec: DocSpec, sentences: readonly string[], revision = 0): Promise<Uint8Array | string> {
  const m = docModel(spec, sentences, revision);
  switch (spec.format) {
    case "docx":
      return renderDocx(m);
    case "html":
      return renderHtml(m);
    case "xlsx":
      return renderXlsx(m);
    case "pdf": {
      const font = findCjkFont();
      if (!font) throw new Error(`${spec.file}: no CJK font to write a PDF with`);
      return renderPdf(m, font);
    }
  }
}

/** Writes every document under `guidelinesDir` (one at a time: rendering is CPU-bound and the machine small). */
export async function writeGuidelineDocs(guidelinesDir: string, specs: readonly DocSpec[], sentences: readonly string[]): Promise<void> {
  for (const spec of specs) {
    const file = path.join(guidelinesDir, spec.file);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, await renderGuidelineDoc(spec, sentences));
  }
}
