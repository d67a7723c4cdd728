// 知识库: what the assistant answers from (the 19 专题 cards, the plan, the annual guidelines, the knowledge files),
// whether it validates now, which index serves, and the staff path for a change without a terminal: edit a card or
// upload a guideline → a draft → preview (diff, validation with file:line, the answer before and after) → publish
// (a background job with the regression gate and an eval comparison) → roll back if needed. Only 编辑 and 管理员 see
// the forms; every change is checked on the server and written to the audit log.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AnswerResult, Corpus, GuidelineDoc } from "../../../core/types.js";
import { guidelineCacheDir } from "../../../corpus/corpus-cache.js";
import { CorpusError, type CorpusIssue } from "../../../corpus/corpus-error.js";
import { describeGuidelines } from "../../../corpus/guidelines/describe-guidelines.js";
import { GUIDELINE_DIR } from "../../../corpus/guidelines/read-guidelines.js";
import type { GuidelineBlock } from "../../../corpus/guidelines/parse/types.js";
import { loadCorpus } from "../../../corpus/load-corpus.js";
import {
  buildDraftIndex,
  cardPath,
  checkDraft,
  DraftError,
  DraftStore,
  isDocumentName,
  issueLine,
  listCards,
  listCorpusFiles,
  plainChinese,
  sanitizeUploadName,
  sha256,
  SHOWN_CORPUS,
  shownFile,
  TOPICS_DIR,
  type Draft,
  type DraftCheck,
} from "../../../ops/console/corpus-drafts.js";
import { JobBusyError, type Job } from "../../../ops/console/jobs.js";
import { diffHunks, diffLines, diffStats } from "../../../ops/console/line-diff.js";
import { buildQuiet, probe, PROBE_MAX_CHARS, type ProbeResult } from "../../../ops/console/probe.js";
import { Publisher, PUBLISH_JOB, PublishBusyError, RollbackError, type BackupManifest, type PublishResult, type PublishStage } from "../../../ops/console/publish.js";
import { RateLimiter } from "../../../ops/rate-limiter.js";
import type { WiredAssistant } from "../../../wiring.js";
import { ApiError, errorHandler, serializeError, toApiError } from "../../web/errors.js";
import type { ConsolePage } from "../context.js";
import { canEdit, csrfField, field, finish, rawField, requireRole, staffOf, wantsJson } from "../context.js";
import { formatTime } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { REFRESH_WHILE_RUNNING, renderErrorPage, renderPage } from "../layout.js";

const ACTIVE = "/console/knowledge";
/** Parsed passages shown on a guideline preview. */
const PREVIEW_BLOCKS = 12;
/** Draft checks and draft pipelines kept in memory (a preview page is reloaded for each 试问). */
const CHECKS_KEPT = 8;
const PIPELINES_KEPT = 2;
/** 试问 of the serving pipeline per account and minute (each may call the LLM). */
const PROBES_PER_MINUTE = 20;
const PROBE_LIMITED = `试问太频繁：每个账户每分钟最多 ${PROBES_PER_MINUTE} 次，请稍后再试。`;

const STAGE_ZH: Record<PublishStage, string> = {
  write: "写入文件",
  validate: "校验知识库文件",
  build: "建立索引",
  regression: "回归检查（发布前后同一批评测题的结果对比）",
  swap: "切换到新索引",
};

const KNOWLEDGE_FILES_ZH: Record<string, string> = {
  "vocabulary.yaml": "词表（专项、申报主体类型、支持方式等）",
  "lexicon.yaml": "同义词与简称",
  "scope.yaml": "不在方案范围内的事项及其主管部门",
  "regions.yaml": "地区与区域分组",
  "sectors.yaml": "技术领域与行业门类",
  "glossary.en.yaml": "英文术语对照",
  "plan/plan.en.yaml": "方案的非官方英文译文",
  "sensitive-words.txt": "敏感词",
};

const page = (reply: FastifyReply, req: FastifyRequest, title: string, body: SafeHtml, head?: SafeHtml) =>
  reply.type("text/html; charset=utf-8").send(renderPage(req, { title, active: ACTIVE, body, ...(head && { head }) }));

const draftErr = (err: unknown): never => {
  if (err instanceof DraftError) throw new ApiError(err.status === 404 ? "not_found" : "invalid_request", err.message);
  throw err;
};

/**
 * Every 知识库 route's error handler: as the console's, with a refused path or name (DraftError, from anywhere in a
 * handler: a draft's target is checked again when it is read) answered 400/404 with its message, and a file over the
 * upload limit 413 with the limit.
 */
const knowledgeErrors = (uploadMax: number) => (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
  const e = err as { code?: string };
  if (e.code === "FST_REQ_FILE_TOO_LARGE" || e.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    const message = `文件太大：上传的文件最大 ${megabytes(uploadMax)}（CONSOLE_UPLOAD_MAX_BYTES）。请压缩图片或拆分文件后再上传。`;
    if (wantsJson(req)) void reply.code(413).send({ error: { code: "payload_too_large", message } });
    else void reply.code(413).type("text/html; charset=utf-8").send(renderErrorPage(req, 413, message));
    return;
  }
  const mapped = err instanceof DraftError ? new ApiError(err.status === 404 ? "not_found" : "invalid_request", err.message) : err;
  if (wantsJson(req) || req.method === "HEAD") {
    errorHandler(mapped as Parameters<typeof errorHandler>[0], req, reply);
    return;
  }
  const { status, body, internal } = toApiError(mapped);
  if (internal) req.log.error({ err: serializeError(mapped), url: req.url }, "console request failed");
  void reply.code(status).type("text/html; charset=utf-8").send(renderErrorPage(req, status, body.error.message));
};

