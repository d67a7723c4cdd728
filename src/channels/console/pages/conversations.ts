// 对话记录: search the message log (full text over questions and answers, filters, 50 a page, newest
// first) and read one conversation — every message with its 专题, verdict, feedback and citations, and
// how it was answered, recomputed by replaying the conversation's questions on a pipeline that logs
// nothing and keeps its sessions to itself.
import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { formatExplanation } from "../../../cli/format-explanation.js";
import { quietPipeline } from "../../../ops/console/probe.js";
import { VERDICT_NAMES } from "../../../eval/dataset.js";
import type { Verdict } from "../../../core/types.js";
import {
  loggedChannels,
  messageById,
  messageSession,
  searchMessages,
  sessionMessages,
  SESSION_MESSAGES_MAX,
  VERDICTS,
  type LoggedMessage,
  type SearchFilters,
} from "../../../ops/console/conversation-search.js";
import type { ConsoleServices } from "../../../ops/runtime.js";
import type { WiredAssistant } from "../../../wiring.js";
import { ApiError } from "../../web/errors.js";
import type { ConsolePage } from "../context.js";
import { html, type SafeHtml } from "../html.js";
import { renderPage } from "../layout.js";
import { formatTime } from "../format.js";
import { dayRangeInputs, parseOpenDayRange } from "./overview.js";

export const PAGE_SIZE = 50;
/** A conversation longer than this is replayed only this far (each question runs the whole pipeline). */
export const REPLAY_MAX = 30;
/** Characters of question and answer shown in a result row. */
const EXCERPT_CHARS = 80;
/** The longest search text accepted (a pasted paragraph at most). */
const QUERY_MAX = 200;


const RATING_TEXT = { up: "满意", down: "不满意" } as const;

/** Where a logged message is read: its place in its conversation. */
export function messageHref(m: { id: string; sessionId: string | null }): string {
  return m.sessionId ? `/console/conversations/${encodeURIComponent(m.sessionId)}#m-${m.id}` : `/console/messages/${encodeURIComponent(m.id)}`;
}

type Query = Record<string, string | undefined>;

const bad = (what: string, v: string) => new ApiError("invalid_request", `筛选条件「${what}」的值「${v.slice(0, 20)}」无效。`);

function parseFilters(q: Query): SearchFilters {
  const f: SearchFilters = {};
  const text = q.q?.trim();
  if (text) {
    if ([...text].length > QUERY_MAX) throw new ApiError("invalid_request", `搜索文字最长 ${QUERY_MAX} 个字。`);
    f.q = text;
  }
  if (q.channel) f.channel = q.channel;
  if (q.topic) {
    if (q.topic === "none") f.topic = "none";
    else if (/^\d{1,3}$/.test(q.topic)) f.topic = Number(q.topic);
    else throw bad("专题", q.topic);
  }
  if (q.refused) {
    if (q.refused !== "yes" && q.refused !== "no") throw bad("拒答", q.refused);
    f.refused = q.refused === "yes";
  }
  if (q.verdict) {
    if (q.verdict !== "none" && !VERDICTS.includes(q.verdict as Verdict)) throw bad("资格判断", q.verdict);
    f.verdict = q.verdict as Verdict | "none";
  }
  if (q.feedback) {
    if (q.feedback !== "up" && q.feedback !== "down" && q.feedback !== "none") throw bad("评价", q.feedback);
    f.feedback = q.feedback;
  }
  return f;
}

const option = (value: string, label: string, selected: string | undefined) =>
  html`<option value="${value}"${value === (selected ?? "") ? html` selected` : null}>${label}</option>`;

function excerpt(text: string, q: string | undefined): string {
  const chars = [...text];
  if (chars.length <= EXCERPT_CHARS) return text;
  const at = q ? text.toLowerCase().indexOf(q.toLowerCase()) : -1;
  if (at < 0) return `${chars.slice(0, EXCERPT_CHARS).join("")}…`;
  const start = Math.max(0, [...text.slice(0, at)].length - EXCERPT_CHARS / 4);
  return `${start > 0 ? "…" : ""}${chars.slice(start, start + EXCERPT_CHARS).join("")}${start + EXCERPT_CHARS < chars.length ? "…" : ""}`;
}

function badges(m: LoggedMessage): SafeHtml {
  return html`${m.refused ? html`<span class="badge bad">拒答</span> ` : null}${!m.refused && m.topTopic === null ? html`<span class="badge warn">无专题</span> ` : null}${m.verdict
    ? html`<span class="badge ${m.verdict === "eligible" ? "good" : m.verdict === "ineligible" ? "bad" : "warn"}">${VERDICT_NAMES[m.verdict]}</span> `
    : null}${m.feedback ? html`<span class="badge ${m.feedback.rating === "up" ? "good" : "bad"}">${RATING_TEXT[m.feedback.rating]}</span>` : null}`;
}

