// Which page each paragraph of a Word body starts on, from the breaks the file records. A .docx has no
// fixed pagination, but Word and WPS leave w:lastRenderedPageBreak where the page broke when they last
// laid it out, and authors leave w:br type="page", pageBreakBefore (direct or from the paragraph's style)
// and section breaks that start a new page. A tokenizer rather than a DOM: a long guideline's
// document.xml is megabytes, and only a few element names matter here.

export interface PagedParagraph {
  /** The paragraph's text as mammoth shows it: no field codes, deleted runs or Choice copies. */
  text: string;
  /** 1-based page the paragraph starts on. */
  page: number;
  /** In a table row: the index of the first paragraph after that row. */
  rowEnd?: number;
}

export interface PageBreaks {
  /** Every paragraph in document order, those in table cells and text boxes included. */
  paragraphs: PagedParagraph[];
  /** Whether any page break was counted; without one the pages are unknown, not all 1. */
  paginated: boolean;
  /** The page the document ends on. */
  pages: number;
}

const TOKEN =
  /<(\/?)([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<[?!][^>]*>/g;

/** Elements whose whole content is neither shown nor laid out: Word renders mc:Choice and mammoth reads
 * mc:Fallback, so only one copy counts; the rest are deletions, field codes and old property revisions. */
const SKIP = new Set([
  "mc:Choice", "w:del", "w:moveFrom", "w:instrText", "w:delText", "w:delInstrText", "w:sdtPr", "w:sdtEndPr",
  "w:sectPr", "w:rPr", "w:tblPr", "w:tblPrEx", "w:tblGrid", "w:trPr", "w:tcPr", "w:footnotePr", "w:endnotePr",
]);

/** Elements mammoth reads the text of; text inside any other (w:fldSimple, w:drawing, math) it drops. */
const TRANSPARENT = new Set([
  "w:document", "w:body", "w:p", "w:r", "w:t", "w:hyperlink", "w:tbl", "w:tr", "w:tc", "mc:AlternateContent",
  "mc:Fallback", "w:sdt", "w:sdtContent", "w:customXml", "w:ins", "w:moveTo", "w:smartTag", "w:object",
  "w:pict", "v:roundrect", "v:shape", "v:textbox", "w:txbxContent", "v:group", "v:rect",
]);

/** Things on a page that are not text: a page holding one is not blank. */
const CONTENT = new Set(["w:drawing", "w:pict", "w:object", "w:sym"]);

const NO_PAGE_SECTION = new Set(["continuous", "nextColumn"]);

const VAL = /\bw:val\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const TYPE = /\bw:type\s*=\s*(?:"([^"]*)"|'([^']*)')/;

function attr(attrs: string, re: RegExp): string | undefined {
  const m = re.exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** ST_OnOff: absent means on. */
function onOff(value: string | undefined): boolean {
  return value === undefined || value === "1" || value === "true" || value === "on";
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXml(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, e: string) => {
    if (e[0] !== "#") return ENTITIES[e.toLowerCase()] ?? whole;
    const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The type of each section in order (its w:sectPr: in a paragraph's pPr, or the body's last). A section's
 * type says how it starts, so the break at the end of section k is decided by section k+1.
 */
function sectionTypes(xml: string): string[] {
  const types: string[] = [];
  let depth = 0;
  for (const m of xml.matchAll(/<(\/?)w:(sectPr|type)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const [, closing, name, attrs] = m;
    if (name === "sectPr") {
      if (closing) depth = Math.max(0, depth - 1);
      else {
        if (depth === 0) types.push("nextPage");
        if (!attrs.endsWith("/")) depth++;
      }
    } else if (depth === 1 && !closing) {
      // A w:sectPrChange holds the old properties one level deeper; only the current type counts.
      types[types.length - 1] = attr(attrs, VAL) ?? "nextPage";
    }
  }
  return types;
}

/** Paragraph styles that set pageBreakBefore, through w:basedOn; and the default paragraph style. */
function styleBreaks(stylesXml: string): (styleId: string | undefined) => boolean {
  const own = new Map<string, { basedOn?: string; breakBefore?: boolean }>();
  let defaultId: string | undefined;
  for (const m of stylesXml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const [, attrs, body] = m;
    if (attr(attrs, TYPE) !== "paragraph") continue;
    const id = /\bw:styleId\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    if (id === undefined) continue;
    if (/\bw:default\s*=\s*"(1|true|on)"/.test(attrs)) defaultId = id;
    const basedOn = /<w:basedOn\b([^>]*)>/.exec(body);
    const pbb = /<w:pageBreakBefore\b([^>]*)>/.exec(body);
    own.set(id, {
      basedOn: basedOn ? attr(basedOn[1], VAL) : undefined,
      breakBefore: pbb ? onOff(attr(pbb[1], VAL)) : undefined,
    });
  }
  const memo = new Map<string, boolean>();
  return (styleId) => {
    const start = styleId ?? defaultId;
    if (start === undefined) return false;
    const known = memo.get(start);
    if (known !== undefined) return known;
    let id: string | undefined = start;
    let result = false;
    // A bound, not a visited set: a basedOn loop in a broken file just ends.
    for (let hops = 0; id !== undefined && hops < 32; hops++) {
      const style = own.get(id);
      if (!style) break;
      if (style.breakBefore !== undefined) {
        result = style.breakBefore;
        break;
      }
      id = style.basedOn;
    }
    memo.set(start, result);
    return result;
  };
}

interface Row {
  startPage: number;
  startTop: boolean;
  maxBreaks: number;
  endTop: boolean;
  content: boolean;
  end: number;
}

interface Para {
  text: string;
  page: number | undefined;
  row: Row | undefined;
  /** Index of the section this paragraph's mark ends. */
  sectionEnd?: number;
}

/** Index just past the end tag closing the element whose start tag ends at `from` (nested ones of the
 * same name included: a w:sectPrChange holds a w:sectPr). */
function skipElement(xml: string, name: string, from: number): number {
  const openTag = `<${name}`;
  const closeTag = `</${name}>`;
  let depth = 1;
  let pos = from;
  for (;;) {
    const close = xml.indexOf(closeTag, pos);
    if (close < 0) return xml.length;
    for (let o = xml.indexOf(openTag, pos); o >= 0 && o < close; o = xml.indexOf(openTag, o + openTag.length)) {
      const next = xml.charCodeAt(o + openTag.length);
      const isSame = next === 62 || next === 47 || next === 32 || next === 9 || next === 10 || next === 13;
      if (isSame && xml.charCodeAt(xml.indexOf(">", o) - 1) !== 47) depth++;
    }
    pos = close + closeTag.length;
    if (--depth === 0) return pos;
  }
}

export function pageBreaks(documentXml: string, stylesXml = ""): PageBreaks {
  const xml = documentXml;
  const types = sectionTypes(xml);
  const styleBreak = styleBreaks(stylesXml);
  const records: Para[] = [];
  const paraStack: Para[] = [];
  const rowStack: Row[] = [];
  /** Open elements' names, and whether each is one whose text mammoth drops. */
  const names: string[] = [];
  const hiddenFlags: boolean[] = [];
  let page = 1;
  let paginated = false;
  /** Nothing laid out since the last break: a rendered break here is that same break. */
  let atTop = true;
  let hiddenDepth = 0;
  let txbxDepth = 0;
  let sections = 0;
  let inT = false;
  let tHidden = false;
  let ppr: { para: Para; style?: string; breakBefore?: boolean } | undefined;

  const newPage = () => {
    page++;
    paginated = true;
    atTop = true;
  };
  const content = () => {
    atTop = false;
    for (let i = paraStack.length - 1; i >= 0 && paraStack[i].page === undefined; i--) paraStack[i].page = page;
    const row = rowStack[rowStack.length - 1];
    if (row) row.content = true;
  };
  const text = (raw: string) => {
    if (!tHidden && paraStack.length > 0) paraStack[paraStack.length - 1].text += decodeXml(raw);
    if (/\S/.test(raw)) content();
  };

  const open = (name: string, attrs: string, selfClosing: boolean) => {
    switch (name) {
      case "w:p": {
        const para: Para = { text: "", page: undefined, row: rowStack[rowStack.length - 1] };
        records.push(para);
        if (selfClosing) para.page = page;
        else paraStack.push(para);
        break;
      }
      case "w:pPr":
        if (!selfClosing && names[names.length - 1] === "w:p") ppr = { para: paraStack[paraStack.length - 1] };
        break;
      case "w:pStyle":
        if (ppr) ppr.style = attr(attrs, VAL);
        break;
      case "w:pageBreakBefore":
        if (ppr) ppr.breakBefore = onOff(attr(attrs, VAL));
        break;
      case "w:t":
        inT = !selfClosing;
        tHidden = hiddenDepth > 0;
        break;
      case "w:lastRenderedPageBreak":
        if (txbxDepth === 0 && !atTop) newPage();
        break;
      case "w:br":
        if (txbxDepth === 0 && attr(attrs, TYPE) === "page") newPage();
        break;
      case "w:txbxContent":
        if (!selfClosing) txbxDepth++;
        break;
      case "w:tr":
        if (!selfClosing) {
          rowStack.push({ startPage: page, startTop: atTop, maxBreaks: 0, endTop: atTop, content: false, end: -1 });
        }
        break;
      case "w:tc": {
        // Cells of a row run down the same pages side by side: each starts where the row starts.
        const row = rowStack[rowStack.length - 1];
        if (row) {
          page = row.startPage;
          atTop = row.startTop;
        }
        break;
      }
    }
    if (CONTENT.has(name)) content();
    if (!selfClosing) {
      const hidden = !TRANSPARENT.has(name);
      names.push(name);
      hiddenFlags.push(hidden);
      if (hidden) hiddenDepth++;
    }
  };

  const close = () => {
    const name = names.pop();
    if (name === undefined) return;
    if (hiddenFlags.pop()) hiddenDepth--;
    switch (name) {
      case "w:t":
        inT = false;
        break;
      case "w:pPr":
        if (ppr) {
          const breakBefore = ppr.breakBefore ?? styleBreak(ppr.style);
          // At the top of a page the paragraph is already on a new one; Word ignores the setting in tables.
          if (breakBefore && !atTop && rowStack.length === 0 && txbxDepth === 0) newPage();
          ppr = undefined;
        }
        break;
      case "w:p": {
        const para = paraStack.pop();
        if (!para) break;
        para.page ??= page;
        if (para.sectionEnd !== undefined && rowStack.length === 0 && txbxDepth === 0) {
          const next = types[para.sectionEnd + 1] ?? "nextPage";
          if (!NO_PAGE_SECTION.has(next)) {
            newPage();
            // An odd- or even-page section skips a blank page to land on the right side.
            if ((next === "oddPage" && page % 2 === 0) || (next === "evenPage" && page % 2 === 1)) page++;
          }
        }
        break;
      }
      case "w:txbxContent":
        txbxDepth--;
        break;
      case "w:tc": {
        const row = rowStack[rowStack.length - 1];
        if (row && page - row.startPage > row.maxBreaks) {
          row.maxBreaks = page - row.startPage;
          row.endTop = atTop;
        }
        break;
      }
      case "w:tr": {
        const row = rowStack.pop();
        if (!row) break;
        page = row.startPage + row.maxBreaks;
        atTop = row.maxBreaks > 0 ? row.endTop : row.startTop && !row.content;
        row.end = records.length;
        const outer = rowStack[rowStack.length - 1];
        if (outer && row.content) outer.content = true;
        break;
      }
    }
  };

  const token = new RegExp(TOKEN.source, "g");
  let last = 0;
  for (let m = token.exec(xml); m !== null; m = token.exec(xml)) {
    if (inT && m.index > last) text(xml.slice(last, m.index));
    last = token.lastIndex;
    const name = m[2];
    if (name === undefined) {
      if (inT && m[4] !== undefined) text(m[4]);
      continue;
    }
    if (m[1]) {
      close();
      continue;
    }
    const attrs = m[3];
    const selfClosing = attrs.endsWith("/");
    if (name === "w:sectPr") {
      // Counted wherever it is, as sectionTypes counts them; only one in a paragraph's pPr ends a section.
      const k = sections++;
      if (ppr && names[names.length - 1] === "w:pPr") ppr.para.sectionEnd = k;
    }
    if (SKIP.has(name) || name.endsWith("Change")) {
      // Jumping over the subtree, not tokenizing it: run and cell properties are most of a Word file's tags.
      if (!selfClosing) last = token.lastIndex = skipElement(xml, name, token.lastIndex);
      continue;
    }
    open(name, attrs, selfClosing);
  }

  const paragraphs = records.map((p): PagedParagraph => ({
    text: p.text,
    page: p.page ?? page,
    ...(p.row && p.row.end >= 0 ? { rowEnd: p.row.end } : {}),
  }));
  return { paragraphs, paginated, pages: page };
}
