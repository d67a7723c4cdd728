// 反馈: every rated answer (👎 by default, 👍 on request) with the visitor's comment, the question, the
// answer and the 专题 given. 编辑 and 管理员 label each with what should have come back (kind, 专题,
// verdict, refusal, note); labels become the eval candidate set DATA_DIR/eval/feedback-cases.jsonl,
// which 运行这些用例 runs on the 评测 page's runner.
import fs from "node:fs";
import path from "node:path";
import type { FastifyRequest } from "fastify";
import type { Verdict } from "../../../core/types.js";
import { CASE_KINDS, type CaseKind } from "../../../eval/dataset.js";
import { KIND_NAMES } from "../../../eval/html-report.js";
import { VERDICT_NAMES } from "../../../eval/dataset.js";
import {
  FEEDBACK_CASES_FILE,
  FeedbackLabelStore,
  feedbackCaseId,
  NO_TOPIC,
  VERDICTS,
  writeFeedbackCases,
  type FeedbackFilter,
  type FeedbackLabel,
  type RatedMessage,
} from "../../../ops/console/feedback-labels.js";
import { ApiError } from "../../web/errors.js";
import { safeNext } from "../auth.js";
import type { ConsolePage } from "../context.js";
import { canEdit, csrfField, field, fields, finish, requireRole } from "../context.js";
import { formatTime } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { renderPage } from "../layout.js";
import { startRunFromRequest } from "./eval.js";

const PAGE = 30;
const NOTE_MAX_CHARS = 500;
export const FEEDBACK_DATASET_KEY = `data:${FEEDBACK_CASES_FILE}`;

const CHANNEL_NAMES: Record<string, string> = { web: "网页", wechat: "微信", "wechat-mp": "公众号", wecom: "企业微信", cli: "命令行", eval: "评测" };
const RATINGS = { down: "不满意", up: "满意", all: "全部" } as const;
const LABELLED = { all: "全部", no: "未标注", yes: "已标注" } as const;

type Query = { rating?: string; labelled?: string; page?: string };

function filterOf(q: Query): FeedbackFilter {
  const rating = q.rating === "up" || q.rating === "all" ? q.rating : "down";
  const labelled = q.labelled === "yes" || q.labelled === "no" ? q.labelled : "all";
  return { rating, labelled };
}

const listUrl = (f: FeedbackFilter, page = 1) =>
  `/console/feedback?rating=${f.rating}&labelled=${f.labelled}${page > 1 ? `&page=${page}` : ""}`;

/** Where a label form sends staff back to: the same filtered list, never anywhere else. */
function backOf(body: unknown): string {
  const to = safeNext(field(body, "back"));
  return to.startsWith("/console/feedback") ? to : "/console/feedback";
}

function topicText(ids: number[], names: Map<number, string>): string {
  return ids.length ? ids.map((id) => `${id} ${names.get(id) ?? ""}`.trim()).join("；") : "无";
}

function labelSummary(l: FeedbackLabel, names: Map<number, string>): SafeHtml {
  const topics = l.topics.includes(NO_TOPIC) ? "不应给出专题" : l.topics.length ? `期望专题 ${topicText(l.topics, names)}` : "不检查专题";
  return html`<p><span class="badge good">已标注</span> ${KIND_NAMES[l.kind] ?? l.kind} · ${topics} · ${l.verdict ? `期望判断 ${VERDICT_NAMES[l.verdict]}` : "不检查判断"} · ${l.refuse ? "应拒答" : "不应拒答"}</p>
${l.note ? html`<p class="small">说明：${l.note}</p>` : null}
<p class="meta">${l.username} 于 ${formatTime(l.at)} 标注 · 用例编号 ${feedbackCaseId(l.messageId)}</p>`;
}

