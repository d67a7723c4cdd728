// The console's page shell: header with the account and logout, the navigation, a notice line and the
// page body. Plain HTML with one stylesheet and one small script; readable on a laptop and a projector.
import type { FastifyRequest } from "fastify";
import { ROLE_NAMES, roleAtLeast, type Role } from "../../ops/staff/roles.js";
import { html, type SafeHtml } from "./html.js";
import { verifiedNotice } from "./notice.js";

export interface NavItem {
  path: string;
  label: string;
  /** Shown only to accounts with at least this role. */
  role?: Role;
}

export const NAV: readonly NavItem[] = [
  { path: "/console", label: "概览" },
  { path: "/console/conversations", label: "对话记录" },
  { path: "/console/feedback", label: "反馈" },
  { path: "/console/unresolved", label: "未解决的问题" },
  { path: "/console/knowledge", label: "知识库" },
  { path: "/console/eval", label: "评测" },
  { path: "/console/audit", label: "审计日志" },
  { path: "/console/users", label: "账户", role: "admin" },
];

export interface PageInput {
  title: string;
  /** The NAV path to highlight. */
  active: string;
  body: SafeHtml;
  /** Extra <head> markup (a refresh while a job runs). */
  head?: SafeHtml;
}

export function renderPage(req: FastifyRequest, { title, active, body, head }: PageInput): string {
  const s = req.staff;
  const notice = verifiedNotice(req.query);
  const nav = NAV.filter((n) => !n.role || (s && roleAtLeast(s.user.role, n.role)));
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 科技计划政策助手 · 管理后台</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
${head}
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="top">
  <span class="brand">科技计划政策助手 · 管理后台</span>
  ${s
    ? html`<span class="who">${s.user.displayName}（${ROLE_NAMES[s.user.role]}）</span>
  <form method="post" action="/console/logout" class="inline"><input type="hidden" name="_csrf" value="${s.csrf}"><button type="submit" class="link">退出登录</button></form>`
    : null}
</header>
${s
    ? html`<nav class="side" aria-label="管理后台导航"><ul>${nav.map(
        (n) => html`<li><a href="${n.path}"${n.path === active ? html` aria-current="page"` : null}>${n.label}</a></li>`,
      )}</ul></nav>`
    : null}
<main id="main" class="${s ? "" : "narrow"}">
<h1>${title}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
${body}
</main>
</body>
</html>`.value;
}

/** A page for an error (wrong role, unknown record, bad input) that keeps the navigation. */
/** While a background job runs, its page reloads itself (no script needed). */
export const REFRESH_WHILE_RUNNING = html`<meta http-equiv="refresh" content="2">`;

export function renderErrorPage(req: FastifyRequest, status: number, message: string): string {
  return renderPage(req, {
    title: status === 403 ? "没有权限" : status === 404 ? "找不到" : status === 429 ? "请稍后再试" : "出错了",
    active: "",
    body: html`<p class="error" role="alert">${message}</p><p><a href="/console">返回概览</a></p>`,
  });
}
