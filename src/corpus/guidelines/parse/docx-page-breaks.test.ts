import { describe, expect, it } from "vitest";
import { pageBreaks } from "./docx-page-breaks.js";

const body = (xml: string) => `<?xml version="1.0" encoding="UTF-8"?><w:document><w:body>${xml}</w:body></w:document>`;
const p = (text: string, { ppr = "", before = "", after = "" } = {}) =>
  `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : ""}<w:r>${before}<w:t xml:space="preserve">${text}</w:t>${after}</w:r></w:p>`;
const pageBr = '<w:br w:type="page"/>';
const rendered = "<w:lastRenderedPageBreak/>";
const cell = (inner: string) => `<w:tc><w:tcPr><w:tcW w:w="100"/></w:tcPr>${inner}</w:tc>`;
const row = (...cells: string[]) => `<w:tr>${cells.map(cell).join("")}</w:tr>`;
const table = (...rows: string[]) => `<w:tbl><w:tblPr/><w:tblGrid/>${rows.join("")}</w:tbl>`;

/** "text@page" for each paragraph with text. */
function pages(xml: string, styles = ""): string[] {
  return pageBreaks(body(xml), styles)
    .paragraphs.filter((para) => para.text !== "")
    .map((para) => `${para.text}@${para.page}`);
}

