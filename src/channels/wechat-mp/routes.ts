// 公众号 (service account) callback: GET verifies the server URL, POST receives messages and answers them
// with a passive reply, in plaintext or 安全模式 (encrypt_type=aes) as the request came. With an LLM composer
// (too slow for WeChat's 5 s) and an AppSecret, the callback gets "success" at once and the answer goes out
// through the 客服消息 API instead. Routes exist only when WECHAT_MP_TOKEN is set, so an unconfigured server answers 404.
import { randomInt } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { WebDeps } from "../web/deps.js";
import { ApiError, serializeError } from "../web/errors.js";
import { buildCallbackXml } from "../wechat-crypto/callback-xml.js";
import { openEncrypted, parseCallbackBody } from "../wechat-crypto/open-callback.js";
import { makeMsgCrypto, signatureMatches, wechatSignature, type MsgCrypto } from "../wechat-crypto/msg-crypto.js";
import { callbackReply } from "../text/callback-reply.js";
import { makeMpApi } from "./mp-api.js";
import { registerXmlBody } from "./xml-body.js";
import { loadSensitiveWords } from "../text/load-sensitive-words.js";
import { TextRateLimits } from "../text/rate-limits.js";
import { splitReply } from "../text/split-reply.js";
import { passiveText } from "./passive-text.js";
import { dedupeKey, ReplyOnce } from "../text/reply-once.js";
import { TIMEOUT_TEXT } from "../text/callback-texts.js";

export const WECHAT_MP_PATH = "/channels/wechat-mp";

// Passive replies over 2048 bytes are cut by WeChat: two messages of 320 CJK characters mostly fit, and
// truncateReply cuts the rest at a boundary.
const MAX_CHARS = 320;

interface MpQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  msg_signature?: string;
  encrypt_type?: string;
  openid?: string;
}

const str = { type: "string", maxLength: 1024 } as const;
const querySchema = {
  type: "object",
  properties: { signature: str, timestamp: str, nonce: str, echostr: str, msg_signature: str, encrypt_type: str, openid: str },
} as const;