/** Whether the file on disk is no longer the one the draft was made from (or, for a new file, one appeared since). */
export function baseChanged(draft: Pick<Draft, "baseSha256">, current: Uint8Array | undefined): boolean {
  return draft.baseSha256 ? !current || sha256(current) !== draft.baseSha256 : !!current;
}

/** Small bounded memo: newest last, oldest dropped. */
class Memo<T> {
  private readonly map = new Map<string, Promise<T>>();
  constructor(private readonly max: number) {}
  get(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.map.get(key);
    if (!p) {
      p = make();
      this.map.set(key, p);
      p.catch(() => this.map.delete(key));
      while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
    }
    return p;
  }
}

interface DiskState {
  corpus?: Corpus;
  issues: CorpusIssue[];
  /** Could not read the folder at all. */
  unreadable?: string;
}

export const knowledgePage: ConsolePage = async (app, deps) => {
  const { config, services, ops, jobs } = deps;
  const drafts = await DraftStore.open(config.DATA_DIR); // drafts older than DRAFT_MAX_AGE_DAYS are deleted
  const onError = { errorHandler: knowledgeErrors(config.CONSOLE_UPLOAD_MAX_BYTES) };
  const probes = new RateLimiter(PROBES_PER_MINUTE, 60_000);
  /** Counts one 试问 of the account; false when it is over PROBES_PER_MINUTE. */
  const probeAllowed = (req: FastifyRequest) => probes.hit(staffOf(req).user.username, Date.now()) === "allow";
  const publisher = new Publisher({
    config,
    services,
    reindex: ops.reindex,
    jobs,
    drafts,
    record: (u, a, d) => services.audit.record(u, a, d),
  });
  const checks = new Memo<DraftCheck>(CHECKS_KEPT);
  const pipelines = new Memo<WiredAssistant>(PIPELINES_KEPT);
  const shown = (file: string) => shownFile(file, config.ROOT_DIR, config.CORPUS_DIR);
  const shownIssue = (i: { file?: string; line?: number; message: string }) => issueLine({ ...i, ...(i.file && { file: shown(i.file) }), message: plainChinese(i.message) });

  // The corpus on disk, loaded again only when a file changed (names, sizes and times).
  let disk: { key: string; state: Promise<DiskState> } | undefined;
  const diskState = async (): Promise<DiskState> => {
    const key = await diskKey();
    if (disk?.key !== key) {
      const state = loadCorpus(config.CORPUS_DIR, config.ROOT_DIR, { guidelineCache: guidelineCacheDir(config.DATA_DIR) }).then(
        (corpus): DiskState => ({ corpus, issues: [] }),
        (err: unknown): DiskState => (err instanceof CorpusError ? { issues: err.errors } : { issues: [], unreadable: err instanceof Error ? err.message : String(err) }),
      );
      disk = { key, state };
    }
    return disk.state;
  };

  // A draft is checked against the files on disk now: any change to them (a publish, an edit) checks it afresh.
  const diskKey = async () => sha256(Buffer.from(JSON.stringify(await listCorpusFiles(config.CORPUS_DIR))));
  const check = async (draft: Draft) => checks.get(`${draft.id}:${await diskKey()}`, async () => checkDraft(config, draft, await drafts.content(draft)));

  const draftPipeline = (draft: Draft, corpus: Corpus) =>
    pipelines.get(`${draft.id}:${corpus.hash}`, async () => {
      const { retriever, indexInfo } = await buildDraftIndex(config, corpus);
      return buildQuiet(services.build, { corpus, retriever, indexInfo });
    });

  const loadDraft = async (id: string): Promise<Draft> => {
    const d = await drafts.get(id);
    if (!d) throw new ApiError("not_found", "没有这份草稿（可能已发布或已删除）。");
    return d;
  };

  // ---- overview ----

  app.get<{ Querystring: { q?: string } }>("/knowledge", onError, async (req, reply) => {
    const q = (req.query.q ?? "").trim().slice(0, PROBE_MAX_CHARS);
    const serving = services.serving();
    const limited = !!q && !probeAllowed(req);
    if (limited) void reply.code(429);
    const [state, cards, files, pending, last, asked] = await Promise.all([
      diskState(),
      listCards(config.CORPUS_DIR),
      listCorpusFiles(config.CORPUS_DIR),
      drafts.list(),
      publisher.lastRecorded(),
      q && !limited ? probe(services.build, serving, q) : Promise.resolve(limited ? { question: q, error: PROBE_LIMITED } : undefined),
    ]);
    const corpus = state.corpus ?? serving.corpus;
    const info = serving.indexInfo();
    const topicByFile = new Map(corpus.topics.map((t) => [path.basename(t.file), t]));
    const planFiles = files.filter((f) => f.name.startsWith("plan/") && f.name.endsWith(".md"));
    const guidelineFiles = files.filter((f) => f.name.startsWith(`${GUIDELINE_DIR}/`) && isDocumentName(config.CORPUS_DIR, f.name.slice(GUIDELINE_DIR.length + 1)));
    const knowledgeFiles = files.filter((f) => !f.name.startsWith(`${TOPICS_DIR}/`) && !f.name.startsWith(`${GUIDELINE_DIR}/`) && !planFiles.includes(f));
    const docByFile = new Map(corpus.guidelines.map((g) => [shown(g.file), g]));
    const warningOf = (file: string) => corpus.warnings.find((w) => shown(w.file) === file);
    const edit = canEdit(req);

    const body = html`<p class="meta">助手只根据这里的文件回答。改动先成为<strong>草稿</strong>，预览（改了什么、能否通过校验、回答会怎样变化）后再发布；发布会重建索引并运行回归检查，不通过则自动恢复原文件。</p>
<div class="tiles">
  <div class="tile"><b>${corpus.topics.length}</b>专题卡片</div>
  <div class="tile"><b>${guidelineFiles.length}</b>申报指南文件</div>
  <div class="tile"><b>${info.chunks}</b>索引分块</div>
  <div class="tile"><b>${state.corpus ? "通过" : "有错误"}</b>当前文件校验</div>
</div>

<h2>试问（正在服务的版本）</h2>
<form method="get" action="/console/knowledge" class="filters">
  <label>问题 <input type="search" name="q" value="${q}" maxlength="${PROBE_MAX_CHARS}" size="50" placeholder="例如：科技金融计划的支持方式是什么？"></label>
  <button type="submit">提问</button>
</form>
<p class="meta">试问不记入对话记录和统计。发布后在这里再问一次，即可看到回答的变化。</p>
${asked ? answerBlock(asked, shown) : null}

<h2>校验状态</h2>
${validationBlock(state, shownIssue)}

<h2>正在服务的索引</h2>
<table class="grid"><tbody>
<tr><th scope="row">分块数</th><td class="num">${info.chunks}</td></tr>
<tr><th scope="row">知识库哈希</th><td><code>${info.corpusHash.slice(0, 16)}</code></td></tr>
<tr><th scope="row">建立时间</th><td>${timeOf(info.builtAt)}</td></tr>
<tr><th scope="row">向量模型</th><td>${info.embedder}（${info.dimensions} 维）</td></tr>
</tbody></table>

<h2>最近一次发布</h2>
${lastPublishBlock(req, last, publisher)}

${pending.length
      ? html`<h2>未发布的草稿</h2>
<table class="grid"><thead><tr><th scope="col">文件</th><th scope="col">类型</th><th scope="col">创建人</th><th scope="col">时间</th><th scope="col"></th></tr></thead><tbody>
${pending.map((d) => html`<tr><td>${SHOWN_CORPUS}/${d.target}</td><td>${d.kind === "card" ? "卡片修改" : d.replaces ? "替换指南文件" : "新增指南文件"}</td><td>${d.createdBy}</td><td class="nowrap">${formatTime(d.createdAt)}</td><td><a href="/console/knowledge/drafts/${d.id}">预览</a></td></tr>`)}
</tbody></table>`
      : null}

<h2>专题卡片（${SHOWN_CORPUS}/${TOPICS_DIR}/）</h2>
<table class="grid"><thead><tr><th scope="col" class="num">专题</th><th scope="col">名称</th><th scope="col">文件</th><th scope="col">最后修改</th><th scope="col"></th></tr></thead><tbody>
${cards.map((c) => {
      const t = topicByFile.get(c.name);
      return html`<tr><td class="num">${t?.id ?? c.number ?? "—"}</td><td>${t?.name ?? "（未能读取）"}</td><td><code>${SHOWN_CORPUS}/${TOPICS_DIR}/${c.name}</code></td><td class="nowrap">${formatTime(c.mtimeMs)}</td><td><a href="/console/knowledge/cards/${encodeURIComponent(c.name)}">${edit ? "编辑" : "查看"}</a></td></tr>`;
    })}
</tbody></table>

<h2>方案原文</h2>
<table class="grid"><thead><tr><th scope="col">文件</th><th scope="col">标题</th><th scope="col">最后修改</th></tr></thead><tbody>
${planFiles.map((f) => html`<tr><td><code>${SHOWN_CORPUS}/${f.name}</code></td><td>${corpus.plan.meta.title}</td><td class="nowrap">${formatTime(f.mtimeMs)}</td></tr>`)}
</tbody></table>
<p class="meta">方案原文不在后台修改：它是卡片引用核对的依据。</p>

<h2>申报指南（${SHOWN_CORPUS}/${GUIDELINE_DIR}/）</h2>
${guidelineFiles.length
      ? html`<table class="grid"><thead><tr><th scope="col">文件</th><th scope="col">识别出的标题</th><th scope="col">年度</th><th scope="col">专题</th><th scope="col">状态</th><th scope="col">最后修改</th></tr></thead><tbody>
${guidelineFiles.map((f) => {
          const name = `${SHOWN_CORPUS}/${f.name}`;
          const g = docByFile.get(name);
          if (!g) {
            const w = warningOf(name);
            return html`<tr><td><code>${name}</code></td><td colspan="4" class="error">${w ? w.message : "未收录（知识库校验未通过时无法读取）"}</td><td class="nowrap">${formatTime(f.mtimeMs)}</td></tr>`;
          }
          return html`<tr><td><code>${name}</code></td><td>${g.title}</td><td>${g.year ?? "未知"}</td><td>${topicNames(g, corpus)}</td><td>${g.inForce ? html`<span class="badge good">现行</span>` : html`<span class="badge">非现行</span>`}</td><td class="nowrap">${formatTime(f.mtimeMs)}</td></tr>`;
        })}
</tbody></table>`
      : html`<p>还没有申报指南文件。</p>`}
${edit
      ? html`<form method="post" action="/console/knowledge/guidelines" enctype="multipart/form-data" class="stack">${csrfField(req)}
<label>上传申报指南（.pdf .docx .xlsx .html .htm .md，最大 ${megabytes(config.CONSOLE_UPLOAD_MAX_BYTES)}） <input type="file" name="file" required accept=".pdf,.docx,.xlsx,.html,.htm,.md"></label>
<button type="submit">上传并预览</button>
</form>
<p class="meta">上传后先生成草稿，预览识别结果，确认后再发布。同名文件会被替换（预览页会说明）。</p>`
      : null}

<h2>知识文件</h2>
<table class="grid"><thead><tr><th scope="col">文件</th><th scope="col">内容</th><th scope="col" class="num">大小</th><th scope="col">最后修改</th></tr></thead><tbody>
${knowledgeFiles.map((f) => html`<tr><td><code>${SHOWN_CORPUS}/${f.name}</code></td><td>${KNOWLEDGE_FILES_ZH[f.name] ?? ""}</td><td class="num">${kilobytes(f.bytes)}</td><td class="nowrap">${formatTime(f.mtimeMs)}</td></tr>`)}
</tbody></table>
<p class="meta">知识文件请由维护人员修改后运行 <code>npm run ingest</code>。</p>`;
    return page(reply, req, "知识库", body);
  });

  // ---- edit a card ----

  app.get<{ Params: { file: string } }>("/knowledge/cards/:file", onError, async (req, reply) => {
    const file = await cardPath(config.CORPUS_DIR, req.params.file).catch(draftErr);
    const name = path.basename(file);
    const text = await readFile(file, "utf8");
    const mine = (await drafts.list()).filter((d) => d.target === `${TOPICS_DIR}/${name}`);
    const edit = canEdit(req);
    const body = html`<p><a href="/console/knowledge">← 返回知识库</a></p>
<p class="meta">文件 <code>${SHOWN_CORPUS}/${TOPICS_DIR}/${name}</code>。开头 --- 之间是属性（id、name、applicants…），其后是六个 ## 小节；卡片中的数字必须出自方案原文或申报指南。</p>
${mine.length ? html`<p class="warn">这张卡片有未发布的草稿：${mine.map((d) => html`<a href="/console/knowledge/drafts/${d.id}">${d.createdBy} ${formatTime(d.createdAt)}</a> `)}</p>` : null}
${edit
      ? html`<form method="post" action="/console/knowledge/cards/${encodeURIComponent(name)}" class="stack">${csrfField(req)}
<label for="content">卡片内容（Markdown）</label>
<textarea id="content" name="content" rows="40" spellcheck="false">${"\n"}${text}</textarea>
<button type="submit">保存为草稿并预览</button>
</form>
<p class="meta">保存不会改动正在服务的内容：下一步会显示改动、校验结果和回答预览，确认后再发布。</p>`
      : html`<p class="meta">只读账户只能查看。</p><textarea id="content" rows="40" readonly aria-label="卡片内容">${"\n"}${text}</textarea>`}`;
    return page(reply, req, `编辑卡片 ${name}`, body);
  });

  app.post<{ Params: { file: string } }>("/knowledge/cards/:file", onError, async (req, reply) => {
    const s = requireRole(req, "editor");
    const file = await cardPath(config.CORPUS_DIR, req.params.file).catch(draftErr);
    const name = path.basename(file);
    let content = (rawField(req.body, "content") ?? "").replace(/\r\n?/g, "\n"); // a browser sends a textarea with CRLF
    if (!content.trim()) throw new ApiError("invalid_request", "卡片内容不能为空。");
    if (!content.endsWith("\n")) content += "\n";
    const current = await readFile(file, "utf8");
    if (current === content) return finish(req, reply, `/console/knowledge/cards/${encodeURIComponent(name)}`, "内容没有改动，未生成草稿。");
    const draft = await drafts.save({ kind: "card", target: `${TOPICS_DIR}/${name}`, content: Buffer.from(content, "utf8"), createdBy: s.user.username, replaces: true, base: Buffer.from(current, "utf8") });
    await services.audit.record(s.user.username, "保存知识库草稿", { 文件: `${SHOWN_CORPUS}/${draft.target}`, 草稿: draft.id });
    return finish(req, reply, `/console/knowledge/drafts/${draft.id}`, "已保存为草稿。请检查改动和校验结果，再决定是否发布。", { draft: draft.id });
  });

  // ---- upload a guideline ----

  app.post(
    "/knowledge/guidelines",
    {
      // Before the body is read (the console's onRequest hook, which sets req.staff, runs first): a 只读 account's
      // upload is refused without being parsed or held in memory.
      onRequest: async (req) => {
        requireRole(req, "editor");
      },
      // A file over the limit is refused while the body is read, before the handler: say so with the limit.
      ...onError,
    },
    async (req, reply) => {
      const s = requireRole(req, "editor");
      const upload = (req.body as Record<string, unknown> | undefined)?.file as { filename?: string; toBuffer?: () => Promise<Buffer> } | undefined;
      if (!upload || typeof upload.toBuffer !== "function" || !upload.filename) throw new ApiError("invalid_request", "请选择要上传的申报指南文件。");
      const name = (() => {
        try {
          return sanitizeUploadName(upload.filename);
        } catch (err) {
          return draftErr(err);
        }
      })();
      const bytes = await upload.toBuffer();
      if (bytes.byteLength === 0) throw new ApiError("invalid_request", `${SHOWN_CORPUS}/${GUIDELINE_DIR}/${name}：文件是空的。`);
      const target = `${GUIDELINE_DIR}/${name}`;
      const existing = await readFile(path.join(config.CORPUS_DIR, GUIDELINE_DIR, name)).catch(() => undefined);
      const draft = await drafts.save({
        kind: "guideline",
        target,
        content: bytes,
        createdBy: s.user.username,
        replaces: !!existing,
        ...(existing && { base: existing }),
        ...(name !== upload.filename && { uploadedAs: upload.filename }),
      });
      await services.audit.record(s.user.username, "上传申报指南草稿", { 文件: `${SHOWN_CORPUS}/${target}`, 草稿: draft.id, 字节: bytes.byteLength });
      return finish(req, reply, `/console/knowledge/drafts/${draft.id}`, "已上传为草稿。请核对识别结果，再决定是否发布。", { draft: draft.id });
    },
  );

  // ---- a draft's preview ----

  app.get<{ Params: { id: string }; Querystring: { q?: string } }>("/knowledge/drafts/:id", onError, async (req, reply) => {
    const draft = await loadDraft(req.params.id);
    const result = await check(draft);
    const content = await drafts.content(draft);
    const q = (req.query.q ?? "").trim().slice(0, PROBE_MAX_CHARS);
    const target = `${SHOWN_CORPUS}/${draft.target}`;
    const edit = canEdit(req);
    const doc = result.corpus?.guidelines.find((g) => g.file === target);
    const suggested = suggestQuestion(draft, result, doc);
    const changed = baseChanged(draft, result.current);
    // The comparison builds an index over the draft and asks both pipelines: 编辑 and up only, and counted.
    let answers: { now: ProbeResult; draft?: ProbeResult } | undefined;
    if (q && edit) {
      if (!probeAllowed(req)) {
        void reply.code(429);
        answers = { now: { question: q, error: PROBE_LIMITED }, draft: { question: q, error: PROBE_LIMITED } };
      } else {
        const now = probe(services.build, services.serving(), q);
        const after = result.ok && result.corpus ? draftPipeline(draft, result.corpus).then((p) => probe(services.build, p, q)) : undefined;
        answers = { now: await now, ...(after && { draft: await after }) };
      }
    }
    const body = html`<p><a href="/console/knowledge">← 返回知识库</a>${draft.kind === "card" ? html` · <a href="/console/knowledge/cards/${encodeURIComponent(path.basename(draft.target))}">回到编辑</a>` : null}</p>
<p>草稿：<code>${target}</code>，${draft.createdBy} 于 ${formatTime(draft.createdAt)} ${draft.kind === "card" ? "修改" : "上传"}${draft.uploadedAs ? html`（上传时的文件名「${draft.uploadedAs}」已整理为「${path.basename(draft.target)}」）` : null}。</p>
${draft.kind === "guideline"
      ? draft.replaces || result.current
        ? html`<p class="warn" role="status"><strong>将替换现有的同名文件</strong> <code>${target}</code>（现有文件 ${kilobytes(result.current?.byteLength ?? 0)}，新文件 ${kilobytes(draft.bytes)}）。发布前会备份原文件，可回滚。</p>`
        : html`<p class="notice" role="status">这是一个新文件：发布后新增 <code>${target}</code>（${kilobytes(draft.bytes)}）。</p>`
      : null}

${changed && (draft.baseSha256 || result.current)
      ? html`<p class="warn" role="alert">草稿保存之后，<code>${target}</code> 已被修改（可能有人发布了别的改动）。发布这份草稿会覆盖那些改动——请看下面与现有文件的对比，必要时重新编辑；确要发布，须勾选「仍然发布（覆盖他人的改动）」。</p>`
      : null}
<h2>校验（整个知识库，已应用此草稿）</h2>
${result.ok
      ? html`<p><span class="badge good">校验通过</span> 应用此草稿后知识库可以加载${result.corpus ? html`：${result.corpus.topics.length} 张卡片、${result.corpus.guidelines.length} 份指南、${result.corpus.chunks.length} 个分块` : null}。</p>`
      : html`<p><span class="badge bad">不能发布</span> ${result.issues.length ? html`有 ${result.issues.length} 处错误。每行是「文件:行：问题」，请按行号修改草稿后重新保存：` : null}</p>`}
${result.parseError ? html`<p class="error" role="alert">${result.parseError}</p>` : null}
${result.issues.length ? html`<ul class="error" role="alert">${result.issues.map((i) => html`<li>${shownIssue(i)}</li>`)}</ul>` : null}
${(() => {
      const mineWarnings = result.warnings.filter((w) => w.file === target);
      return mineWarnings.length ? html`<ul class="warn">${mineWarnings.map((w) => html`<li>${shownIssue(w)}</li>`)}</ul>` : null;
    })()}

${draft.kind === "card" ? cardDiffBlock(result.current?.toString("utf8") ?? "", content.toString("utf8")) : guidelineBlock(result, doc)}

<h2>试问：发布前后的回答</h2>
${edit
      ? html`<form method="get" action="/console/knowledge/drafts/${draft.id}" class="filters">
  <label>问题 <input type="search" name="q" value="${q || suggested}" maxlength="${PROBE_MAX_CHARS}" size="50"></label>
  <button type="submit">对比回答</button>
</form>
${answers
          ? html`<table class="grid"><thead><tr><th scope="col">现在（正在服务）</th><th scope="col">发布此草稿后</th></tr></thead><tbody><tr>
<td>${answerBlock(answers.now, shown)}</td>
<td>${answers.draft ? answerBlock(answers.draft, shown) : html`<p class="meta">草稿未通过校验，无法生成发布后的回答。</p>`}</td>
</tr></tbody></table>`
          : html`<p class="meta">第一次对比需要为草稿建立一个临时索引，约需几秒。</p>`}`
      : html`<p class="meta">对比发布前后的回答需要「编辑」或更高权限（要为草稿建立临时索引）。只读账户可以在<a href="/console/knowledge">知识库</a>页试问正在服务的版本。</p>`}

${edit
      ? html`<h2>发布</h2>
${result.ok
          ? html`<form method="post" action="/console/knowledge/drafts/${draft.id}/publish" class="inline" data-confirm="发布后助手立即按新内容回答（回归检查不通过会自动恢复）。确定发布吗？">${csrfField(req)}${changed
              ? html`<label class="warn"><input type="checkbox" name="overwrite" value="1" required> 仍然发布（覆盖他人的改动）</label> `
              : null}<button type="submit">发布</button></form>`
          : html`<p class="meta">有错误的草稿不能发布。</p>`}
<form method="post" action="/console/knowledge/drafts/${draft.id}/delete" class="inline">${csrfField(req)}<button type="submit" class="secondary">删除草稿</button></form>`
      : null}`;
    return page(reply, req, "草稿预览", body);
  });

  app.post<{ Params: { id: string } }>("/knowledge/drafts/:id/delete", onError, async (req, reply) => {
    const s = requireRole(req, "editor");
    const draft = await loadDraft(req.params.id);
    await drafts.remove(draft.id);
    await services.audit.record(s.user.username, "删除知识库草稿", { 文件: `${SHOWN_CORPUS}/${draft.target}`, 草稿: draft.id });
    return finish(req, reply, "/console/knowledge", `已删除 ${SHOWN_CORPUS}/${draft.target} 的草稿。`);
  });

  // ---- publish and roll back ----

  app.post<{ Params: { id: string } }>("/knowledge/drafts/:id/publish", onError, async (req, reply) => {
    const s = requireRole(req, "editor");
    const draft = await loadDraft(req.params.id);
    const result = await checkDraft(config, draft, await drafts.content(draft)); // afresh: the files may have changed since the preview
    if (!result.ok) {
      const first = result.parseError ?? result.issues.slice(0, 3).map(shownIssue).join("；");
      throw new ApiError("invalid_request", `这份草稿不能发布：${first}`);
    }
    // Lost update: the file changed on disk since the draft was made (the publish checks again before writing).
    const overwrite = field(req.body, "overwrite") === "1";
    if (!overwrite && baseChanged(draft, result.current)) {
      throw new ApiError("conflict", `草稿保存之后 ${SHOWN_CORPUS}/${draft.target} 已被修改（可能有人发布了别的改动），发布会覆盖那些改动。请在预览页核对后勾选「仍然发布（覆盖他人的改动）」再发布，或重新编辑。`);
    }
    let job: Job<PublishResult>;
    try {
      job = publisher.start(draft, s.user.username, { overwrite });
    } catch (err) {
      if (err instanceof JobBusyError) throw new ApiError("conflict", "另一次发布正在进行，请等它结束后再发布。");
      if (err instanceof PublishBusyError) throw new ApiError("conflict", err.message);
      throw err;
    }
    return finish(req, reply, `/console/knowledge/jobs/${job.id}`, "已开始发布：正在重建索引并运行回归检查。", { job: job.id });
  });

  app.get<{ Params: { id: string } }>("/knowledge/jobs/:id", onError, async (req, reply) => {
    const job = jobs.get(req.params.id);
    if (!job || job.kind !== PUBLISH_JOB) throw new ApiError("not_found", "没有这个发布任务（服务重启后任务记录不保留）。");
    if (wantsJson(req)) return reply.send({ id: job.id, state: job.state, progress: job.progress, progressText: job.progressText, result: job.result, error: job.error });
    const running = job.state === "running";
    const body = html`<p><a href="/console/knowledge">← 返回知识库</a></p>
<p>${job.title}，${job.startedBy} 于 ${formatTime(job.startedAt)} 开始${job.finishedAt ? html`，${formatTime(job.finishedAt)} 结束` : null}。</p>
${running
      ? html`<p role="status">正在发布：${job.progressText ?? "准备中"}…</p><progress max="1" value="${job.progress ?? 0}">${Math.round((job.progress ?? 0) * 100)}%</progress><p class="meta">本页每 2 秒自动刷新。旧索引在发布完成前继续服务。</p>`
      : job.state === "failed"
        ? html`<p class="error" role="alert">发布任务出错：${job.error ?? "未知原因"}。旧索引继续服务。</p>`
        : publishResultBlock(req, job.result as PublishResult, publisher, shownIssue)}`;
    return page(reply, req, "发布", body, running ? REFRESH_WHILE_RUNNING : undefined);
  });

  app.post("/knowledge/rollback", onError, async (req, reply) => {
    const s = requireRole(req, "editor");
    let r;
    try {
      r = await publisher.rollback(s.user.username);
    } catch (err) {
      if (err instanceof RollbackError) throw new ApiError("conflict", err.message);
      throw err;
    }
    const what = [...r.restored.map((f) => `恢复了 ${f}`), ...r.removed.map((f) => `删除了发布时新增的 ${f}`)].join("，");
    return finish(
      req,
      reply,
      "/console/knowledge",
      `已回滚 ${r.manifest.by} 于 ${formatTime(r.manifest.at)} 的发布：发布前的版本已重新服务，${what}。磁盘上的索引正在后台按恢复后的文件重建。`,
      { restored: r.restored, removed: r.removed },
    );
  });
};

