// 概览: how the assistant did over a range of days — questions, refusals, answers without a 专题,
// downvotes and latency as tiles, then questions per day by channel, by 专题, and the daily refusal and
// no-专题 rates as inline SVG with their numbers in a table. Also home to the 从/到 range the
// conversation and unresolved pages share.
import { ApiError } from "../../web/errors.js";
import { DAY_MS, overviewStats, type TimeRange } from "../../../ops/console/overview-stats.js";
import { dataTable, horizontalBarChart, lineChart, stackedBarChart } from "../charts.js";
import type { ConsolePage } from "../context.js";
import { html, type SafeHtml } from "../html.js";
import { renderPage } from "../layout.js";
import { dayOf, percent, startOfDay } from "../format.js";

/** The overview looks at the last week (today included) unless asked otherwise. */
export const OVERVIEW_DEFAULT_DAYS = 7;
/** Longest range a page accepts: a year of days still draws as readable bars. */
export const MAX_RANGE_DAYS = 366;

export interface DayRange {
  fromDay: string;
  toDay: string;
  /** [00:00 of fromDay, 00:00 of the day after toDay), China time. */
  range: TimeRange;
}

/** A range where either end may be left open (search everything before or after a day). */
export interface OpenDayRange {
  fromDay?: string;
  toDay?: string;
  range: TimeRange;
}

const shiftDay = (day: string, days: number) => dayOf(startOfDay(day)! + days * DAY_MS);
const given = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

function checkDay(name: string, v: string | undefined, now: number): void {
  if (v !== undefined && startOfDay(v) === undefined) {
    throw new ApiError("invalid_request", `「${name}」的日期「${v.slice(0, 20)}」无效：请写成 YYYY-MM-DD，例如 ${dayOf(now)}。`);
  }
}

function toRange(from: string | undefined, to: string | undefined): TimeRange {
  const range = { from: from ? startOfDay(from)! : 0, to: to ? startOfDay(to)! + DAY_MS : Number.MAX_SAFE_INTEGER };
  if (range.from >= range.to) throw new ApiError("invalid_request", `「从」（${from}）不能晚于「到」（${to}）。`);
  return range;
}

/**
 * 从/到 from the query string (YYYY-MM-DD, China time, both days included); a missing 到 is today and
 * a missing 从 is `defaultDays` days back (today included). A day that is not a real date is a 400.
 */
export function parseDayRange(query: { from?: unknown; to?: unknown }, defaultDays: number, now = Date.now()): DayRange {
  const from = given(query.from);
  checkDay("从", from, now);
  const to = given(query.to) ?? dayOf(now);
  checkDay("到", to, now);
  const fromDay = from ?? shiftDay(to, -(defaultDays - 1));
  const range = toRange(fromDay, to);
  if ((range.to - range.from) / DAY_MS > MAX_RANGE_DAYS) throw new ApiError("invalid_request", `日期范围最长 ${MAX_RANGE_DAYS} 天，请缩小范围。`);
  return { fromDay, toDay: to, range };
}

/** Like parseDayRange, but a missing end stays open; undefined when neither is given. */
export function parseOpenDayRange(query: { from?: unknown; to?: unknown }, now = Date.now()): OpenDayRange | undefined {
  const from = given(query.from);
  const to = given(query.to);
  checkDay("从", from, now);
  checkDay("到", to, now);
  if (!from && !to) return undefined;
  return { ...(from && { fromDay: from }), ...(to && { toDay: to }), range: toRange(from, to) };
}

/** The 从/到 inputs of a filter form. */
export function dayRangeInputs(r: OpenDayRange | undefined): SafeHtml {
  return html`<label>从 <input type="date" name="from" value="${r?.fromDay ?? ""}"></label>
<label>到 <input type="date" name="to" value="${r?.toDay ?? ""}"></label>`;
}

const tile = (value: string, label: string, note?: string) => html`<div class="tile"><b>${value}</b><span>${label}</span>${note ? html`<br><span>${note}</span>` : null}</div>`;

const rate = (part: number, whole: number): number | null => (whole ? part / whole : null);

