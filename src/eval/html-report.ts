// Renders the self-contained report.html: headline metrics, the comparison (if any), four inline SVG charts
// and every failing case with what was expected, what came back, the answer and its sources.
import type { Comparison } from "./compare.js";
import { CASE_KINDS, type CaseKind } from "./dataset.js";
import { fmtDelta, fmtMetric, fmtMs, fmtNum, fmtRate, metricRows } from "./format.js";
import { esc } from "./html-escape.js";
import type { CaseOutcome, EvalReport } from "./report.js";
import { barChart, heatmap, histogramChart, rateColor } from "./svg-charts.js";

export const KIND_NAMES: Record<CaseKind, string> = {
  topic: "找专题",
  program: "专项",
  fact: "事实",
  eligibility: "申报资格",
  out_of_scope: "超出范围",
  unknown: "方案未规定",
  injection: "提示注入",
  multi: "多轮对话",
  situation: "描述情况找专题",
  english: "英文提问",
  compound: "一次问多个问题",
  guideline: "申报指南事实",
};

const STYLE = `
body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:24px auto;max-width:1180px;color:#212121;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #e0e0e0;padding-bottom:4px;margin-top:32px}
.meta{color:#616161;font-size:13px}.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.tile{border:1px solid #e0e0e0;border-radius:8px;padding:10px 14px;min-width:120px}.tile b{display:block;font-size:22px}
.tile span{font-size:12px;color:#616161}table{border-collapse:collapse;font-size:13px;margin:8px 0}
td,th{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f5f5f5}
.charts{display:flex;flex-wrap:wrap;gap:24px}.chart{background:#fff;border:1px solid #eeeeee;border-radius:8px;padding:8px}
.case{border:1px solid #ffcdd2;border-left:5px solid #c62828;border-radius:6px;padding:10px 14px;margin:12px 0}
.case.unlabeled{border-color:#e0e0e0;border-left-color:#9e9e9e}.case h3{font-size:15px;margin:0 0 6px}
.case dl{display:grid;grid-template-columns:110px 1fr;gap:4px 10px;margin:0;font-size:13px}.case dt{color:#616161}.case dd{margin:0}
.answer{white-space:pre-wrap;background:#fafafa;border:1px solid #eeeeee;padding:8px;border-radius:4px;max-height:320px;overflow:auto}
.bad{color:#c62828}.good{color:#2e7d32}.src{font-size:12px}.src q{color:#424242}.small{font-size:12px;color:#616161}
`;

const topicLabel = (report: EvalReport, id: number) => `${id} ${report.topicNames[id] ?? ""}`.trim();

function tiles(report: EvalReport): string {
  const s = report.summary;
  const tile = (label: string, value: string, rate?: number | null) =>
    `<div class="tile"><b style="color:${rate === undefined ? "#212121" : rateColor(rate)}">${esc(value)}</b><span>${esc(label)}</span></div>`;
  return `<div class="tiles">${[
    tile("通过率 pass rate", fmtRate(s.passRate), s.passRate),
    tile("hit@1", fmtRate(s.ranking.hit1), s.ranking.hit1),
    tile("hit@3", fmtRate(s.ranking.hit3), s.ranking.hit3),
    tile("MRR", fmtNum(s.ranking.mrr), s.ranking.mrr),
    tile("拒答召回 refusal recall", fmtRate(s.refusal.recall), s.refusal.recall),
    tile("资格判断 verdict", fmtRate(s.verdict.accuracy), s.verdict.accuracy),
    tile("引用有效 citations", fmtRate(s.citations.validity), s.citations.validity),
    tile("延迟 p95", fmtMs(s.latency.p95)),
  ].join("")}</div>`;
}