function labelForm(req: FastifyRequest, m: RatedMessage, topics: { id: number; name: string }[], back: string): SafeHtml {
  const l = m.label;
  const kind = l?.kind ?? "topic";
  const chosen = new Set(l?.topics ?? []);
  return html`<details${l ? null : html` open`}><summary>${l ? "修改标注" : "标注"}</summary>
<form method="post" action="/console/feedback/label" class="stack">${csrfField(req)}
<input type="hidden" name="messageId" value="${m.messageId}"><input type="hidden" name="back" value="${back}">
<label>类型 <select name="kind">${CASE_KINDS.map((k) => html`<option value="${k}"${k === kind ? html` selected` : null}>${KIND_NAMES[k]}</option>`)}</select></label>
<fieldset><legend>期望专题（排第一的是其中任何一个都算对；都不选 = 不检查专题）</legend>
<label><input type="checkbox" name="topics" value="${NO_TOPIC}"${chosen.has(NO_TOPIC) ? html` checked` : null}> 不应给出任何专题</label>
${topics.map((t) => html`<label><input type="checkbox" name="topics" value="${t.id}"${chosen.has(t.id) ? html` checked` : null}> ${t.id} ${t.name}</label> `)}
</fieldset>
<label>期望判断 <select name="verdict"><option value="">不检查</option>${VERDICTS.map((v) => html`<option value="${v}"${l?.verdict === v ? html` selected` : null}>${VERDICT_NAMES[v]}</option>`)}</select></label>
<label>应拒答 <select name="refuse"><option value="no"${l?.refuse ? null : html` selected`}>否：应正常回答</option><option value="yes"${l?.refuse ? html` selected` : null}>是：应拒答</option></select></label>
<label>说明 <input name="note" maxlength="${NOTE_MAX_CHARS}" value="${l?.note ?? ""}"></label>
<button type="submit">保存标注</button>
</form>
${l
    ? html`<form method="post" action="/console/feedback/unlabel" class="inline" data-confirm="删除这条标注？对应的评测用例也会删除。">${csrfField(req)}<input type="hidden" name="messageId" value="${m.messageId}"><input type="hidden" name="back" value="${back}"><button type="submit" class="secondary">删除标注</button></form>`
    : null}
</details>`;
}

function row(req: FastifyRequest, m: RatedMessage, names: Map<number, string>, topics: { id: number; name: string }[], back: string): SafeHtml {
  const edit = canEdit(req);
  return html`<tr id="m-${m.messageId}" data-message="${m.messageId}">
<td class="nowrap">${formatTime(m.ratedAt)}<br><span class="meta">${CHANNEL_NAMES[m.channel] ?? m.channel}</span><br>${m.rating === "down" ? html`<span class="badge bad">不满意</span>` : html`<span class="badge good">满意</span>`}
${m.sessionId ? html`<br><a href="/console/conversations/${encodeURIComponent(m.sessionId)}">查看对话</a>` : null}</td>
<td><p><b>${m.question}</b></p>
${m.comment ? html`<p>访客评论：${m.comment}</p>` : html`<p class="meta">访客没有留言。</p>`}
<p class="small">助手给出的专题：${topicText(m.topics, names)}${m.refused ? " · 已拒答" : ""}${m.verdict ? ` · 判断 ${VERDICT_NAMES[m.verdict as Verdict] ?? m.verdict}` : ""}</p>
<details><summary>助手的回答</summary><div class="answer">${m.answer}</div></details></td>
<td>${m.label ? labelSummary(m.label, names) : html`<p><span class="badge warn">未标注</span></p>`}
${edit ? labelForm(req, m, topics, back) : null}</td>
</tr>`;
}