// ---- page pieces ----

function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function kilobytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} 字节` : `${(bytes / 1024).toFixed(1)} KB`;
}

function timeOf(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatTime(ms);
}

function topicNames(g: GuidelineDoc, corpus: Corpus): string {
  if (!g.topicIds.length) return "未识别";
  return g.topicIds.map((id) => `专题${id}${corpus.topics.find((t) => t.id === id)?.name ?? ""}`).join("、");
}

function validationBlock(state: DiskState, shownIssue: (i: CorpusIssue) => string): SafeHtml {
  if (state.unreadable) return html`<p class="error" role="alert">无法读取知识库文件夹：${state.unreadable}</p>`;
  if (state.corpus) {
    const warnings = state.corpus.warnings;
    return html`<p><span class="badge good">校验通过</span> 磁盘上的知识库文件可以加载。</p>
${warnings.length ? html`<details><summary>${warnings.length} 条提示（不影响使用）</summary><ul>${warnings.map((w) => html`<li>${shownIssue(w)}</li>`)}</ul></details>` : null}`;
  }
  return html`<p><span class="badge bad">有错误</span> 磁盘上的知识库文件有 ${state.issues.length} 处错误，正在服务的仍是上一次成功建立的索引。每行是「文件:行：问题」：</p>
<ul class="error" role="alert">${state.issues.map((i) => html`<li>${shownIssue(i)}</li>`)}</ul>`;
}

function answerBlock(p: ProbeResult, shown: (file: string) => string): SafeHtml {
  if (p.error || !p.result) return html`<p class="error">${p.error ?? "没有回答"}</p>`;
  const r: AnswerResult = p.result;
  return html`<p class="meta">问：${p.question}${r.refused ? html` <span class="badge warn">拒答</span>` : null}${r.topics[0] ? html` · 专题${r.topics[0].id} ${r.topics[0].name}` : null}</p>
