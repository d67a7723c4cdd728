// Fixture guideline documents built in memory by the libraries that write each format, so no binary
// file is committed and every value is plainly made up (2099年度, 示例专项, 88万元).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where a CJK font for the PDF fixtures may be: a project copy first, then Debian's fonts-wqy-microhei. */
const FONT_CANDIDATES = [
  fileURLToPath(new URL("../../testing/wqy-microhei.ttc", import.meta.url)),
  "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
];
/** A .ttc holds several faces; fontkit picks one by PostScript name. */
const FONT_FACE = "WenQuanYiMicroHei";

export const FIXTURE_TITLE = "2099年度示例专项申报指南";

function cjkFont(): string {
  const found = FONT_CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `no CJK font for the PDF fixtures: looked in ${FONT_CANDIDATES.join(", ")} (apt-get install fonts-wqy-microhei; .ci/run does)`,
    );
  }
  return found;
}

type PdfDoc = PDFKit.PDFDocument;

async function renderPdf(options: PDFKit.PDFDocumentOptions, draw: (doc: PdfDoc) => void): Promise<Uint8Array> {
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", margin: 72, ...options });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  draw(doc);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

/** The PDF pages' text, as a reader would copy it (what the parser should give back). */
export const PDF_TEXT = {
  paragraph:
    "本专项面向示例市注册的示例企业，支持示例领域关键技术攻关，单个项目最高补助88万元，" +
    "补助资金分两期拨付，项目实施期一般为两年，申报单位须具备独立法人资格并具有良好的信用记录。",
  tableTitle: "表1：示例专项支持方向",
  tableHeader: ["序号", "方向", "补助上限"],
  tableRows: [
    ["1", "示例方向甲", "最高补助88万元"],
    ["2", "示例方向乙", "最高补助66万元"],
  ],
  deadline: "申报截止时间为2099年3月31日17:00。",
};

/**
 * Two pages: page 1 has a large title, a paragraph that wraps over several lines and a table drawn as
 * text at column positions; page 2 has a heading and the deadline.
 */
export function makePdf(): Promise<Uint8Array> {
  const font = cjkFont();
  return renderPdf({ info: { Title: FIXTURE_TITLE } }, (doc) => {
    doc.font(font, FONT_FACE);
    doc.fontSize(20).text(FIXTURE_TITLE, { align: "center" });
    doc.moveDown(1);
    doc.fontSize(15).text("一、支持方向");
    doc.moveDown(0.5);
    doc.fontSize(11).text(PDF_TEXT.paragraph);
    doc.moveDown(1.5);
    doc.fontSize(11).text(PDF_TEXT.tableTitle);
    doc.moveDown(0.5);
    const columns = [72, 150, 320];
    for (const row of [PDF_TEXT.tableHeader, ...PDF_TEXT.tableRows]) {
      const y = doc.y;
      row.forEach((cell, i) => doc.text(cell, columns[i], y, { lineBreak: false }));
      doc.x = 72;
      doc.moveDown(1);
    }
    doc.addPage();
    doc.font(font, FONT_FACE).fontSize(15).text("二、申报时间");
    doc.moveDown(0.5);
    doc.fontSize(11).text(PDF_TEXT.deadline);
  });
}

/** What a scanner gives: pages with drawn shapes only, no text layer. */
export function makeScannedPdf(): Promise<Uint8Array> {
  return renderPdf({}, (doc) => {
    doc.rect(72, 72, 300, 40).fill("#333333");
    doc.circle(200, 300, 60).fill("#777777");
    doc.addPage();
    doc.rect(72, 72, 400, 600).stroke();
  });
}

/** A PDF that opens only with a password. */
export function makeEncryptedPdf(): Promise<Uint8Array> {
  const font = cjkFont();
  return renderPdf({ userPassword: "x", ownerPassword: "y" }, (doc) => {
    doc.font(font, FONT_FACE).fontSize(12).text(`${FIXTURE_TITLE}（加密示例）`);
  });
}

/** Opens without a password but forbids copying and printing (an owner password only), as many notices do. */
export function makeRestrictedPdf(): Promise<Uint8Array> {
  const font = cjkFont();
  return renderPdf({ ownerPassword: "y", permissions: { copying: false, printing: "lowResolution" } }, (doc) => {
    doc.font(font, FONT_FACE).fontSize(12).text(PDF_TEXT.deadline);
  });
}

export const DOCX_TABLE = {
  title: "表1 示例专项支持方向一览",
  header: ["序号", "方向", "支持方式", "补助上限"],
};

/**
 * Title, paragraphs, a table title paragraph, then a table whose 支持方式 cell spans rows 1–2
 * (rowSpan) and whose row 3 has one cell across 方向 and 支持方式 (columnSpan), then a closing paragraph.
 */
export async function makeDocx(): Promise<Uint8Array> {
  const { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } = await import("docx");
  const cell = (text: string, span: { rowSpan?: number; columnSpan?: number } = {}) =>
    new TableCell({ children: [new Paragraph(text)], ...span });
  const table = new Table({
    rows: [
      new TableRow({ tableHeader: true, children: DOCX_TABLE.header.map((h) => cell(h)) }),
      new TableRow({
        children: [cell("1"), cell("示例方向甲"), cell("事前资助", { rowSpan: 2 }), cell("最高补助88万元")],
      }),
      // 支持方式 is covered by the row above's rowSpan, so this row has one cell fewer.
      new TableRow({ children: [cell("2"), cell("示例方向乙"), cell("最高补助66万元")] }),
      new TableRow({
        children: [cell("3"), cell("示例方向丙（后补助）", { columnSpan: 2 }), cell("最高补助99万元")],
      }),
    ],
  });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: FIXTURE_TITLE, heading: HeadingLevel.TITLE }),
          new Paragraph({ text: "一、支持方向", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun("本专项支持示例领域的技术攻关，"),
              new TextRun({ text: "单个项目最高补助88万元", bold: true }),
              new TextRun("。"),
            ],
          }),
          new Paragraph(DOCX_TABLE.title),
          table,
          new Paragraph({ text: "二、申报时间", heading: HeadingLevel.HEADING_1 }),
          new Paragraph("申报截止时间为2099年3月31日。"),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export const XLSX_TABLE = {
  title: "2099年度示例专项支持方向表",
  header: ["序号", "方向", "支持方式", "补助上限"],
  contactSheet: "联系方式",
};