function metricsTable(report: EvalReport): string {
  const rows = metricRows(report.summary)
    .map((m) => `<tr><th>${esc(m.name)}</th><td style="color:${m.rate === undefined ? "inherit" : rateColor(m.rate)}">${esc(m.value)}</td><td class="small">${esc(m.basis)}</td></tr>`)
    .join("");
  const kinds = CASE_KINDS.filter((k) => report.summary.byKind[k])
    .map((k) => {
      const st = report.summary.byKind[k]!;
      return `<tr><th>${esc(`${k} (${KIND_NAMES[k]})`)}</th><td style="color:${rateColor(st.rate)}">${esc(fmtRate(st.rate))}</td><td class="small">${st.passed}/${st.cases}</td></tr>`;
    })
    .join("");
  return `<table id="metrics"><tbody>${rows}</tbody></table><table id="kinds"><thead><tr><th>kind</th><th>pass rate</th><th>passed</th></tr></thead><tbody>${kinds}</tbody></table>`;
}

function comparisonSection(cmp: Comparison): string {
  const deltas = cmp.deltas
    .map(
      (d) =>
        `<tr class="${d.regressed ? "bad" : ""}"><th>${esc(d.metric)}</th><td>${esc(fmtMetric(d.metric, d.before))}</td><td>${esc(fmtMetric(d.metric, d.after))}</td><td>${esc(fmtDelta(d.metric, d.delta))}</td><td>${d.regressed ? "REGRESSED" : ""}</td></tr>`,
    )
    .join("");
  const flips = cmp.flips.length
    ? `<ul id="flips">${cmp.flips.map((f) => `<li class="${f.to === "fail" ? "bad" : "good"}" data-id="${esc(f.id)}">${esc(`${f.id} (${f.kind}): ${f.from} → ${f.to}`)}</li>`).join("")}</ul>`
    : `<p>没有用例翻转 (no case flipped).</p>`;
  const verdict = cmp.regressed
    ? `<p class="bad"><b>有指标下降超过容差 ${fmtRate(cmp.tolerance)}，请检查后再发布。</b></p>`
    : `<p class="good"><b>没有指标下降超过容差 ${fmtRate(cmp.tolerance)}。</b></p>`;
  const addRemove = `<p class="small">新增用例 ${cmp.added.length}，移除用例 ${cmp.removed.length}${cmp.removed.length ? `: ${esc(cmp.removed.join(", "))}` : ""}</p>`;
  return `<section id="comparison"><h2>与基线对比 Comparison</h2>${verdict}<table><thead><tr><th>metric</th><th>before</th><th>after</th><th>Δ</th><th></th></tr></thead><tbody>${deltas}</tbody></table><h3>翻转的用例 Flipped cases</h3>${flips}${addRemove}</section>`;
}

function expectedText(c: CaseOutcome): string {
  const e = c.expected;
  const parts: string[] = [];
  if (e.topics) parts.push(e.topics.length ? `专题 ∈ [${e.topics.join(", ")}]` : "不推荐任何专题");
  if (e.refuse !== undefined) parts.push(e.refuse ? "拒答" : "不拒答");
  if (e.verdict) parts.push(`verdict ${e.verdict}`);
  if (e.must) parts.push(`包含 ${e.must.map((m) => `“${m}”`).join(" ")}`);
  if (e.must_not_re) parts.push(`不匹配 /${e.must_not_re}/`);
  return parts.join("；") || "(未标注)";
}

function gotText(c: CaseOutcome): string {
  if (c.error !== undefined) return `错误: ${c.error}`;
  const g = c.got;
  const parts = [g.topics.length ? `专题 ${g.topics.map((t) => `${t.id} ${t.name} (${t.score.toFixed(2)})`).join(", ")}` : "无专题"];
  parts.push(g.refused ? "拒答" : "未拒答");
  if (g.verdict) parts.push(`verdict ${g.verdict}`);
  if (g.followUp) parts.push(`追问: ${g.followUp}`);
  return parts.join("；");
}