<div class="answer">${r.answer}</div>
${r.citations.length
    ? html`<ol class="small">${r.citations.map((c) => html`<li>${c.label}<br><code>${sourceOf(c.source, shown)}</code><br>${c.quote}</li>`)}</ol>`
    : html`<p class="meta">（没有引用）</p>`}`;
}

/** A citation's file:lines (or file#page=…) with the file named as staff know it. */
function sourceOf(source: string, shown: (file: string) => string): string {
  const m = /^(.*?)((?::\d[\d-]*|#).*)?$/.exec(source);
  return m ? shown(m[1]) + (m[2] ?? "") : source;
}

function cardDiffBlock(before: string, after: string): SafeHtml {
  const ops = diffLines(before, after);
  const { added, removed } = diffStats(ops);
  const hunks = diffHunks(ops);
  return html`<h2>改动（与现有文件相比）</h2>
<p class="meta">新增 ${added} 行，删除 ${removed} 行。行首的两个数字是原文件和草稿中的行号；<ins>新增的行</ins>，<del>删除的行</del>。</p>
${hunks.length
    ? hunks.map(
        (h) => html`<pre>${h.ops.map((o) => {
          const nums = `${o.kind === "add" ? "" : o.oldLine}`.padStart(4) + " " + `${o.kind === "del" ? "" : o.newLine}`.padStart(4) + " ";
          return o.kind === "same" ? html`${nums}  ${o.text}\n` : o.kind === "add" ? html`<ins>${nums}+ ${o.text}</ins>\n` : html`<del>${nums}- ${o.text}</del>\n`;
        })}</pre>`,
      )
    : html`<p>与现有文件相同。</p>`}`;
}

function placeOf(b: GuidelineBlock): string {
  return [b.page !== undefined ? `第${b.page}页` : "", b.sheet ? `工作表「${b.sheet}」` : "", b.table !== undefined ? `表${b.table}` : "", b.row !== undefined ? `第${b.row}行` : ""].filter(Boolean).join(" ") || "—";
}

const BLOCK_KIND_ZH: Record<GuidelineBlock["kind"], string> = { heading: "标题", text: "段落", row: "表格行" };

function guidelineBlock(result: DraftCheck, doc: GuidelineDoc | undefined): SafeHtml {
  const parsed = result.parsed;
  const described = doc && result.corpus ? describeGuidelines({ guidelines: [doc], chunks: result.corpus.chunks }) : [];
  return html`<h2>识别结果</h2>