describe("pageBreaks", () => {
  it("counts nothing in a file without breaks", () => {
    const result = pageBreaks(body(p("甲") + p("乙")));
    expect(result.paginated).toBe(false);
    expect(result.pages).toBe(1);
    expect(result.paragraphs.map((x) => x.page)).toEqual([1, 1]);
  });

  it("starts a page after w:br type=page, leaving the text before it on the old page", () => {
    const xml = p("甲", { after: pageBr }) + p("乙") + `<w:p><w:r>${pageBr}</w:r></w:p>` + p("丙");
    expect(pages(xml)).toEqual(["甲@1", "乙@2", "丙@3"]);
    expect(pageBreaks(body(xml)).pages).toBe(3);
  });

  it("ignores a text-wrapping break", () => {
    expect(pages(p("甲", { after: '<w:br/><w:br w:type="textWrapping"/>' }) + p("乙"))).toEqual(["甲@1", "乙@1"]);
  });

  it("puts a paragraph Word broke inside on the page it starts on", () => {
    const xml = `<w:p><w:r><w:t>上半</w:t>${rendered}<w:t>下半</w:t></w:r></w:p>` + p("乙") + p("丙", { before: rendered });
    expect(pages(xml)).toEqual(["上半下半@1", "乙@2", "丙@3"]);
  });

  it("takes a rendered break right after a hard one as the same break", () => {
    const xml = `<w:p><w:r>${pageBr}</w:r></w:p>` + p("乙", { before: rendered }) + p("丙");
    expect(pages(p("甲") + xml)).toEqual(["甲@1", "乙@2", "丙@2"]);
  });

  it("counts pageBreakBefore unless switched off or already at the top of a page", () => {
    const xml =
      p("甲", { ppr: "<w:pageBreakBefore/>" }) +
      p("乙", { ppr: "<w:pageBreakBefore/>" }) +
      p("丙", { ppr: '<w:pageBreakBefore w:val="0"/>' }) +
      p("丁", { after: pageBr }) +
      p("戊", { ppr: '<w:pageBreakBefore w:val="true"/>' });
    expect(pages(xml)).toEqual(["甲@1", "乙@2", "丙@2", "丁@2", "戊@3"]);
  });

  it("reads pageBreakBefore from the paragraph style and the styles it is based on", () => {
    const styles = `<w:styles>
      <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:pageBreakBefore/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Chapter"><w:basedOn w:val="Heading1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Quiet"><w:basedOn w:val="Heading1"/><w:pPr><w:pageBreakBefore w:val="false"/></w:pPr></w:style>
    </w:styles>`;
    const style = (id: string) => `<w:pStyle w:val="${id}"/>`;
    const xml =
      p("甲") +
      p("一", { ppr: style("Heading1") }) +
      p("二", { ppr: style("Chapter") }) +
      p("三", { ppr: style("Quiet") }) +
      p("四", { ppr: style("Chapter") + '<w:pageBreakBefore w:val="0"/>' });
    expect(pages(xml, styles)).toEqual(["甲@1", "一@2", "二@3", "三@3", "四@3"]);
    expect(pages(p("甲") + p("乙", { ppr: style("Missing") }), styles)).toEqual(["甲@1", "乙@1"]);
  });

  it("breaks at a section end unless the next section is continuous, landing odd sections on odd pages", () => {
    const sect = (type?: string) => `<w:sectPr>${type ? `<w:type w:val="${type}"/>` : ""}<w:pgSz w:w="11906"/></w:sectPr>`;
    const xml =
      p("甲", { ppr: sect() }) +
      p("乙", { ppr: sect("continuous") }) +
      p("丙", { ppr: sect("nextPage") }) +
      p("丁", { ppr: sect("oddPage") }) +
      p("戊") +
      sect("nextPage");
    // The break ending a section is the next section's type: 乙's is continuous, 丁's odd page is page 3.
    expect(pages(xml)).toEqual(["甲@1", "乙@1", "丙@2", "丁@3", "戊@4"]);
    const odd = p("甲", { ppr: sect() }) + p("乙", { ppr: sect("oddPage") }) + p("丙") + sect("oddPage");
    // 甲's section ends on page 1; 乙's odd section would be page 2, so it skips to 3; 丙's goes 4 → 5.
    expect(pages(odd)).toEqual(["甲@1", "乙@3", "丙@5"]);
  });

  it("reads a section's current type, not the one a tracked revision replaced", () => {
    const revised = (now: string, before: string) =>
      `<w:sectPr><w:type w:val="${now}"/><w:sectPrChange w:id="1"><w:sectPr><w:type w:val="${before}"/></w:sectPr></w:sectPrChange></w:sectPr>`;
    const xml = p("甲", { ppr: "<w:sectPr/>" }) + p("乙", { ppr: revised("continuous", "nextPage") }) + p("丙") + revised("nextPage", "continuous");
    expect(pages(xml)).toEqual(["甲@1", "乙@1", "丙@2"]);
  });

  it("gives table-cell paragraphs their pages and counts a row Word broke before once for all its cells", () => {
    const xml =
      p("表前") +
      table(
        row(p("序号"), p("名称")),
        row(p("1", { before: rendered }), p("甲方向", { before: rendered }) + p("第二段")),
        row(p("2"), p("乙方向")),
      ) +
      p("表后");
    expect(pages(xml)).toEqual(["表前@1", "序号@1", "名称@1", "1@2", "甲方向@2", "第二段@2", "2@2", "乙方向@2", "表后@2"]);
    const { paragraphs } = pageBreaks(body(xml));
    expect(paragraphs.map((x) => x.rowEnd)).toEqual([undefined, 3, 3, 6, 6, 6, 8, 8, undefined]);
  });

  it("follows a tall row split across pages by the cell that runs longest", () => {
    const xml =
      table(row(p("短"), p("长一", { after: rendered }) + p("长二", { after: rendered }) + p("长三"))) + p("表后");
    expect(pages(xml)).toEqual(["短@1", "长一@1", "长二@2", "长三@3", "表后@3"]);
  });

  it("ignores pageBreakBefore inside a table", () => {
    expect(pages(p("甲") + table(row(p("格", { ppr: "<w:pageBreakBefore/>" }), p("乙"))))).toEqual([
      "甲@1",
      "格@1",
      "乙@1",
    ]);
  });

  it("reads a text box once, from mc:Fallback as mammoth does, and counts no break inside it", () => {
    const box = (t: string) => `<w:txbxContent>${p(t, { after: pageBr })}</w:txbxContent>`;
    const xml =
      `<w:p><w:r><w:t>框外</w:t><mc:AlternateContent>` +
      `<mc:Choice Requires="wps"><w:drawing>${box("选择")}</w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><v:shape><v:textbox>${box("框内")}</v:textbox></v:shape></w:pict></mc:Fallback>` +
      `</mc:AlternateContent></w:r></w:p>` +
      p("框后");
    expect(pages(xml)).toEqual(["框外@1", "框内@1", "框后@1"]);
    expect(pageBreaks(body(xml)).paginated).toBe(false);
  });

  it("leaves out field codes, deletions and the properties a revision replaced", () => {
    const run = (inner: string) => `<w:r>${inner}</w:r>`;
    const field =
      run('<w:fldChar w:fldCharType="begin"/>') +
      run("<w:instrText> PAGE </w:instrText>") +
      run('<w:fldChar w:fldCharType="separate"/>') +
      run("<w:t>3</w:t>") +
      run('<w:fldChar w:fldCharType="end"/>');
    const xml =
      p("甲") +
      `<w:p><w:pPr><w:pPrChange w:id="1"><w:pPr><w:pageBreakBefore/></w:pPr></w:pPrChange></w:pPr>${field}` +
      `<w:del w:id="2">${run(`<w:delText>删去</w:delText>${pageBr}`)}</w:del>${run("<w:t>留下</w:t>")}</w:p>`;
    expect(pages(xml)).toEqual(["甲@1", "3留下@1"]);
    expect(pageBreaks(body(xml)).paginated).toBe(false);
  });

  it("drops the text mammoth drops (a simple field's) while Word still lays it out", () => {
    const simpleField = '<w:fldSimple w:instr="SEQ 表"><w:r><w:t>1</w:t></w:r></w:fldSimple>';
    const xml =
      `<w:p><w:r><w:t>表</w:t></w:r>${simpleField}${pageBr}</w:p>` +
      `<w:p>${simpleField}</w:p>` +
      p("乙", { before: rendered });
    // Page 2 holds only the field, so the rendered break before 乙 is a break of its own.
    expect(pages(xml)).toEqual(["表@1", "乙@3"]);
  });

  it("decodes entities and CDATA in text, and skips comments", () => {
    const xml = `<w:p><w:r><w:t>A&amp;B&#x4E2D;&#25991;</w:t><!-- <w:br w:type="page"/> --><w:t><![CDATA[<x>]]></w:t></w:r></w:p>`;
    expect(pages(xml)).toEqual(["A&B中文<x>@1"]);
  });
});
