// Staff API, registered only when ADMIN_TOKEN is set (otherwise every /admin/* is a plain 404).
// Every route needs `Authorization: Bearer <ADMIN_TOKEN>`; a missing or wrong token → 401.
//   POST /admin/reindex              validate → build fresh → regression subset → swap; 409 while one runs
//   GET  /admin/stats?days=30        questions per day and channel, refusal rate, top 专题, feedback
//   GET  /admin/feedback?format=csv|jsonl
import type { FastifyInstance, FastifyReply } from "fastify";
import { isAuthorized } from "../../../ops/admin-auth.js";
import { toCsv, toJsonl } from "../../../ops/feedback-store.js";
import { ReindexBusyError } from "../../../ops/reindex.js";
import type { WebDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { clientKey, retryText } from "../plugins/rate-limit.js";

const MAX_DAYS = 3660;

const statsQuery = {
  type: "object",
  // Digits only: ajv's number coercion turns "1e309" into Infinity, which passes its integer check.
  properties: { days: { type: "string", pattern: "^[0-9]{1,4}$", default: "30" } },
} as const;

const feedbackQuery = {
  type: "object",
  properties: { format: { type: "string", enum: ["csv", "jsonl"], default: "jsonl" } },
} as const;

export async function registerAdminRoutes(app: FastifyInstance, { assistant, config, ops, sockets, attempts }: WebDeps): Promise<void> {
  const token = config.ADMIN_TOKEN;
  if (!token || !ops) return;

  await app.register(
    async (admin) => {
      // Wrong tokens are counted per IP and lock that IP out for the window: the general limiter
      // runs after this hook, so without this a token could be guessed at full speed.
      const failures = attempts({ name: "admin-token", max: config.ADMIN_AUTH_FAIL_MAX, windowMs: config.ADMIN_AUTH_FAIL_WINDOW_S * 1000 });
      const lockedOut = (reply: FastifyReply, wait: number) => {
        void reply.header("retry-after", String(Math.ceil(wait / 1000)));
        return new ApiError("rate_limited", `管理令牌错误次数过多，请在 ${retryText(wait)}后再试。`);
      };
      admin.addHook("onRequest", async (req, reply) => {
        const ip = clientKey(req);
        const locked = await failures.waitMs(ip);
        if (locked > 0) throw lockedOut(reply, locked);
        if (!isAuthorized(req.headers.authorization, token)) {
          // Already full (parallel guesses, maybe on other replicas): the lockout answer, not another 401.
          const full = await failures.take(ip);
          if (full > 0) throw lockedOut(reply, full);
          // Only the guess that filled the count says so.
          if ((await failures.waitMs(ip)) > 0) req.log.warn({ ipHash: ops.hashId(ip) }, "admin auth locked out after repeated wrong tokens");
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

      admin.get<{ Querystring: { days: string } }>("/stats", { schema: { querystring: statsQuery } }, async (req) => {
        const days = Number(req.query.days);
        if (days < 1 || days > MAX_DAYS) throw new ApiError("invalid_request", `days 须为 1 到 ${MAX_DAYS} 之间的整数。`);
        return { ...(await ops.stats(days)), index: assistant.indexInfo(), connections: { ...sockets } };
      });

      admin.get<{ Querystring: { format: "csv" | "jsonl" } }>(
        "/feedback",
        { schema: { querystring: feedbackQuery } },
        async (req, reply) => {
          const rows = await ops.feedback.list();
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
