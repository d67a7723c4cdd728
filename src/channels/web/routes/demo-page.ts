// GET / — a demo page that says what the assistant covers and hosts the widget through the very
// script tag a partner site would paste.
import type { FastifyInstance } from "fastify";
import type { TopicSummary } from "../../../core/types.js";
import type { WebDeps } from "../deps.js";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function renderDemoPage(topics: TopicSummary[], title = "科技计划政策助手"): string {
  const programs = new Map<string, TopicSummary[]>();
  for (const t of [...topics].sort((a, b) => a.id - b.id)) programs.set(t.program, [...(programs.get(t.program) ?? []), t]);
  const sections = [...programs.entries()]
    .map(
      ([program, list]) => `
      <section class="program">
        <h3>${esc(program)}<small>${esc(list[0]?.programTheme ?? "")}</small></h3>
        <ul>${list.map((t) => `<li><b>专题${t.id} ${esc(t.name)}</b><span>${esc(t.summary)}</span></li>`).join("")}</ul>
      </section>`,
    )
    .join("");
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)} · 武汉市科技计划体系改革优化方案</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/assets/demo.css">
</head>
<body>
  <main>
    <h1>${esc(title)}</h1>
    <p class="lead">解答《武汉市科技计划体系改革优化方案》（武汉市科学技术局，2023年11月21日印发）的问题：
      哪个专题适合您、能否申报、方案原文怎么说。每个回答都注明所依据的条款；方案未规定的金额、时间和条件，
      以年度申报指南为准。点击右下角“政策咨询”开始提问。</p>
    <h2>覆盖范围：${new Set(topics.map((t) => t.program)).size} 个专项、${topics.length} 个专题</h2>
    <div class="programs">${sections}
    </div>
    <h2>在您的网站嵌入</h2>
    <pre><code>&lt;script src="https://助手域名/widget.js" data-title="${esc(title)}" defer&gt;&lt;/script&gt;</code></pre>
    <p class="note">嵌入站点的域名须列入服务端配置 WIDGET_ORIGINS。</p>
  </main>
  <script src="/widget.js" data-title="${esc(title)}" defer></script>
</body>
</html>
`;
}

export function registerDemoPage(app: FastifyInstance, { assistant }: WebDeps): void {
  app.get("/", async (_req, reply) => {
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(renderDemoPage(assistant.topics()));
  });
}
