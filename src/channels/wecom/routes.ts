// 企业微信 self-built app callback (接收消息): always encrypted and signed with msg_signature, the CorpID checked
// inside every message. The callback is acknowledged at once with an empty body; the answer goes out through
// /cgi-bin/message/send, so a slow answer never meets the 5 s limit. Routes exist only when WECOM_TOKEN is set.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { WebDeps } from "../web/deps.js";
import { ApiError, serializeError } from "../web/errors.js";
import { openEncrypted, parseCallbackBody } from "../wechat-crypto/open-callback.js";
import { makeMsgCrypto } from "../wechat-crypto/msg-crypto.js";
import { callbackReply } from "../text/callback-reply.js";
import { loadSensitiveWords } from "../text/load-sensitive-words.js";
import { TextRateLimits } from "../text/rate-limits.js";
import { dedupeKey, ReplyOnce } from "../text/reply-once.js";
import { splitReply } from "../text/split-reply.js";
import { registerXmlBody } from "../wechat-mp/xml-body.js";
import { makeWecomApi } from "./wecom-api.js";

export const WECOM_PATH = "/channels/wecom";

interface WecomQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

const str = { type: "string", maxLength: 1024 } as const;
const querySchema = { type: "object", properties: { msg_signature: str, timestamp: str, nonce: str, echostr: str } } as const;

export async function registerWecomRoutes(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { config, assistant } = deps;
  const token = config.WECOM_TOKEN;
  // config.ts requires the rest once WECOM_TOKEN is set; the check keeps the types honest.
  if (!token || !config.WECOM_AES_KEY || !config.WECOM_CORP_ID || !config.WECOM_CORP_SECRET || !config.WECOM_AGENT_ID) return;
  const crypto = makeMsgCrypto(config.WECOM_AES_KEY, config.WECOM_CORP_ID);
  const api = makeWecomApi({ base: config.WECOM_API_BASE, corpId: config.WECOM_CORP_ID, secret: config.WECOM_CORP_SECRET, agentId: config.WECOM_AGENT_ID });
  const once = new ReplyOnce<void>();
  const sending = new Set<Promise<void>>();
  // The bot's per-user budget (WECHAT_USER_RATE_*) applies to every text channel alike.
  const sensitiveWords = await loadSensitiveWords(config);
  const limits = new TextRateLimits({ userMax: config.WECHAT_USER_RATE_MAX, userWindowS: config.WECHAT_USER_RATE_WINDOW_S });

  const decrypt = (q: WecomQuery, encrypted: string | undefined): string => openEncrypted(crypto, token, q, encrypted);
  const parse = parseCallbackBody;

  // Answers still being sent finish before the server closes.
  app.addHook("onClose", async () => {
    await Promise.allSettled([...sending]);
  });

  await app.register(async (scope) => {
    registerXmlBody(scope);

    scope.get<{ Querystring: WecomQuery }>(WECOM_PATH, { schema: { querystring: querySchema } }, async (req, reply) =>
      sendText(reply, decrypt(req.query, req.query.echostr)),
    );

    scope.post<{ Querystring: WecomQuery; Body: unknown }>(WECOM_PATH, { schema: { querystring: querySchema } }, async (req, reply) => {
      if (typeof req.body !== "string" || !req.body.trim()) throw new ApiError("invalid_request", "消息须为 XML。");
      const msg = parse(decrypt(req.query, parse(req.body).Encrypt));
      if (!msg.FromUserName || !msg.MsgType) throw new ApiError("invalid_request", "消息缺少 FromUserName 或 MsgType。");
      const log = req.log;
      const { first } = once.run(dedupeKey(msg), () => {
        const started = Date.now();
        const work = callbackReply(msg, { assistant, config, logger: log, channel: "wecom", limits, sensitiveWords, maxChars: 500 })
          .then(async (texts) => {
            for (const text of texts.flatMap((t) => splitReply(t))) await api.sendText(msg.FromUserName, text);
            log.info({ channel: "wecom", type: msg.MsgType, event: msg.Event, sent: texts.length, ms: Date.now() - started }, "wecom message");
          })
          .catch((err: unknown) => log.error({ channel: "wecom", err: serializeError(err) }, "wecom reply failed"))
          .finally(() => sending.delete(work));
        sending.add(work);
        return work;
      });
      if (!first) log.debug({ channel: "wecom" }, "wecom retry ignored");
      return sendText(reply, "");
    });
  });
}

function sendText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type("text/plain; charset=utf-8").send(text);
}
