// 未解决的问题: what visitors asked that the assistant did not settle (answered with no 专题, refused, or
// rated 👎) in a range of days, similar wordings grouped, the most asked first — where the knowledge
// base most needs a card, an alias or a clearer answer.
import { SIMILARITY_THRESHOLD } from "../../../ops/console/group-questions.js";
import { UNRESOLVED_ROW_CAP, unresolvedQuestions } from "../../../ops/console/unresolved-questions.js";
import type { ConsolePage } from "../context.js";
import { html } from "../html.js";
import { renderPage } from "../layout.js";
import { formatTime } from "../format.js";
import { messageHref } from "./conversations.js";
import { dayRangeInputs, parseDayRange } from "./overview.js";

/** A month by default: gaps show up over weeks, not days. */
export const UNRESOLVED_DEFAULT_DAYS = 30;
/** Example questions listed under each group. */
export const EXAMPLES_PER_GROUP = 5;

export const unresolvedPage: ConsolePage = (app, { services }) => {
  app.get<{ Querystring: { from?: string; to?: string } }>("/unresolved", async (req, reply) => {
    const r = parseDayRange(req.query, UNRESOLVED_DEFAULT_DAYS);
    await services.flushMessages();
    const report = await unresolvedQuestions(services.db, r.range);
    const reason = (n: number, label: string, cls: string) => (n ? html`<span class="badge ${cls}">${label} ${n}</span> ` : null);

    const body = html`<form method="get" action="/console/unresolved" class="filters">
${dayRangeInputs(r)}
<button type="submit">查看</button>
</form>
<p class="meta">${r.fromDay} 至 ${r.toDay}（北京时间）：回答了但没有专题、被拒答或被评为不满意的提问共 ${report.rows} 条，按措辞相近程度分成 ${report.groups.length} 组（两问的两字片段有 ${Math.round(SIMILARITY_THRESHOLD * 100)}% 以上相同即归为一组），提问最多的组在前。</p>
${report.capped
  ? html`<p class="warn" role="status">这段时间的此类提问超过 ${UNRESOLVED_ROW_CAP} 条，只分析了最新的 ${UNRESOLVED_ROW_CAP} 条；请缩小日期范围查看更早的。</p>`
  : null}
${report.groups.length
  ? html`<table class="grid">
<thead><tr><th scope="col" class="num">次数</th><th scope="col">代表问题</th><th scope="col">原因</th><th scope="col">例子</th><th scope="col">最近一次</th></tr></thead>
<tbody>${report.groups.map(
      (g) => html`<tr>
<td class="num"><b>${g.count}</b></td>
<td>${g.representative}</td>
<td>${reason(g.reasons.noTopic, "无专题", "warn")}${reason(g.reasons.refused, "拒答", "bad")}${reason(g.reasons.down, "不满意", "bad")}</td>
<td><ul>${g.messages.slice(0, EXAMPLES_PER_GROUP).map((m) => html`<li><a href="${messageHref(m)}">${m.question}</a> <span class="meta nowrap">${formatTime(m.at)}</span></li>`)}</ul>${g.count > EXAMPLES_PER_GROUP ? html`<span class="meta">另有 ${g.count - EXAMPLES_PER_GROUP} 条</span>` : null}</td>
<td class="nowrap">${formatTime(g.lastSeen)}</td>
</tr>`,
    )}</tbody></table>`
  : html`<p>这段时间没有未解决的提问。</p>`}`;
    return reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "未解决的问题", active: "/console/unresolved", body }));
  });
};
