// 评测: the eval datasets (project and data folder) with their validation, running one as a background
// job (编辑+) with progress, the results (per-kind pass rates, the baseline comparison, the HTML report
// in a frame), past runs, the Excel export of a run's cases, and importing a set of cases from Excel.
import fs from "node:fs";
import path from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import { DatasetError } from "../../../eval/dataset.js";
import { importCasesWorkbook, importTemplateWorkbook, toJsonlText } from "../../../eval/excel-import.js";
import { resultsWorkbook } from "../../../eval/excel-export.js";
import { fmtDelta, fmtMetric, fmtRate } from "../../../eval/format.js";
import { KIND_NAMES } from "../../../eval/html-report.js";
import { CASE_KINDS } from "../../../eval/dataset.js";
import { FEEDBACK_CASES_FILE } from "../../../ops/console/feedback-labels.js";
import {
  EVAL_JOB_KIND,
  EvalRunError,
  issueText,
  listDatasets,
  listRuns,
  readRun,
  runPath,
  startEvalRun,
  type DatasetEntry,
  type EvalRunDeps,
  type RunMeta,
  type RunResult,
} from "../../../ops/console/eval-runs.js";
import { JobBusyError, type Job } from "../../../ops/console/jobs.js";
import { ApiError, serializeError, toApiError } from "../../web/errors.js";
import type { ConsoleDeps, ConsolePage } from "../context.js";
import { canEdit, csrfField, field, finish, requireRole, wantsJson } from "../context.js";
import { formatTime } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { REFRESH_WHILE_RUNNING, renderErrorPage, renderPage } from "../layout.js";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** The report is a static page with inline style and SVG; framed only by the console itself. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
const PAST_RUNS_SHOWN = 30;
const NAME_MAX_CHARS = 60;

const METRIC_NAMES: Record<string, string> = {
  passRate: "通过率",
  "hit@1": "专题首位命中率 hit@1",
  "hit@3": "专题前三命中率 hit@3",
  MRR: "平均倒数排名 MRR",
  "nDCG@5": "nDCG@5",
  refusalPrecision: "拒答精确率",
  refusalRecall: "拒答召回率",
  verdictAccuracy: "资格判断准确率",
  citationValidity: "引用有效率",
  mustPassRate: "必含内容通过率",
  mustNotPassRate: "禁止内容通过率",
  latencyP50: "延迟中位数",
  latencyP95: "延迟 p95",
};

const page = (req: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, head?: SafeHtml) =>
  reply.type("text/html; charset=utf-8").send(renderPage(req, { title, active: "/console/eval", body, ...(head && { head }) }));

const topicIdsOf = (deps: ConsoleDeps) => new Set(deps.services.serving().topics().map((t) => t.id));

/** Starts a run and answers the request; shared with the 反馈 page's 运行这些用例. */
export async function startRunFromRequest(req: FastifyRequest, reply: FastifyReply, deps: ConsoleDeps, key: string): Promise<FastifyReply> {
  const s = requireRole(req, "editor");
  const runDeps: EvalRunDeps = { config: deps.config, services: deps.services, jobs: deps.jobs };
  let job: Job;
  try {
    job = startEvalRun(runDeps, key, s.user.username);
  } catch (e) {
    if (e instanceof JobBusyError) {
      const j = e.running;
      throw new ApiError("conflict", `已有一个评测正在运行（${j.title}，${j.startedBy} 于 ${formatTime(j.startedAt)} 开始），同一时间只能运行一个。请等它完成后再开始。`);
    }
    if (e instanceof EvalRunError) throw new ApiError("invalid_request", [e.message, ...e.issues.map(issueText)].join("\n"));
    if (e instanceof DatasetError) throw new ApiError("invalid_request", e.issues.map(issueText).join("\n"));
    throw e;
  }
  await deps.services.audit.record(s.user.username, "运行评测", { 评测集: key.replace(/^data:/, "数据目录/eval/").replace(/^project:/, "eval/") });
  // Pages read the run's folder once done; the job's result only needs to say which folder.
  return finish(req, reply, "/console/eval", `已开始评测：${job.title}。完成前本页每 2 秒自动刷新。`, { job: job.id });
}