// One replay pipeline per serving pipeline (same corpus and index, quiet, without the LLM), so replays never
// touch visitors' conversations, the message log or the cache.
function replayer(services: ConsoleServices): Promise<WiredAssistant> {
  return quietPipeline(services.build, services.serving(), { llm: false });
}

interface Replayed {
  explanation: string;
  answer: string;
}

/** The conversation's questions asked again in order (so follow-ups see their context), with explain. */
async function replay(services: ConsoleServices, messages: readonly LoggedMessage[]): Promise<Map<string, Replayed>> {
  const pipeline = await replayer(services);
  const sessionId = `console-replay:${randomUUID()}`;
  const out = new Map<string, Replayed>();
  try {
    for (const m of messages.slice(0, REPLAY_MAX)) {
      const r = await pipeline.answer({ question: m.question, sessionId }, { explain: true });
      const exp = r.explanation as Parameters<typeof formatExplanation>[0] | undefined;
      out.set(m.id, { explanation: exp ? formatExplanation(exp) : "（没有推演信息）", answer: r.answer });
    }
  } finally {
    await pipeline.sessions.delete(sessionId);
  }
  return out;
}

function topicList(m: LoggedMessage, names: Map<number, string>): string {
  return m.topics.length ? m.topics.map((id) => `专题${id} ${names.get(id) ?? ""}`.trim()).join("、") : "无";
}

function messageArticle(m: LoggedMessage, i: number, names: Map<number, string>, replayed: Replayed | undefined, replayNote: string | undefined): SafeHtml {
  return html`<article id="m-${m.id}">
<h2>第 ${i + 1} 问 · <span class="nowrap">${formatTime(m.at)}</span></h2>
<p class="meta">渠道 ${m.channel} · 延迟 ${m.latencyMs} ms · 专题：${topicList(m, names)} · 资格判断：${m.verdict ? VERDICT_NAMES[m.verdict] : "无"} · 拒答：${m.refused ? "是" : "否"} ${badges(m)}</p>
<h3>问题</h3>
<div class="answer">${m.question}</div>
<h3>回答（当时的记录）</h3>
<div class="answer">${m.answer}</div>
<h3>评价</h3>
${m.feedback
  ? html`<p>${RATING_TEXT[m.feedback.rating]}（${m.feedback.rating === "up" ? "有帮助" : "没有帮助"}）<span class="meta"> · ${formatTime(m.feedback.at)}</span></p>${m.feedback.comment ? html`<blockquote class="answer">${m.feedback.comment}</blockquote>` : null}`
  : html`<p class="meta">未评价</p>`}
<h3>引用（${m.citations.length}）</h3>
${m.citations.length
  ? html`<ol>${m.citations.map((c) => html`<li><b>${c.label || c.title}</b><blockquote class="answer">${c.quote}</blockquote><span class="meta">${c.source}</span></li>`)}</ol>`
  : html`<p class="meta">没有引用</p>`}
<details${i === 0 ? html` open` : null}><summary>是怎样回答的（按当前知识库重新推演）</summary>
${replayed
  ? html`${replayed.answer !== m.answer ? html`<p class="warn">按当前知识库重新推演得到的回答与当时的记录不同（知识库或规则可能已经改过）；上面的回答是当时的记录。</p>` : null}<pre>${replayed.explanation}</pre>`
  : html`<p class="meta">${replayNote ?? "没有重新推演这一问。"}</p>`}
</details>
<p><a href="/console/messages/${m.id}" class="small">本条链接</a></p>
</article>`;
}

