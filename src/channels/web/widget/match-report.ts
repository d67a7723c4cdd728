// The match report: every 专题 judged for the visitor's profile, grouped by verdict, as a page a
// person can read on screen and print. Text only ever goes in through textContent (dom.ts h()).
import { h } from "./dom.js";
import type { Lang, MatchCitation, MatchCondition, MatchReport, MatchResult, Verdict } from "./match-api.js";

export const VERDICT_ORDER: readonly Verdict[] = ["eligible", "uncertain", "ineligible"];

const T = {
  zh: {
    title: "政策匹配报告",
    colon: "：",
    plan: "《武汉市科技计划体系改革优化方案》",
    profile: "贵单位情况",
    groups: { eligible: "符合", uncertain: "需补充", ineligible: "不符合" },
    summaryUnit: { eligible: "符合", uncertain: "需补充", ineligible: "不符合" },
    conditions: "申报条件",
    state: { met: "满足：", not_met: "不满足：", unknown: "待确认：" },
    clause: "方案原文",
    basis: "依据",
    missing: "还需确认",
    caveats: "请注意",
    supplement: "在对话中补充",
    topic: (id: number) => `专题${id}`,
    generated: (d: string) => `生成日期：${d}`,
    count: (n: number) => `（${n} 个）`,
  },
  en: {
    title: "Policy match report",
    colon: ": ",
    plan: "Wuhan Plan for Reforming and Optimising the Science and Technology Programme System",
    profile: "Your organisation",
    groups: { eligible: "Eligible", uncertain: "Need more information", ineligible: "Not eligible" },
    summaryUnit: { eligible: "eligible", uncertain: "need more information", ineligible: "not eligible" },
    conditions: "Conditions",
    state: { met: "Met: ", not_met: "Not met: ", unknown: "To confirm: " },
    clause: "Clause in the plan",
    basis: "Basis",
    missing: "Still to confirm",
    caveats: "Please note",
    supplement: "Answer in the chat",
    topic: (id: number) => `Topic ${id}`,
    generated: (d: string) => `Generated on ${d}`,
    count: (n: number) => ` (${n})`,
  },
} as const;

/** Server order is by fit already; a stable sort by verdict keeps it and guards against a mixed list. */
export function orderResults(results: MatchResult[]): MatchResult[] {
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => VERDICT_ORDER.indexOf(a.r.verdict) - VERDICT_ORDER.indexOf(b.r.verdict) || a.i - b.i)
    .map(({ r }) => r);
}

export interface ResultGroup {
  verdict: Verdict;
  heading: string;
  results: MatchResult[];
}

/** Non-empty groups in verdict order, each keeping the server's relevance order. */
export function groupResults(results: MatchResult[], lang: Lang): ResultGroup[] {
  const ordered = orderResults(results);
  return VERDICT_ORDER.map((verdict) => ({ verdict, heading: T[lang].groups[verdict], results: ordered.filter((r) => r.verdict === verdict) })).filter(
    (g) => g.results.length > 0,
  );
}

/** "3 符合 · 5 需补充 · 11 不符合" (all three, zeros too: "0 符合" is news). */
export function summaryText(summary: MatchReport["summary"], lang: Lang): string {
  return VERDICT_ORDER.map((v) => `${summary[v]} ${T[lang].summaryUnit[v]}`).join(" · ");
}

export function topicTitle(result: MatchResult, lang: Lang): string {
  const name = lang === "en" ? result.topic.nameEn || result.topic.name : result.topic.name;
  return `${T[lang].topic(result.topic.id)} ${name}`;
}

export function programName(result: MatchResult, lang: Lang): string {
  return lang === "en" ? result.topic.programEn || result.topic.program : result.topic.program;
}

/** What the chat input is prefilled with, so the answer the visitor types is read against this 专题. */
export function supplementPrompt(result: MatchResult, lang: Lang): string {
  return lang === "en" ? `About topic ${result.topic.id} (${result.topic.nameEn || result.topic.name}): ` : `关于专题${result.topic.id}「${result.topic.name}」：`;
}

/** The missing-information questions the reason does not already ask (it often quotes the first). */
export function questionsToList(result: MatchResult): string[] {
  return result.missing.filter((q) => !result.reason.includes(q));
}