export async function registerWechatMpRoutes(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { config, assistant } = deps;
  const token = config.WECHAT_MP_TOKEN;
  if (!token) return;
  const crypto: MsgCrypto | undefined =
    config.WECHAT_MP_AES_KEY && config.WECHAT_MP_APP_ID ? makeMsgCrypto(config.WECHAT_MP_AES_KEY, config.WECHAT_MP_APP_ID) : undefined;
  const once = new ReplyOnce<string[]>();
  const mpApi =
    config.LLM_BASE_URL && config.WECHAT_MP_APP_ID && config.WECHAT_MP_APP_SECRET
      ? makeMpApi({ base: config.WECHAT_API_BASE, appId: config.WECHAT_MP_APP_ID, appSecret: config.WECHAT_MP_APP_SECRET })
      : undefined;
  const sendOnce = new ReplyOnce<void>();
  const sending = new Set<Promise<void>>();
  // The bot's per-user budget (WECHAT_USER_RATE_*) applies to every text channel alike.
  const sensitiveWords = await loadSensitiveWords(config);
  const limits = new TextRateLimits({ userMax: config.WECHAT_USER_RATE_MAX, userWindowS: config.WECHAT_USER_RATE_WINDOW_S });
  // Answers still being sent finish before the server closes.
  app.addHook("onClose", async () => {
    await Promise.allSettled([...sending]);
  });

  /** Every request carries signature = sha1(sort(token, timestamp, nonce)); nothing runs before it checks. */
  const checkSignature = (q: MpQuery) => {
    if (!q.timestamp || !q.nonce || !signatureMatches(wechatSignature(token, q.timestamp, q.nonce), q.signature)) {
      throw new ApiError("unauthorized", "签名校验失败。");
    }
  };
  const decrypt = (q: MpQuery, encrypted: string | undefined): string => {
    if (!crypto) throw new ApiError("invalid_request", "未配置安全模式（WECHAT_MP_AES_KEY）。");
    return openEncrypted(crypto, token, q, encrypted);
  };
  const parse = parseCallbackBody;

  await app.register(async (scope) => {
    registerXmlBody(scope);

    scope.get<{ Querystring: MpQuery }>(WECHAT_MP_PATH, { schema: { querystring: querySchema } }, async (req, reply) => {
      const q = req.query;
      if (q.msg_signature) {
        // 安全模式 verification: the echostr is encrypted and signed with msg_signature.
        if (!q.timestamp || !q.nonce) throw new ApiError("unauthorized", "签名校验失败。");
        return sendText(reply, decrypt(q, q.echostr));
      }
      checkSignature(q);
      if (!q.echostr) throw new ApiError("invalid_request", "缺少 echostr。");
      return sendText(reply, q.echostr);
    });

    scope.post<{ Querystring: MpQuery; Body: unknown }>(WECHAT_MP_PATH, { schema: { querystring: querySchema } }, async (req, reply) => {
      const q = req.query;
      checkSignature(q);
      if (typeof req.body !== "string" || !req.body.trim()) throw new ApiError("invalid_request", "消息须为 XML。");
      const aes = q.encrypt_type === "aes";
      const outer = parse(req.body);
      const msg = aes ? parse(decrypt(q, outer.Encrypt)) : outer;
      if (!msg.FromUserName || !msg.ToUserName || !msg.MsgType) throw new ApiError("invalid_request", "消息缺少 FromUserName、ToUserName 或 MsgType。");

      const started = Date.now();
      if (mpApi) {
        const log = req.log;
        sendOnce.run(dedupeKey(msg), () => {
          const work = callbackReply(msg, { assistant, config, logger: log, channel: "wechat-mp", limits, sensitiveWords, maxChars: 500 })
            .then(async (texts) => {
              for (const text of texts.flatMap((t) => splitReply(t))) await mpApi.sendText(msg.FromUserName, text);
              log.info({ channel: "wechat-mp", type: msg.MsgType, event: msg.Event, sent: texts.length, ms: Date.now() - started }, "wechat-mp message");
            })
            .catch((err: unknown) => log.error({ channel: "wechat-mp", err: serializeError(err) }, "wechat-mp send failed"))
            .finally(() => sending.delete(work));
          sending.add(work);
          return work;
        });
        return sendText(reply, "success");
      }
      const { result, first } = once.run(dedupeKey(msg), () =>
        callbackReply(msg, { assistant, config, logger: req.log, channel: "wechat-mp", limits, sensitiveWords, maxChars: MAX_CHARS }),
      );
      const texts = await withBudget(result, config.WECHAT_MP_REPLY_BUDGET_MS, [TIMEOUT_TEXT]);
      req.log.info({ channel: "wechat-mp", type: msg.MsgType, event: msg.Event, retry: !first, ms: Date.now() - started }, "wechat-mp message");
      if (texts.length === 0) return sendText(reply, "success");
      const xml = buildCallbackXml({
        ToUserName: msg.FromUserName,
        FromUserName: msg.ToUserName,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: "text",
        Content: passiveText(texts),
      });
      if (!aes || !crypto) return sendXml(reply, xml);
      const encrypted = crypto.encrypt(xml);
      const timestamp = Math.floor(Date.now() / 1000);
      const nonce = String(randomInt(100_000_000, 999_999_999));
      return sendXml(
        reply,
        buildCallbackXml({ Encrypt: encrypted, MsgSignature: wechatSignature(token, String(timestamp), nonce, encrypted), TimeStamp: timestamp, Nonce: nonce }),
      );
    });
  });
}

function sendText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type("text/plain; charset=utf-8").send(text);
}

function sendXml(reply: FastifyReply, xml: string): FastifyReply {
  return reply.type("application/xml; charset=utf-8").send(xml);
}

/** `promise`'s value, or `fallback` when it takes longer than `ms` (the work goes on for a retry to pick up). */
export async function withBudget<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
