// Staff API, registered only when ADMIN_TOKEN is set (otherwise every /admin/* is a plain 404).
// Every route needs `Authorization: Bearer <ADMIN_TOKEN>`; a missing or wrong token → 401.
//   POST /admin/reindex              validate → build fresh → regression subset → swap; 409 while one runs
//   GET  /admin/stats?days=30        questions per day and channel, refusal rate, top 专题, feedback
//   GET  /admin/feedback?format=csv|jsonl
import type { FastifyInstance } from "fastify";
import { isAuthorized } from "../../../ops/admin-auth.js";
import { toCsv, toJsonl } from "../../../ops/feedback-store.js";
import { ReindexBusyError } from "../../../ops/reindex.js";
import type { WebDeps } from "../deps.js";
import { ApiError } from "../errors.js";

const statsQuery = {
  type: "object",
  properties: { days: { type: "integer", minimum: 1, maximum: 3660, default: 30 } },
} as const;

const feedbackQuery = {
  type: "object",
  properties: { format: { type: "string", enum: ["csv", "jsonl"], default: "jsonl" } },
} as const;

export async function registerAdminRoutes(app: FastifyInstance, { assistant, config, ops }: WebDeps): Promise<void> {
  const token = config.ADMIN_TOKEN;
  if (!token || !ops) return;

  await app.register(
    async (admin) => {
      admin.addHook("onRequest", async (req, reply) => {
        if (!isAuthorized(req.headers.authorization, token)) {
          void reply.header("www-authenticate", 'Bearer realm="admin"');
          throw new ApiError("unauthorized", "需要有效的管理令牌（Authorization: Bearer …）。");
        }
      });

      admin.post("/reindex", async (req, reply) => {
        // One at a time: a second request while a build runs is refused, not queued.
        try {
          const outcome = await ops.reindex.run();
          if (!outcome.ok) {
            req.log.warn({ stage: outcome.stage, errors: outcome.errors.length }, "reindex rejected");
            return reply.code(422).send({
              ok: false,
              stage: outcome.stage,
              message: "新索引未启用，原索引继续服务。",
              errors: outcome.errors.map((e) => ({ ...e, ...(e.file && { at: `${e.file}:${e.line ?? 0}` }) })),
              ms: outcome.ms,
            });
          }
          return outcome;
        } catch (err) {
          if (err instanceof ReindexBusyError) {
            throw new ApiError("conflict", "已有重建索引任务在运行，请稍后再试。");
          }
          throw err;
        }
      });

      admin.get<{ Querystring: { days: number } }>("/stats", { schema: { querystring: statsQuery } }, async (req) => ({
        ...ops.stats(req.query.days),
        index: assistant.indexInfo(),
      }));

      admin.get<{ Querystring: { format: "csv" | "jsonl" } }>(
        "/feedback",
        { schema: { querystring: feedbackQuery } },
        async (req, reply) => {
          const rows = ops.feedback.list();
          if (req.query.format === "csv") {
            return reply
              .type("text/csv; charset=utf-8")
              .header("content-disposition", 'attachment; filename="feedback.csv"')
              .send("\uFEFF" + toCsv(rows)); // BOM: Excel opens UTF-8 Chinese correctly
          }
          return reply
            .type("application/x-ndjson; charset=utf-8")
            .header("content-disposition", 'attachment; filename="feedback.jsonl"')
            .send(toJsonl(rows));
        },
      );
    },
    { prefix: "/admin" },
  );
}