function caseArticle(c: CaseOutcome, cls: string): string {
  const question =
    c.turns.length === 1 ? esc(c.turns[0]) : `<ol>${c.turns.map((t) => `<li>${esc(t)}</li>`).join("")}</ol>`;
  const failed = c.checks.filter((ch) => !ch.ok).map((ch) => `<li>${esc(`${ch.label}: ${ch.detail ?? ""}`)}</li>`).join("");
  const sources = c.got.citations.length
    ? `<ul class="src">${c.got.citations
        .map((s) => `<li><b>${esc(s.title)}</b> <code>${esc(s.source)}</code> <q>${esc(s.quote)}</q>${s.invalid ? ` <span class="bad">✗ ${esc(s.invalid)}</span>` : ""}</li>`)
        .join("")}</ul>`
    : "(无)";
  return `<article class="case ${cls}" id="case-${esc(c.id)}" data-id="${esc(c.id)}"><h3>${esc(c.id)} · ${esc(`${c.kind} (${KIND_NAMES[c.kind]})`)} <span class="small">${esc(`${c.file}:${c.line}`)}</span></h3><dl><dt>问题</dt><dd class="question">${question}</dd><dt>预期</dt><dd class="expected">${esc(expectedText(c))}</dd><dt>实际</dt><dd class="got">${esc(gotText(c))}</dd>${failed ? `<dt>未通过</dt><dd class="failed-checks bad"><ul>${failed}</ul></dd>` : ""}<dt>回答</dt><dd><div class="answer">${esc(c.got.answer ?? "")}</div></dd><dt>来源</dt><dd class="sources">${sources}</dd></dl></article>`;
}

export function renderHtml(report: EvalReport, comparison?: Comparison): string {
  const s = report.summary;
  const kindBars = CASE_KINDS.filter((k) => s.byKind[k]).map((k) => {
    const st = s.byKind[k]!;
    return { label: `${k} ${KIND_NAMES[k]}`, value: st.rate, note: `${st.passed}/${st.cases}` };
  });
  const topicBars = report.perTopic.map((t) => ({ label: topicLabel(report, t.id), value: t.accuracy, note: `${t.hit1}/${t.cases}` }));
  const labels = report.confusion.labels.map((l) => (l === 0 ? "无" : String(l)));
  const failing = report.cases.filter((c) => c.pass === false);
  const unlabeled = report.cases.filter((c) => c.pass === null);
  const badCitations = report.cases.flatMap((c) => c.got.citations.filter((x) => x.invalid).map((x) => ({ c, x })));
  const meta = `${report.createdAt} · ${report.target} · ${report.datasets.join(", ")}${report.kinds ? ` · kind ${report.kinds.join(",")}` : ""} · ${s.cases} cases`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>评测报告 ${esc(report.createdAt)}</title><style>${STYLE}</style></head>
<body>
<header><h1>科技计划政策助手 · 评测报告</h1><p class="meta">${esc(meta)}</p></header>
${tiles(report)}
${comparison ? comparisonSection(comparison) : ""}
<section id="summary"><h2>指标 Metrics</h2>${metricsTable(report)}
<p class="small">A case passes when every label it has holds on its last turn. Ranking metrics use only cases with a non-empty
<code>topics</code> label; n/a means no case to measure.</p></section>
<section id="charts"><h2>图表 Charts</h2><div class="charts">
${barChart("chart-kind", "各类用例通过率 Pass rate per kind", kindBars)}
${barChart("chart-topic", "各专题 top-1 准确率 Accuracy per 专题", topicBars)}
${heatmap("chart-confusion", "混淆矩阵 Expected vs predicted 专题", labels, report.confusion.matrix)}
${histogramChart("chart-latency", "延迟分布 Latency histogram", report.latencyHistogram, { p50: s.latency.p50, p95: s.latency.p95 })}
</div></section>
<section id="failing-cases"><h2>未通过的用例 Failing cases (${failing.length})</h2>
${failing.length ? failing.map((c) => caseArticle(c, "failing")).join("\n") : "<p class=\"good\">全部通过。</p>"}
</section>
${
  badCitations.length
    ? `<section id="bad-citations"><h2>无效引用 Invalid citations (${badCitations.length})</h2><ul>${badCitations
        .map(({ c, x }) => `<li><a href="#case-${esc(c.id)}">${esc(c.id)}</a> <code>${esc(x.id)}</code> ${esc(x.invalid ?? "")}</li>`)
        .join("")}</ul></section>`
    : ""
}
${
  unlabeled.length
    ? `<section id="unlabeled"><h2>待标注 Unlabeled cases (${unlabeled.length})</h2>${unlabeled.map((c) => caseArticle(c, "unlabeled")).join("\n")}</section>`
    : ""
}
</body></html>
`;
}