function datasetRows(req: FastifyRequest, sets: DatasetEntry[], running: boolean): SafeHtml {
  if (!sets.length) return html`<p class="meta">没有找到评测集文件。</p>`;
  const edit = canEdit(req);
  return html`<table class="grid">
<thead><tr><th scope="col">评测集</th><th scope="col" class="num">用例</th><th scope="col">类型</th><th scope="col">状态</th>${edit ? html`<th scope="col">运行</th>` : null}</tr></thead>
<tbody>${sets.map(
    (d) => html`<tr>
<td>${d.label}${d.baselined ? html` <span class="badge">有基线</span>` : null}${d.name === FEEDBACK_CASES_FILE && d.source === "data" ? html` <span class="badge">反馈标注</span>` : null}</td>
<td class="num">${d.cases}</td>
<td class="small">${CASE_KINDS.filter((k) => d.kinds[k]).map((k) => `${KIND_NAMES[k]} ${d.kinds[k]}`).join("、")}</td>
<td>${d.issues.length
      ? html`<span class="badge bad">${d.issues.length} 处错误</span><details><summary>查看错误</summary><ul class="small">${d.issues.map((i) => html`<li>${issueText(i)}</li>`)}</ul></details>`
      : html`<span class="badge good">有效</span>`}</td>
${edit
      ? html`<td>${d.issues.length
          ? html`<span class="meta">改正后可运行</span>`
          : html`<form method="post" action="/console/eval/run" class="inline">${csrfField(req)}<input type="hidden" name="dataset" value="${d.key}"><button type="submit"${running ? html` disabled` : null}>运行</button></form>`}</td>`
      : null}
</tr>`,
  )}</tbody></table>`;
}

function jobBlock(job: Job | undefined): SafeHtml {
  if (!job) return html``;
  if (job.state === "running") {
    const pct = Math.round((job.progress ?? 0) * 100);
    return html`<section class="stack" aria-live="polite"><h2>正在运行</h2>
<p>${job.title} · ${job.startedBy} 于 ${formatTime(job.startedAt)} 开始</p>
<p><progress max="100" value="${pct}">${pct}%</progress> ${pct}% ${job.progressText ?? ""}</p>
<p class="meta">页面每 2 秒自动刷新；可以离开本页，评测会在后台继续。</p></section>`;
  }
  if (job.state === "failed") return html`<p class="error" role="alert">评测「${job.title}」失败：${job.error ?? "未知原因"}</p>`;
  return html``;
}

function kindTable(r: RunResult): SafeHtml {
  const by = r.report.summary.byKind;
  const kinds = CASE_KINDS.filter((k) => by[k]);
  return html`<table class="grid" id="kinds">
<thead><tr><th scope="col">类型</th><th scope="col" class="num">用例</th><th scope="col" class="num">通过</th><th scope="col" class="num">通过率</th></tr></thead>
<tbody>${kinds.map((k) => {
    const st = by[k]!;
    return html`<tr data-kind="${k}"><td>${KIND_NAMES[k]}</td><td class="num">${st.cases}</td><td class="num">${st.passed}</td><td class="num">${fmtRate(st.rate)}</td></tr>`;
  })}</tbody></table>`;
}

function comparisonBlock(r: RunResult): SafeHtml {
  const cmp = r.comparison;
  if (!cmp) return html`<p class="meta">这个评测集没有基线（eval/baseline.json 是用别的评测集生成的），不做对比。</p>`;
  return html`<h3>与基线 eval/baseline.json 对比（容差 ${fmtRate(cmp.tolerance)}）</h3>
${cmp.regressed ? html`<p class="warn" role="alert">有指标下降超过容差，请检查后再发布。</p>` : html`<p class="notice">没有指标下降超过容差。</p>`}
<table class="grid" id="deltas">
<thead><tr><th scope="col">指标</th><th scope="col" class="num">基线</th><th scope="col" class="num">本次</th><th scope="col" class="num">变化</th><th scope="col"></th></tr></thead>
<tbody>${cmp.deltas.map(
    (d) => html`<tr><td>${METRIC_NAMES[d.metric] ?? d.metric}</td><td class="num">${fmtMetric(d.metric, d.before)}</td><td class="num">${fmtMetric(d.metric, d.after)}</td><td class="num">${fmtDelta(d.metric, d.delta)}</td><td>${d.regressed ? html`<span class="badge bad">下降</span>` : null}</td></tr>`,
  )}</tbody></table>
<h3>翻转的用例（${cmp.flips.length}）</h3>
${cmp.flips.length
    ? html`<ul id="flips">${cmp.flips.map((f) => html`<li><span class="badge ${f.to === "fail" ? "bad" : "good"}">${f.to === "fail" ? "通过→未通过" : "未通过→通过"}</span> ${f.id}（${KIND_NAMES[f.kind as keyof typeof KIND_NAMES] ?? f.kind}）</li>`)}</ul>`
    : html`<p>没有用例翻转。</p>`}
${cmp.added.length || cmp.removed.length ? html`<p class="meta">新增用例 ${cmp.added.length} 条，基线中有而本次没有的 ${cmp.removed.length} 条。</p>` : null}`;
}