${doc
    ? html`<table class="grid"><tbody>
<tr><th scope="row">标题</th><td>${doc.title}</td></tr>
<tr><th scope="row">年度</th><td>${doc.year !== undefined ? `${doc.year}年度` : "未识别"}</td></tr>
<tr><th scope="row">发布单位</th><td>${doc.issuer ?? "未识别"}</td></tr>
<tr><th scope="row">发布日期</th><td>${doc.published ?? "未识别"}</td></tr>
<tr><th scope="row">截止日期</th><td>${doc.deadlines.length ? doc.deadlines.map((d) => d.date).join("、") : "未识别"}</td></tr>
<tr><th scope="row">专题</th><td>${doc.topicIds.length ? doc.topicIds.map((id) => `专题${id}${result.corpus?.topics.find((t) => t.id === id)?.name ?? ""}`).join("、") : "未识别"}</td></tr>
<tr><th scope="row">状态</th><td>${doc.inForce ? "现行（同一专题中最新的一份）" : "非现行"}</td></tr>
</tbody></table>
<pre>${described.join("\n")}</pre>
<p class="meta">“detected from the document” 后列出的字段是从文件内容识别的，请核对；如有误，请维护人员写同名 .yaml 说明文件更正。</p>`
    : html`<p class="meta">没有识别结果。</p>`}
