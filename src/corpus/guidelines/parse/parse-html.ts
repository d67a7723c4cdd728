// A web page (.html/.htm) → blocks. cheerio decodes it (government pages are often GBK) and parses it as
// a browser would; page chrome (menus, banners, footers) is dropped.
import { isUtf8, looksBinary } from "./decode-text.js";
import { DomBlockWalker } from "./dom-blocks.js";
import { guidelineFailure } from "./failure.js";
import { joinLines, normalizeText } from "./normalize-text.js";
import type { ParsedGuideline } from "./types.js";

const CHROME_TAGS = "script, style, noscript, template, nav, header, footer, aside, iframe";
const CHROME_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], [role="search"], [hidden]';
/** Class or id words sites give their chrome when they do not use the HTML5 elements. */
const CHROME_NAMES = ["header", "footer", "nav", "navbar", "menu", "breadcrumb", "crumbs", "sidebar", "copyright", "share"];
/** <title> is usually 「通知标题_网站名」 or 「通知标题 - 网站名」. */
const TITLE_SEPARATOR = /\s*[_|｜]\s*|\s+[-—–]\s+/;

export async function parseHtml(file: string, bytes: Uint8Array): Promise<ParsedGuideline> {
  if (looksBinary(bytes)) throw guidelineFailure(file, "corrupt", "html");
  const { loadBuffer } = await import("cheerio");
  // A BOM or <meta charset> decides; without one, UTF-8 if the bytes are valid UTF-8, else GB18030
  // (the web's own default, windows-1252, is never right for a Chinese page).
  const $ = loadBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    encoding: { defaultEncoding: isUtf8(bytes) ? "utf-8" : "gb18030" },
  });
  const pageTitle = joinLines(normalizeText($("head > title").first().text()));

  $(CHROME_TAGS).remove();
  $(CHROME_ROLES).remove();
  // Only containers: a table's <tr class="header"> is content.
  const chromeSelector = ["div", "section", "ul"]
    .flatMap((tag) => CHROME_NAMES.flatMap((n) => [`${tag}[class~="${n}"]`, `${tag}[id="${n}"]`]))
    .join(", ");
  $(chromeSelector).remove();

  const h1 = joinLines(normalizeText($("h1").first().text()));
  const walker = new DomBlockWalker();
  for (const node of $("body").contents()) walker.walk(node);
  walker.flush();
  if (walker.blocks.length === 0) throw guidelineFailure(file, "empty", "html");
  const title = h1 || siteless(pageTitle);
  return { format: "html", ...(title ? { title } : {}), blocks: walker.blocks };
}

/** The longest part of a <title>: the notice's name, not the site's. */
function siteless(title: string): string {
  return title.split(TITLE_SEPARATOR).reduce((a, b) => (b.length > a.length ? b : a), "");
}