function runBlock(r: RunResult): SafeHtml {
  const s = r.report.summary;
  const m = r.meta;
  const base = `/console/eval/runs/${m.id}`;
  return html`<section id="run" data-run="${m.id}">
<p class="meta">${m.datasetLabel} · ${m.startedBy} · ${formatTime(m.startedAt)} 开始，用时 ${Math.max(1, Math.round((m.finishedAt - m.startedAt) / 1000))} 秒</p>
<div class="tiles">
<div class="tile"><b>${fmtRate(s.passRate)}</b><span>通过率（${s.passed}/${s.scored}）</span></div>
<div class="tile"><b>${s.cases}</b><span>用例${s.unlabeled ? `，其中 ${s.unlabeled} 条未标注` : ""}</span></div>
<div class="tile"><b>${s.errors}</b><span>出错</span></div>
<div class="tile"><b>${fmtRate(s.refusal.recall)}</b><span>拒答召回率</span></div>
<div class="tile"><b>${fmtRate(s.verdict.accuracy)}</b><span>资格判断准确率</span></div>
</div>
<p><a href="${base}/results.xlsx">下载每条用例的结果（Excel）</a> · <a href="${base}/report.html" target="_blank" rel="noopener">在新窗口打开报告</a></p>
<h3>各类用例通过率</h3>
${kindTable(r)}
${comparisonBlock(r)}
<h3>评测报告</h3>
<iframe class="report" src="${base}/report.html" title="评测报告 ${m.id}"></iframe>
</section>`;
}