${parsed
    ? html`<h2>读取到的内容（前 ${Math.min(PREVIEW_BLOCKS, parsed.blocks.length)} 段，共 ${parsed.blocks.length} 段${parsed.pages ? html`，${parsed.pages} 页` : null}）</h2>
<table class="grid"><thead><tr><th scope="col">种类</th><th scope="col">位置</th><th scope="col">文字</th></tr></thead><tbody>
${parsed.blocks.slice(0, PREVIEW_BLOCKS).map((b) => html`<tr><td class="nowrap">${BLOCK_KIND_ZH[b.kind]}</td><td class="nowrap">${placeOf(b)}</td><td>${b.text}</td></tr>`)}
</tbody></table>`
    : null}`;
}

function suggestQuestion(draft: Draft, result: DraftCheck, doc: GuidelineDoc | undefined): string {
  if (draft.kind === "guideline") {
    const topic = doc?.topicIds[0] !== undefined ? result.corpus?.topics.find((t) => t.id === doc.topicIds[0]) : undefined;
    return topic ? `${topic.name}的补助标准是多少？` : doc ? `${doc.title}什么时候截止？` : "";
  }
  const card = result.corpus?.topics.find((t) => path.basename(t.file) === path.basename(draft.target));
  const name = card?.name ?? /^name:\s*(.+)$/m.exec(result.current?.toString("utf8") ?? "")?.[1]?.trim();
  return name ? `${name}的支持方式是什么？` : "";
}

function lastPublishBlock(req: FastifyRequest, last: BackupManifest | undefined, publisher: Publisher): SafeHtml {
  if (!last) return html`<p>还没有在后台发布过。</p>`;
  const state = publisher.rollbackState();
  const outcome = {
    running: html`<span class="badge warn">进行中</span>`,
    published: html`<span class="badge good">已发布</span>`,
    failed: html`<span class="badge bad">失败，文件已恢复</span>`,
    rolled_back: html`<span class="badge warn">已回滚</span>`,
  }[last.outcome];
  const files = (m: BackupManifest) => m.files.map((f) => `${SHOWN_CORPUS}/${f.path}`).join("、");
  // After a failed publish (its files restored), the last successful one can still be rolled back.
  const other = state.possible && state.manifest.id !== last.id ? state.manifest : undefined;
  return html`<p>${outcome} ${last.by} 于 ${formatTime(last.at)}：${files(last)}${last.rolledBack ? html`；${last.rolledBack.by} 于 ${formatTime(last.rolledBack.at)} 回滚` : null}。</p>