export const overviewPage: ConsolePage = (app, { services, assistant }) => {
  app.get<{ Querystring: { from?: string; to?: string } }>("/", async (req, reply) => {
    const r = parseDayRange(req.query, OVERVIEW_DEFAULT_DAYS);
    await services.flushMessages();
    const s = await overviewStats(services.db, r.range);
    const names = new Map(assistant.topics().map((t) => [t.id, t.name]));
    const topicLabel = (id: number) => `专题${id} ${names.get(id) ?? "（已不在知识库）"}`;
    const days = s.perDay.map((d) => d.day);
    const short = days.map((d) => d.slice(5)); // MM-DD under the bars
    const channels = s.channels.map((c) => c.channel);
    const answered = s.questions - s.refused;

    const tiles = html`<div class="tiles">
${tile(String(s.questions), "提问数")}
${tile(percent(s.refused, s.questions), "拒答率", `${s.refused} / ${s.questions} 个提问`)}
${tile(percent(s.noTopic, s.questions), "未匹配专题率", `${s.noTopic} 个回答了但没有专题`)}
${tile(percent(s.down, s.rated), "不满意率（占已评价）", `不满意 ${s.down} / 已评价 ${s.rated}；评价率 ${percent(s.rated, s.questions)}`)}
${tile(s.p95LatencyMs === null ? "—" : `${s.p95LatencyMs} ms`, "延迟 p95")}
</div>`;

    const perChannel = stackedBarChart({
      id: "chart-per-day",
      title: "每日提问数（按渠道）",
      desc: `${r.fromDay} 至 ${r.toDay} 每天的提问数，按渠道堆叠：${channels.join("、") || "无"}。`,
      labels: short,
      series: channels.map((c) => ({ name: c, values: s.perDay.map((d) => d.byChannel[c] ?? 0) })),
    });
    const perTopic = horizontalBarChart({
      id: "chart-topics",
      title: "按专题的提问数（排第一的专题，不含拒答）",
      desc: `${answered} 个回答中排第一的专题及其提问数。`,
      bars: s.topics.map((t) => ({ label: topicLabel(t.id), value: t.questions })),
    });
    const rates = lineChart({
      id: "chart-rates",
      title: "每日拒答率与未匹配专题率",
      desc: "每天拒答的提问、回答了但没有专题的提问各占当天提问数的比例；没有提问的日子不画点。",
      labels: short,
      series: [
        { name: "拒答率", values: s.perDay.map((d) => rate(d.refused, d.questions)) },
        { name: "未匹配专题率", values: s.perDay.map((d) => rate(d.noTopic, d.questions)) },
      ],
      max: 1,
      format: (v) => `${Math.round(v * 100)}%`,
    });

    const body = html`<form method="get" action="/console" class="filters">
${dayRangeInputs(r)}
<button type="submit">查看</button>
</form>
<p class="meta">${r.fromDay} 至 ${r.toDay}（北京时间，含首尾两天）。未匹配专题：回答了但没有任何专题，不含拒答。不满意率按该时段的回答中已评价的计算。</p>
${tiles}
<h2>每日提问</h2>
<figure class="chart">${perChannel}
${dataTable("查看数据表", ["日期", ...channels, "合计"], s.perDay.map((d) => [d.day, ...channels.map((c) => d.byChannel[c] ?? 0), d.questions]))}
</figure>
<h2>按专题</h2>
<figure class="chart">${perTopic}
${dataTable("查看数据表", ["专题", "提问数"], s.topics.map((t) => [topicLabel(t.id), t.questions]))}
</figure>
<h2>拒答与未匹配专题</h2>
<figure class="chart">${rates}
${dataTable("查看数据表", ["日期", "提问数", "拒答", "拒答率", "未匹配专题", "未匹配专题率"], s.perDay.map((d) => [d.day, d.questions, d.refused, percent(d.refused, d.questions), d.noTopic, percent(d.noTopic, d.questions)]))}
</figure>
<p><a href="/console/unresolved?from=${r.fromDay}&amp;to=${r.toDay}">查看这段时间未解决的问题</a></p>`;
    return reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "概览", active: "/console", body }));
  });
};