function runsList(runs: RunMeta[]): SafeHtml {
  return runs.length
    ? html`<table class="grid" id="runs">
<thead><tr><th scope="col">时间</th><th scope="col">评测集</th><th scope="col">运行人</th><th scope="col" class="num">用例</th><th scope="col" class="num">通过率</th><th scope="col">基线对比</th></tr></thead>
<tbody>${runs.map(
        (m) => html`<tr><td class="nowrap"><a href="/console/eval/runs/${m.id}">${formatTime(m.startedAt)}</a></td><td>${m.datasetLabel}</td><td>${m.startedBy}</td><td class="num">${m.summary.cases}</td><td class="num">${fmtRate(m.summary.passRate)}</td>
<td>${m.compared ? (m.regressed ? html`<span class="badge bad">有指标下降</span>` : html`<span class="badge good">未下降</span>`) : html`<span class="meta">无基线</span>`}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="meta">还没有运行过评测。</p>`;
}

function importForm(req: FastifyRequest): SafeHtml {
  if (!canEdit(req)) return html`<p class="meta">只读账户不能导入用例。</p>`;
  return html`<form method="post" action="/console/eval/import" enctype="multipart/form-data" class="stack">${csrfField(req)}
<label>Excel 文件（.xlsx） <input type="file" name="file" accept=".xlsx,${XLSX_TYPE}" required></label>
<label>保存为（可选，默认用上传的文件名；只用于文件名，例如 2026-春季抽查） <input name="name" maxlength="${NAME_MAX_CHARS}"></label>
<label><input type="checkbox" name="confirm" value="1"> 覆盖同名评测集</label>
<button type="submit">导入</button>
</form>`;
}

/** A dataset file name from what staff typed or the uploaded file's name; refuses anything path-like. */
export function safeDatasetName(raw: string): string {
  const name = raw.trim().replace(/\.xlsx$/i, "").replace(/\.jsonl$/i, "");
  if (/[/\\\0]/.test(name) || name.includes("..")) throw new ApiError("invalid_request", "文件名不能包含路径（/、\\ 或 ..），请只写一个名字。");
  const clean = name
    .replace(/[^\p{L}\p{N}_-]+/gu, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, NAME_MAX_CHARS);
  if (!clean) throw new ApiError("invalid_request", "请填写保存的文件名（字母、数字、汉字、- 或 _）。");
  if (`${clean}.jsonl` === FEEDBACK_CASES_FILE) throw new ApiError("invalid_request", `「${clean}」是反馈标注自动生成的评测集，请换一个名字。`);
  return clean;
}

export const evalPage: ConsolePage = (app, deps) => {
  const { config, services, jobs } = deps;

  app.get<{ Querystring: { job?: string } }>("/eval", async (req, reply) => {
    const latest = (req.query.job && jobs.get(req.query.job)?.kind === EVAL_JOB_KIND ? jobs.get(req.query.job) : undefined) ?? jobs.list(EVAL_JOB_KIND)[0];
    if (wantsJson(req)) return reply.send({ job: latest ?? null });
    const running = latest?.state === "running";
    const sets = listDatasets(config, topicIdsOf(deps));
    const done = latest?.state === "done" ? readRun(config, (latest.result as RunMeta | undefined)?.id ?? "") : undefined;
    const body = html`${jobBlock(latest)}
${done ? html`<h2>最近一次评测的结果</h2>${runBlock(done)}` : null}
<h2>评测集</h2>
<p class="meta">项目自带的评测集在 eval/ 下；反馈标注生成的和从 Excel 导入的在数据目录的 eval/ 下。</p>
${datasetRows(req, sets, running)}
<h2>从 Excel 导入用例</h2>
<p>第1行为表头：问题、期望专题、期望判断、应拒答（可加 类型）。有任何一行不对时整个文件都不会写入，并列出每行的问题。 <a href="/console/eval/template.xlsx">下载模板</a></p>
${importForm(req)}
<h2>历史评测</h2>
${runsList(listRuns(config, PAST_RUNS_SHOWN))}`;
    return page(req, reply, "评测", body, running ? REFRESH_WHILE_RUNNING : undefined);
  });

  app.get<{ Params: { id: string } }>("/eval/jobs/:id", async (req, reply) => {
    const job = jobs.get(req.params.id);
    if (!job || job.kind !== EVAL_JOB_KIND) throw new ApiError("not_found", "找不到这个评测任务（服务重启后任务记录会清空，结果仍在历史评测中）。");
    return reply.send({ job });
  });

  app.post("/eval/run", async (req, reply) => {
    const key = field(req.body, "dataset") ?? "";
    return startRunFromRequest(req, reply, deps, key);
  });

  const runOr404 = (id: string) => {
    const dir = runPath(config, id);
    if (!dir) throw new ApiError("not_found", "找不到这次评测（可能已被清理）。");
    return dir;
  };

  app.get<{ Params: { id: string } }>("/eval/runs/:id", async (req, reply) => {
    runOr404(req.params.id);
    const r = readRun(config, req.params.id);
    if (!r) throw new ApiError("not_found", "这次评测的报告文件不完整，无法显示。");
    if (wantsJson(req)) return reply.send({ meta: r.meta, summary: r.report.summary, comparison: r.comparison ?? null });
    return page(req, reply, `评测结果 ${formatTime(r.meta.startedAt)}`, html`<p><a href="/console/eval">← 返回评测</a></p>${runBlock(r)}`);
  });

  app.get<{ Params: { id: string } }>("/eval/runs/:id/report.html", async (req, reply) => {
    const dir = runOr404(req.params.id);
    const text = await fs.promises.readFile(path.join(dir, "report.html"), "utf8");
    return reply
      .header("content-security-policy", REPORT_CSP)
      .header("x-frame-options", "SAMEORIGIN")
      .type("text/html; charset=utf-8")
      .send(text);
  });

  app.get<{ Params: { id: string } }>("/eval/runs/:id/results.xlsx", async (req, reply) => {
    runOr404(req.params.id);
    const r = readRun(config, req.params.id);
    if (!r) throw new ApiError("not_found", "这次评测的报告文件不完整，无法导出。");
    return reply
      .type(XLSX_TYPE)
      .header("content-disposition", `attachment; filename="eval-${r.meta.id}.xlsx"`)
      .send(await resultsWorkbook(r.report));
  });

  app.get("/eval/template.xlsx", async (_req, reply) =>
    reply.type(XLSX_TYPE).header("content-disposition", `attachment; filename="eval-import-template.xlsx"`).send(await importTemplateWorkbook()),
  );

  app.post(
    "/eval/import",
    {
      // Before the body is read (the console's onRequest hook, which sets req.staff, runs first): a 只读 account's
      // upload is refused without being parsed or held in memory.
      onRequest: async (req) => {
        requireRole(req, "editor");
      },
      // A file over the limit is refused while the body is read (before the handler): say so with the limit.
      errorHandler: (err, req, reply) => {
        const e = err as { code?: string };
        const tooLarge = e.code === "FST_REQ_FILE_TOO_LARGE" || e.code === "FST_ERR_CTP_BODY_TOO_LARGE";
        const { status, body, internal } = tooLarge
          ? { status: 413, body: { error: { code: "payload_too_large", message: `文件太大：上传的文件最大 ${Math.floor(config.CONSOLE_UPLOAD_MAX_BYTES / 1024 / 1024)} MB（CONSOLE_UPLOAD_MAX_BYTES）。` } }, internal: false }
          : toApiError(err);
        if (internal) req.log.error({ err: serializeError(err), url: req.url }, "console request failed");
        if (wantsJson(req)) void reply.code(status).send(body);
        else void reply.code(status).type("text/html; charset=utf-8").send(renderErrorPage(req, status, body.error.message));
      },
    },
    async (req, reply) => {
      const s = requireRole(req, "editor");
      const body = req.body as Record<string, unknown> | undefined;
      // attachFieldsToBody (plugin.ts): the file part is on the body, read with toBuffer().
      const file = body?.file as { filename?: string; toBuffer?: () => Promise<Buffer> } | undefined;
      if (!file || typeof file.toBuffer !== "function" || !file.filename) throw new ApiError("invalid_request", "请选择要上传的 Excel（.xlsx）文件。");
      if (!/\.xlsx$/i.test(file.filename)) {
        throw new ApiError("invalid_request", `只接受 Excel .xlsx 文件，收到的是「${path.basename(file.filename)}」。旧版 .xls 或 .csv 请先在 Excel/WPS 中另存为 .xlsx。`);
      }
      if (/[/\\]/.test(file.filename) || file.filename.includes("..")) throw new ApiError("invalid_request", "上传的文件名不能包含路径（/、\\ 或 ..）。");
      const name = safeDatasetName(field(body, "name") || file.filename);
      const dir = path.join(config.DATA_DIR, "eval");
      const target = path.join(dir, `${name}.jsonl`);
      const label = `数据目录/eval/${name}.jsonl`;
      const overwrite = field(body, "confirm") === "1";
      if (fs.existsSync(target) && !overwrite) {
        throw new ApiError("conflict", `已有同名评测集「${label}」。要替换它，请勾选「覆盖同名评测集」后再上传；否则换一个名字。`);
      }
      const result = await importCasesWorkbook(await file.toBuffer(), { topicIds: topicIdsOf(deps), idPrefix: name, sourceName: path.basename(file.filename) });
      if (!result.ok) throw new ApiError("invalid_request", `导入失败，没有写入任何文件。请改正以下问题后重新上传：\n${result.errors.join("\n")}`);
      fs.mkdirSync(dir, { recursive: true });
      const tmp = `${target}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, toJsonlText(result.cases));
      fs.renameSync(tmp, target);
      await services.audit.record(s.user.username, "导入评测用例", { 文件: label, 用例数: result.cases.length, 来源: path.basename(file.filename), ...(overwrite && { 覆盖: "是" }) });
      return finish(req, reply, "/console/eval", `已从「${path.basename(file.filename)}」导入 ${result.cases.length} 条用例到「${label}」。`, { dataset: `data:${name}.jsonl`, cases: result.cases.length });
    },
  );
};