/** Condition citations worth showing: not the 专题's own clause again, each clause once. */
export function extraCitations(result: MatchResult): Map<MatchCondition, MatchCitation> {
  const seen = new Set(result.citation ? [result.citation.id] : []);
  const out = new Map<MatchCondition, MatchCitation>();
  for (const c of result.conditions) {
    if (!c.citation || seen.has(c.citation.id)) continue;
    seen.add(c.citation.id);
    out.set(c, c.citation);
  }
  return out;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** ✓ / ✗ / ? drawn as SVG: emoji and some dingbats show as boxes on PCs without those fonts. */
function mark(state: MatchCondition["state"]): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `mr-mark ${state}`);
  const shape = (tag: string, attrs: Record<string, string>) => {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  };
  const stroke = { fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round", "stroke-linejoin": "round" };
  if (state === "met") shape("path", { d: "M3 8.5l3.2 3.2L13 4.8", ...stroke });
  else if (state === "not_met") shape("path", { d: "M4 4l8 8M12 4l-8 8", ...stroke });
  else {
    shape("circle", { cx: "8", cy: "8", r: "6.5", ...stroke, "stroke-width": "1.5" });
    shape("path", { d: "M6.2 6.3a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4", ...stroke, "stroke-width": "1.5" });
    shape("circle", { cx: "8", cy: "11.6", r: "0.9", fill: "currentColor" });
  }
  return svg;
}

function citationBlock(c: MatchCitation, label: string, colon: string, cls: string): HTMLElement {
  return h("details", { class: `mr-cite ${cls}` }, [
    h("summary", {}, [h("span", { class: "mr-cite-kind", text: `${label}${colon}` }), h("span", { class: "mr-cite-label", text: c.label || c.title })]),
    h("blockquote", { class: "mr-quote", attrs: { lang: "zh-CN" }, text: c.quote }),
    c.translation
      ? h("div", { class: "mr-translation", attrs: { lang: "en" } }, [
          h("p", { text: c.translation.text }),
          h("p", { class: "mr-translation-note", text: c.translation.note }),
        ])
      : null,
  ]);
}

export interface ReportHandlers {
  onSupplement(result: MatchResult): void;
}

function card(result: MatchResult, lang: Lang, handlers: ReportHandlers): HTMLElement {
  const t = T[lang];
  const extras = extraCitations(result);
  const questions = questionsToList(result);
  const titleId = `kjzs-mr-topic-${result.topic.id}`;
  return h("article", { class: `mr-card ${result.verdict}`, attrs: { "aria-labelledby": titleId, "data-topic": String(result.topic.id) } }, [
    h("header", { class: "mr-card-head" }, [
      h("span", { class: `mr-badge ${result.verdict}`, text: result.verdictText }),
      h("h4", { class: "mr-topic", attrs: { id: titleId }, text: topicTitle(result, lang) }),
      h("div", { class: "mr-program", text: programName(result, lang) }),
    ]),
    h("p", { class: "mr-reason", text: result.reason }),
    result.conditions.length
      ? h("div", { class: "mr-conditions" }, [
          h("div", { class: "mr-label", text: t.conditions }),
          h("ul", {}, result.conditions.map((c) => {
            const cite = extras.get(c);
            return h("li", { class: `mr-cond ${c.state}` }, [
              mark(c.state),
              h("div", { class: "mr-cond-body" }, [
                h("span", { class: "mr-sr", text: t.state[c.state] }),
                h("span", { class: "mr-cond-text", text: c.text }),
                c.why ? h("span", { class: "mr-cond-why", text: c.why }) : null,
                cite ? citationBlock(cite, t.basis, t.colon, "mr-cite-cond") : null,
              ]),
            ]);
          })),
        ])
      : null,
    result.missing.length
      ? h("div", { class: questions.length ? "mr-missing" : "mr-missing mr-action-only" }, [
          questions.length ? h("div", { class: "mr-label", text: t.missing }) : null,
          questions.length ? h("ul", {}, questions.map((q) => h("li", { text: q }))) : null,
          h("button", { class: "mr-supplement", text: t.supplement, attrs: { type: "button" }, on: { click: () => handlers.onSupplement(result) } }),
        ])
      : null,
    result.caveats.length
      ? h("div", { class: "mr-caveats" }, [h("div", { class: "mr-label", text: t.caveats }), h("ul", {}, result.caveats.map((c) => h("li", { text: c })))])
      : null,
    result.citation ? citationBlock(result.citation, t.clause, t.colon, "mr-cite-topic") : null,
  ]);
}