${state.possible
    ? html`${other ? html`<p>可以回滚的是最近一次成功的发布：${other.by} 于 ${formatTime(other.at)}，${files(other)}。</p>` : null}
${canEdit(req)
        ? html`<form method="post" action="/console/knowledge/rollback" class="inline" data-confirm="回滚后立即恢复发布前的回答和文件。确定回滚吗？">${csrfField(req)}<button type="submit" class="danger">回滚这次发布</button></form> <span class="meta">恢复发布前的文件，并立即让发布前的版本重新服务。只能回滚一次。</span>`
        : html`<p class="meta">这次发布可以回滚（需要编辑权限）。</p>`}`
    : html`<p class="meta">不能回滚：${state.reason}</p>`}`;
}

function publishResultBlock(req: FastifyRequest, r: PublishResult, publisher: Publisher, shownIssue: (i: { file?: string; line?: number; message: string }) => string): SafeHtml {
  if (!r.ok) {
    return html`<p class="error" role="alert"><strong>发布失败</strong>，在「${STAGE_ZH[r.stage]}」这一步。${r.restored ? "文件已恢复原样，" : ""}正在服务的仍是原来的索引，回答没有变化。</p>
${r.errors.length ? html`<p>每行是「文件:行：问题」：</p><ul class="error">${r.errors.slice(0, 50).map((e) => html`<li>${shownIssue(e)}</li>`)}</ul>` : null}`;
  }
  const e = r.eval;
  const state = publisher.rollbackState();
  const canRoll = state.possible && state.manifest.id === r.historyId;
  return html`<p class="notice" role="status"><strong>发布成功</strong>：${r.files.join("、")} 已写入知识库，新索引正在服务（${r.info.chunks} 个分块，建立于 ${timeOf(r.info.builtAt)}）。</p>