/**
 * Sheet 支持方向: a title row merged across A–D, the header, three rows with 支持方式 merged down C3:C4
 * and a blank row before the last. Sheet 联系方式: no title row, so the sheet name is the title.
 */
export async function makeXlsx(): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("支持方向");
  ws.addRow([XLSX_TABLE.title]);
  ws.mergeCells("A1:D1");
  ws.addRow(XLSX_TABLE.header);
  ws.addRow([1, "示例方向甲", "事前资助", "最高补助88万元"]);
  ws.addRow([2, "示例方向乙", null, "最高补助66万元"]);
  ws.mergeCells("C3:C4");
  ws.addRow([]);
  ws.addRow([3, "示例方向丙", "后补助", { richText: [{ text: "最高补助" }, { text: "99万元", font: { bold: true } }] }]);

  const contacts = wb.addWorksheet(XLSX_TABLE.contactSheet);
  contacts.addRow(["事项", "联系人", "截止日期"]);
  contacts.addRow(["申报咨询", "张示例", new Date(Date.UTC(2099, 2, 31))]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export const HTML_TITLE = "关于组织申报2099年度示例专项的通知";

/**
 * A notice page as government sites serve it: script, style, header, nav and footer chrome around an
 * article with an h1, paragraphs (one broken across source lines), a table title and a table with a
 * rowspan and a colspan.
 */
export function makeHtml(): Uint8Array {
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${HTML_TITLE}_示例市科学技术局</title>
<style>body { font-family: sans-serif; }</style>
<script>var tracker = "不应出现的脚本文字";</script>
</head>
<body>
<header><div class="logo">示例市科学技术局</div></header>
<nav><a href="/">网站首页</a><a href="/tzgg">通知公告</a></nav>
<div class="article">
  <h1>${HTML_TITLE}</h1>
  <p>各有关单位：</p>
  <p>　　为支持示例领域技术攻关，现组织申报2099年度示例专项，
     单个项目最高补助88万元。</p>
  <h2>一、申报时间</h2>
  <div>申报截止时间为2099年3月31日。<br>逾期不予受理。</div>
  <p>附表：示例专项支持方向</p>
  <table border="1">
    <tr><th>序号</th><th>方向</th><th>支持方式</th><th>补助上限</th></tr>
    <tr><td>1</td><td>示例方向甲</td><td rowspan="2">事前资助</td><td>最高补助88万元</td></tr>
    <tr><td>2</td><td>示例方向乙</td><td>最高补助66万元</td></tr>
    <tr><td>3</td><td colspan="2">示例方向丙（后补助）</td><td>最高补助99万元</td></tr>
  </table>
</div>
<footer>版权所有：示例市科学技术局 网站地图</footer>
</body>
</html>`;
  return new TextEncoder().encode(html);
}

export function makeMarkdown(): Uint8Array {
  const md = `# ${FIXTURE_TITLE}

## 一、支持方向

本专项支持示例领域的技术攻关，
**单个项目最高补助88万元**。

表1 示例专项支持方向

| 序号 | 方向 | 补助上限 |
| --- | --- | --- |
| 1 | 示例方向甲 | 最高补助88万元 |
| 2 | 示例方向乙 | 最高补助66万元 |

## 二、申报时间

- 申报截止时间为2099年3月31日。
`;
  return new TextEncoder().encode(md);
}