export function renderReport(report: MatchReport, lang: Lang, handlers: ReportHandlers): HTMLElement {
  const t = T[lang];
  const date = new Date().toLocaleDateString(lang === "en" ? "en-GB" : "zh-CN", { year: "numeric", month: "long", day: "numeric" });
  return h("div", { class: "mr", attrs: { lang: lang === "en" ? "en" : "zh-CN" } }, [
    h("h3", { class: "mr-title", attrs: { id: "kjzs-mr-title", tabindex: "-1" }, text: t.title }),
    h("p", { class: "mr-plan", text: t.plan }),
    h("p", { class: "mr-summary" }, VERDICT_ORDER.map((v, i) =>
      h("span", { class: `mr-sum ${v}` }, [i ? " · " : "", h("strong", { text: String(report.summary[v]) }), ` ${t.summaryUnit[v]}`]),
    )),
    h("p", { class: "mr-profile" }, [h("span", { class: "mr-label", text: `${t.profile}${t.colon}` }), h("span", { text: report.profileText })]),
    h("p", { class: "mr-date", text: t.generated(date) }),
    ...groupResults(report.results, lang).map((g) =>
      h("section", { class: `mr-group ${g.verdict}`, attrs: { "aria-label": `${g.heading}${t.count(g.results.length)}` } }, [
        h("h3", { class: "mr-group-title", text: `${g.heading}${t.count(g.results.length)}` }),
        ...g.results.map((r) => card(r, lang, handlers)),
      ]),
    ),
    h("p", { class: "mr-note", text: report.note }),
  ]);
}

// Printing. The widget sits in a shadow root on someone else's page, so printing "the report" means
// hiding the host page's own content. A constructed sheet needs no network and no style-src
// allowance (a strict host CSP blocks neither); it only acts in print and only on the elements
// marked as the path from <html> to the widget's host, so the host page's screen look is untouched.
const PRINT_MARK = "data-kjzs-print";
const HOST_PRINT_CSS = `@media print {
  [${PRINT_MARK}] > :not([${PRINT_MARK}]) { display: none !important; }
  [${PRINT_MARK}] { display: block !important; position: static !important; inset: auto !important; width: auto !important;
    height: auto !important; min-height: 0 !important; max-height: none !important; overflow: visible !important;
    margin: 0 !important; padding: 0 !important; border: 0 !important; background: #fff !important;
    transform: none !important; float: none !important; visibility: visible !important; }
}
@page { margin: 14mm 12mm; }`;

let hostSheetInstalled = false;

function installHostPrintSheet(doc: Document): void {
  if (hostSheetInstalled) return;
  hostSheetInstalled = true;
  if ("adoptedStyleSheets" in doc && typeof CSSStyleSheet !== "undefined" && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(HOST_PRINT_CSS);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } else {
    // Older browsers: a plain <style> (a strict CSP may block it; then the whole page prints).
    const style = doc.createElement("style");
    style.textContent = HOST_PRINT_CSS;
    doc.head.append(style);
  }
}

/** Mark (or unmark) the host page's path to the widget, so a print shows the widget only. */
export function setPrintTarget(inside: HTMLElement, on: boolean): void {
  const root = inside.getRootNode();
  const host = root instanceof ShadowRoot ? root.host : inside;
  if (on) installHostPrintSheet(host.ownerDocument);
  for (let el: Element | null = host; el; el = el.parentElement) {
    if (on) el.setAttribute(PRINT_MARK, "");
    else el.removeAttribute(PRINT_MARK);
  }
}

/** Open every collapsed clause for print; returns the undo. Chromium prints closed <details> closed. */
export function expandForPrint(report: HTMLElement): () => void {
  const closed = [...report.querySelectorAll("details")].filter((d) => !d.open);
  for (const d of closed) d.open = true;
  return () => {
    for (const d of closed) d.open = false;
  };
}