export const conversationsPage: ConsolePage = (app, { services, assistant }) => {
  const topicNames = () => new Map(assistant.topics().map((t) => [t.id, t.name]));

  app.get<{ Querystring: Query }>("/conversations", async (req, reply) => {
    const query = req.query;
    const filters = parseFilters(query);
    const range = parseOpenDayRange(query);
    if (range) filters.range = range.range;
    const page = Math.max(1, Number.parseInt(query.page ?? "1", 10) || 1);
    await services.flushMessages();
    const { total, rows } = await searchMessages(services.db, filters, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const names = topicNames();
    const topics = assistant.topics();
    const channels = await loggedChannels(services.db);

    const pageHref = (p: number) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (k !== "page" && typeof v === "string" && v) params.set(k, v);
      params.set("page", String(p));
      return `/console/conversations?${params.toString()}`;
    };

    const body = html`<form method="get" action="/console/conversations" class="filters" role="search">
<label>搜索问题和回答 <input type="search" name="q" value="${filters.q ?? ""}" maxlength="${QUERY_MAX}" placeholder="例如：贷款贴息"></label>
<label>渠道 <select name="channel">${option("", "全部", query.channel)}${channels.map((c) => option(c, c, query.channel))}</select></label>
<label>专题 <select name="topic">${option("", "全部", query.topic)}${option("none", "无专题", query.topic)}${topics.map((t) => option(String(t.id), `专题${t.id} ${t.name}`, query.topic))}</select></label>
<label>拒答 <select name="refused">${option("", "全部", query.refused)}${option("yes", "是", query.refused)}${option("no", "否", query.refused)}</select></label>
<label>资格判断 <select name="verdict">${option("", "全部", query.verdict)}${VERDICTS.map((v) => option(v, VERDICT_NAMES[v], query.verdict))}${option("none", "无判断", query.verdict)}</select></label>
<label>评价 <select name="feedback">${option("", "全部", query.feedback)}${option("up", "满意（有帮助）", query.feedback)}${option("down", "不满意（没有帮助）", query.feedback)}${option("none", "未评价", query.feedback)}</select></label>
${dayRangeInputs(range)}
<button type="submit">查找</button> <a href="/console/conversations">清除条件</a>
</form>
<p class="meta">共 ${total} 条，第 ${page}/${pages} 页，最新的在前。搜索 3 个字及以上用全文索引，1–2 个字逐条比对。</p>
${rows.length
  ? html`<table class="grid">
<thead><tr><th scope="col">时间</th><th scope="col">渠道</th><th scope="col">问题</th><th scope="col">回答</th><th scope="col">专题</th><th scope="col">标记</th></tr></thead>
<tbody>${rows.map(
      (m) => html`<tr><td class="nowrap">${formatTime(m.at)}</td><td>${m.channel}</td><td><a href="${messageHref(m)}">${excerpt(m.question, filters.q)}</a></td><td class="detail">${excerpt(m.answer, filters.q)}</td><td>${m.topTopic === null ? "—" : `专题${m.topTopic} ${names.get(m.topTopic) ?? ""}`}</td><td class="nowrap">${badges(m)}</td></tr>`,
    )}</tbody></table>`
  : html`<p>没有符合条件的对话。</p>`}
<p class="pager">${page > 1 ? html`<a href="${pageHref(page - 1)}" rel="prev">上一页</a>` : null} ${page < pages ? html`<a href="${pageHref(page + 1)}" rel="next">下一页</a>` : null}</p>`;
    return reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "对话记录", active: "/console/conversations", body }));
  });

  const showConversation = async (req: FastifyRequest, title: string, messages: LoggedMessage[]) => {
    let replayed = new Map<string, Replayed>();
    let note: string | undefined;
    try {
      replayed = await replay(services, messages);
      if (messages.length > REPLAY_MAX) note = `这段对话超过 ${REPLAY_MAX} 问，只重新推演了前 ${REPLAY_MAX} 问。`;
    } catch (err) {
      req.log.error({ err: String(err) }, "console replay failed");
      note = "重新推演失败（详见服务日志）；上面的记录不受影响。";
    }
    const names = topicNames();
    const first = messages[0];
    const last = messages[messages.length - 1];
    const body = html`<p class="meta">${messages.length} 问 · ${formatTime(first.at)} 至 ${formatTime(last.at)} · 渠道 ${[...new Set(messages.map((m) => m.channel))].join("、")}</p>
<p class="notice">“是怎样回答的”是按当前知识库重新推演的结果（依次重新提问本对话的问题，不写入任何记录，也不含当时通过“我的单位”填写的资料）；知识库改过之后可能与当时不同。每一问的“回答”一栏是当时的记录。</p>
${messages.map((m, i) => messageArticle(m, i, names, replayed.get(m.id), note))}
<p><a href="/console/conversations">返回对话记录</a></p>`;
    return renderPage(req, { title, active: "/console/conversations", body });
  };

  app.get<{ Params: { sessionId: string } }>("/conversations/:sessionId", async (req, reply) => {
    await services.flushMessages();
    const messages = await sessionMessages(services.db, req.params.sessionId);
    if (!messages.length) throw new ApiError("not_found", "没有这段对话的记录（可能已超过保存期限被删除）。");
    const title = messages.more ? `对话 ${req.params.sessionId}（最近 ${SESSION_MESSAGES_MAX} 条）` : `对话 ${req.params.sessionId}`;
    return reply.type("text/html; charset=utf-8").send(await showConversation(req, title, messages));
  });

  app.get<{ Params: { id: string } }>("/messages/:id", async (req, reply) => {
    await services.flushMessages();
    const where = await messageSession(services.db, req.params.id);
    if (!where) throw new ApiError("not_found", "没有这条消息的记录（可能已超过保存期限被删除）。");
    if (where.sessionId) return reply.redirect(messageHref({ id: req.params.id, sessionId: where.sessionId }), 303);
    // Logged without a conversation: shown on its own.
    return reply.type("text/html; charset=utf-8").send(await showConversation(req, "单条消息", [(await messageById(services.db, req.params.id))!]));
  });
};
