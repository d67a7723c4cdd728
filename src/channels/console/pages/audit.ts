// 审计日志: every change made in the console and every account change, newest first (who, when, what).
import type { ConsolePage } from "../context.js";
import { html } from "../html.js";
import { renderPage } from "../layout.js";
import { formatTime } from "../format.js";

const PAGE = 100;

export const auditPage: ConsolePage = (app, { services }) => {
  app.get<{ Querystring: { page?: string } }>("/audit", async (req, reply) => {
    const page = Math.max(1, Number.parseInt(req.query.page ?? "1", 10) || 1);
    const total = await services.audit.count();
    const rows = await services.audit.list(PAGE, (page - 1) * PAGE);
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const body = html`<p class="meta">共 ${total} 条，第 ${page}/${pages} 页。</p>
<table class="grid">
<thead><tr><th scope="col">时间</th><th scope="col">账户</th><th scope="col">操作</th><th scope="col">内容</th></tr></thead>
<tbody>${rows.map(
      (r) => html`<tr><td class="nowrap">${formatTime(r.at)}</td><td>${r.username}</td><td>${r.action}</td><td class="detail">${Object.entries(r.detail)
        .map(([k, v]) => `${k}：${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join("；")}</td></tr>`,
    )}</tbody>
</table>
<p class="pager">${page > 1 ? html`<a href="/console/audit?page=${page - 1}">上一页</a>` : null} ${page < pages ? html`<a href="/console/audit?page=${page + 1}">下一页</a>` : null}</p>`;
    return reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "审计日志", active: "/console/audit", body }));
  });
};