export const feedbackPage: ConsolePage = (app, deps) => {
  const { config, services } = deps;
  const store = new FeedbackLabelStore(services.db);
  const topicList = () => deps.assistant.topics().map((t) => ({ id: t.id, name: t.name }));
  const casesFile = path.join(config.DATA_DIR, "eval", FEEDBACK_CASES_FILE);

  app.get<{ Querystring: Query }>("/feedback", async (req, reply) => {
    await services.flushMessages();
    const filter = filterOf(req.query);
    const total = await store.count(filter);
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(req.query.page ?? "1", 10) || 1));
    const rows = await store.list(filter, PAGE, (page - 1) * PAGE);
    const topics = topicList();
    const names = new Map(topics.map((t) => [t.id, t.name]));
    const labelled = await store.count({ rating: "all", labelled: "yes" });
    const back = listUrl(filter, page);
    const select = (name: string, options: Record<string, string>, value: string) =>
      html`<select name="${name}">${Object.entries(options).map(([v, text]) => html`<option value="${v}"${v === value ? html` selected` : null}>${text}</option>`)}</select>`;
    const body = html`<form method="get" action="/console/feedback" class="filters">
<label>评价 ${select("rating", RATINGS, filter.rating)}</label>
<label>标注 ${select("labelled", LABELLED, filter.labelled)}</label>
<button type="submit">筛选</button>
</form>
<section class="stack">
<p>已标注 <b>${labelled}</b> 条，组成评测候选集 <code>数据目录/eval/${FEEDBACK_CASES_FILE}</code>（每次保存标注后自动更新）。</p>
${canEdit(req) && labelled > 0 && fs.existsSync(casesFile)
    ? html`<form method="post" action="/console/feedback/run" class="inline">${csrfField(req)}<button type="submit">运行这些用例</button></form>`
    : null}
${canEdit(req) ? null : html`<p class="meta">只读账户可以查看反馈，不能标注。</p>`}
</section>
<p class="meta">共 ${total} 条，第 ${page}/${pages} 页。</p>
${rows.length
    ? html`<table class="grid">
<thead><tr><th scope="col">时间 / 渠道</th><th scope="col">问题、评论与回答</th><th scope="col">标注</th></tr></thead>
<tbody>${rows.map((m) => row(req, m, names, topics, back))}</tbody></table>`
    : html`<p class="meta">没有符合条件的反馈。</p>`}
<p class="pager">${page > 1 ? html`<a href="${listUrl(filter, page - 1)}">上一页</a>` : null} ${page < pages ? html`<a href="${listUrl(filter, page + 1)}">下一页</a>` : null}</p>`;
    return reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "反馈", active: "/console/feedback", body }));
  });

  app.post("/feedback/label", async (req, reply) => {
    const s = requireRole(req, "editor");
    const messageId = field(req.body, "messageId") ?? "";
    if (!messageId || !await store.messageExists(messageId)) throw new ApiError("not_found", "找不到这条回答（可能已超过保存期限被删除）。");
    const kind = field(req.body, "kind") ?? "";
    if (!(CASE_KINDS as readonly string[]).includes(kind)) throw new ApiError("invalid_request", `类型须为：${CASE_KINDS.map((k) => KIND_NAMES[k]).join("、")}。`);
    const known = new Set(topicList().map((t) => t.id));
    const raw = fields(req.body, "topics");
    const ids = [...new Set(raw.map((t) => Number(t)))];
    const bad = raw.filter((t) => !/^\d+$/.test(t) || (Number(t) !== NO_TOPIC && !known.has(Number(t))));
    if (bad.length) throw new ApiError("invalid_request", `期望专题「${bad.join("、")}」不是方案中的专题。`);
    if (ids.includes(NO_TOPIC) && ids.length > 1) throw new ApiError("invalid_request", "「不应给出任何专题」和具体专题不能同时选。");
    const verdictText = field(req.body, "verdict") ?? "";
    const verdict = VERDICTS.find((v) => v === verdictText);
    if (verdictText && !verdict) throw new ApiError("invalid_request", "期望判断须为 符合、不符合、需补充 或 不检查。");
    const refuseText = field(req.body, "refuse") ?? "no";
    if (refuseText !== "yes" && refuseText !== "no") throw new ApiError("invalid_request", "应拒答须为 是 或 否。");
    const note = (field(req.body, "note") ?? "").slice(0, NOTE_MAX_CHARS);
    const label: FeedbackLabel = {
      messageId,
      kind: kind as CaseKind,
      topics: ids.sort((a, b) => a - b),
      ...(verdict && { verdict }),
      refuse: refuseText === "yes",
      ...(note && { note }),
      username: s.user.username,
      at: Date.now(),
    };
    await store.save(label);
    const cases = await writeFeedbackCases(store, config.DATA_DIR);
    await services.audit.record(s.user.username, "标注反馈", {
      消息: messageId,
      类型: KIND_NAMES[label.kind],
      期望专题: label.topics.includes(NO_TOPIC) ? "无" : label.topics.join(",") || "不检查",
      期望判断: verdict ? VERDICT_NAMES[verdict] : "不检查",
      应拒答: label.refuse ? "是" : "否",
      ...(note && { 说明: note }),
    });
    return finish(req, reply, backOf(req.body), `已保存标注；评测候选集现有 ${cases} 条用例。`, { caseId: feedbackCaseId(messageId), cases });
  });

  app.post("/feedback/unlabel", async (req, reply) => {
    const s = requireRole(req, "editor");
    const messageId = field(req.body, "messageId") ?? "";
    if (!await store.remove(messageId)) throw new ApiError("not_found", "这条回答没有标注。");
    const cases = await writeFeedbackCases(store, config.DATA_DIR);
    await services.audit.record(s.user.username, "删除反馈标注", { 消息: messageId });
    return finish(req, reply, backOf(req.body), `已删除标注；评测候选集现有 ${cases} 条用例。`, { cases });
  });

  app.post("/feedback/run", async (req, reply) => {
    requireRole(req, "editor");
    // Rewritten first: retention may have removed labelled messages since the last save.
    if (await writeFeedbackCases(store, config.DATA_DIR) === 0) throw new ApiError("invalid_request", "还没有标注任何反馈，没有可运行的用例。");
    return startRunFromRequest(req, reply, deps, FEEDBACK_DATASET_KEY);
  });
};