<h2>回归检查</h2>
<p>新索引通过 ${r.gate.passed}/${r.gate.cases} 题，发布前 ${r.gate.baselinePassed}/${r.gate.cases} 题。</p>
<h2>评测对比（全部已标注的评测题）</h2>
${e.error
    ? html`<p class="warn">${e.error}</p>`
    : html`<div class="tiles">
<div class="tile"><b>${e.beforePassed}/${e.cases}</b>发布前通过</div>
<div class="tile"><b>${e.afterPassed}/${e.cases}</b>发布后通过</div>
<div class="tile"><b>${e.flipCount}</b>结果翻转</div>
<div class="tile"><b>${e.changedAnswers}</b>回答文字有变化</div>
</div>
${e.flips.length
        ? html`<table class="grid"><thead><tr><th scope="col">评测题</th><th scope="col">发布前</th><th scope="col">发布后</th></tr></thead><tbody>
${e.flips.map((f) => html`<tr><td>${f.question}<br><span class="meta">${f.id}（${f.file}:${f.line}）</span></td>
<td>${f.before.passed ? html`<span class="badge good">通过</span>` : html`<span class="badge bad">未通过</span>`}<div class="answer">${f.before.answer}</div></td>
<td>${f.after.passed ? html`<span class="badge good">通过</span>` : html`<span class="badge bad">未通过</span>`}<div class="answer">${f.after.answer}</div></td></tr>`)}
</tbody></table>
${e.flipCount > e.flips.length ? html`<p class="meta">另有 ${e.flipCount - e.flips.length} 题翻转未列出。</p>` : null}`
        : html`<p>没有评测题的结果翻转。</p>`}`}
${canRoll && canEdit(req)
    ? html`<form method="post" action="/console/knowledge/rollback" class="inline" data-confirm="回滚后立即恢复发布前的回答和文件。确定回滚吗？">${csrfField(req)}<button type="submit" class="danger">回滚这次发布</button></form>`
    : null}
<p><a href="/console/knowledge">回到知识库试问</a></p>`;
}
