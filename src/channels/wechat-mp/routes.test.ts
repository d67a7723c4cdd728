import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { buildApp } from "../web/app.js";
import { FAKE_TOPICS, makeFakeAssistant, type FakeOptions } from "../web/testing/fake-assistant.js";
import { SENSITIVE_INPUT_TEXT, topicListText, USER_RATE_TEXT } from "../text/replies.js";
import { makeMsgCrypto } from "../wechat-crypto/msg-crypto.js";
import { startFakePlatform } from "../wecom/testing/fake-platform.js";
import { MATCH_TEXT, TIMEOUT_TEXT, UNSUPPORTED_TEXT } from "../text/callback-texts.js";

const TOKEN = "mptoken123";
const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APP_ID = "wx2c2769f8efd9abc2";
const SALT = "test-salt";
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setup(env: Record<string, string> = {}, fake: FakeOptions = {}) {
  const assistant = makeFakeAssistant(fake);
  const config = loadConfig({ LOG_LEVEL: "silent", HASH_SALT: SALT, WECHAT_MP_TOKEN: TOKEN, ...env });
  app = await buildApp({ assistant, config });
  return { app, assistant };
}

// Computed here from the spec (sha1 of the sorted strings), not with the code under test.
const sha1 = (...parts: string[]) => createHash("sha1").update(parts.sort().join("")).digest("hex");
const signed = (extra: Record<string, string> = {}, token = TOKEN) => {
  const timestamp = "1700000000";
  const nonce = "424242";
  return new URLSearchParams({ signature: sha1(token, timestamp, nonce), timestamp, nonce, openid: "o_user", ...extra }).toString();
};

const textXml = (content: string, msgId = "1001", from = "o_user") =>
  `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
  `<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
const eventXml = (event: string, key = "", createTime = "1700000001") =>
  `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>${createTime}</CreateTime>` +
  `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><EventKey><![CDATA[${key}]]></EventKey></xml>`;
const typedXml = (type: string, extra = "", msgId = "2001") =>
  `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>1700000002</CreateTime>` +
  `<MsgType><![CDATA[${type}]]></MsgType>${extra}<MsgId>${msgId}</MsgId></xml>`;

const post = (a: FastifyInstance, xml: string, query = signed()) =>
  a.inject({ method: "POST", url: `/channels/wechat-mp?${query}`, headers: { "content-type": "text/xml" }, payload: xml });

const readXml = (body: string) => (new XMLParser({ parseTagValue: false }).parse(body) as { xml: Record<string, string> }).xml;

function expectError(res: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect((res.json() as { error: { code: string } }).error.code).toBe(code);
}

const sessionOf = (openid: string) => createHash("sha256").update(`${SALT}:wechat-mp:${openid}`).digest("hex");

describe("公众号 channel off", () => {
  it("answers 404 on both methods when WECHAT_MP_TOKEN is unset", async () => {
    const { app } = await setup({ WECHAT_MP_TOKEN: "" });
    expectError(await app.inject({ method: "GET", url: `/channels/wechat-mp?${signed({ echostr: "x" })}` }), 404, "not_found");
    expectError(await post(app, textXml("你好")), 404, "not_found");
  });
});

describe("GET /channels/wechat-mp (URL verification)", () => {
  it("echoes echostr when the signature is right", async () => {
    const { app } = await setup();
    const res = await app.inject({ method: "GET", url: `/channels/wechat-mp?${signed({ echostr: "7393264567" })}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe("7393264567");
  });

  it("refuses a wrong or missing signature with 401", async () => {
    const { app } = await setup();
    expectError(await app.inject({ method: "GET", url: `/channels/wechat-mp?${signed({ echostr: "1" }, "other")}` }), 401, "unauthorized");
    expectError(await app.inject({ method: "GET", url: "/channels/wechat-mp?echostr=1&timestamp=1&nonce=2" }), 401, "unauthorized");
  });

  it("in 安全模式 decrypts an echostr signed with msg_signature", async () => {
    const { app } = await setup({ WECHAT_MP_AES_KEY: AES_KEY, WECHAT_MP_APP_ID: APP_ID });
    const echostr = makeMsgCrypto(AES_KEY, APP_ID).encrypt("echo-plain-123");
    const q = (sig: string) => new URLSearchParams({ msg_signature: sig, timestamp: "1", nonce: "2", echostr }).toString();
    const ok = await app.inject({ method: "GET", url: `/channels/wechat-mp?${q(sha1(TOKEN, "1", "2", echostr))}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe("echo-plain-123");
    expectError(await app.inject({ method: "GET", url: `/channels/wechat-mp?${q(sha1("x", "1", "2", echostr))}` }), 401, "unauthorized");
  });
});

describe("POST /channels/wechat-mp (plaintext)", () => {
  it("answers a text message passively, as plain text, with To/From swapped and a session per FromUserName", async () => {
    const { app, assistant } = await setup();
    const res = await post(app, textXml("科技贷款能贴息吗？"));
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/xml/);
    const reply = readXml(res.body);
    expect(reply).toMatchObject({ ToUserName: "o_user", FromUserName: "gh_account", MsgType: "text" });
    expect(reply.Content).toContain("专题14：科技金融计划");
    expect(reply.Content).not.toContain("**"); // Markdown stripped by the wechat formatter
    expect(assistant.calls).toHaveLength(1);
    expect(assistant.calls[0].input).toEqual({ question: "科技贷款能贴息吗？", sessionId: sessionOf("o_user") });
    expect(assistant.calls[0].opts?.channel).toBe("wechat");

    await post(app, textXml("那期限呢？", "1002"));
    await post(app, textXml("别人的问题", "1003", "o_other"));
    expect(assistant.calls.map((c) => c.input.sessionId)).toEqual([sessionOf("o_user"), sessionOf("o_user"), sessionOf("o_other")]);
  });

  it("answers a retried MsgId once: the replay gets the same reply and the assistant is not asked again", async () => {
    const { app, assistant } = await setup({}, { delayMs: 20 });
    const [a, b] = await Promise.all([post(app, textXml("问题", "555")), post(app, textXml("问题", "555"))]);
    const c = await post(app, textXml("问题", "555"));
    expect(assistant.calls).toHaveLength(1);
    expect(readXml(b.body).Content).toBe(readXml(a.body).Content);
    expect(readXml(c.body).Content).toBe(readXml(a.body).Content);
  });

  it("runs the bot's commands: 专题列表, 帮助, 重新开始", async () => {
    const { app, assistant } = await setup();
    expect(readXml((await post(app, textXml("专题列表", "1"))).body).Content).toBe(topicListText(FAKE_TOPICS));
    expect(readXml((await post(app, textXml("帮助", "2"))).body).Content).toContain("专题列表");
    expect(readXml((await post(app, textXml("重新开始", "3"))).body).Content).toContain("重新开始");
    expect(assistant.calls).toHaveLength(0);
  });

  it("welcomes a subscriber once per FromUserName+CreateTime, and answers the menu's CLICK keys", async () => {
    const { app } = await setup();
    const welcome = readXml((await post(app, eventXml("subscribe"))).body).Content;
    expect(welcome).toMatch(/^感谢关注！/);
    expect(welcome).toContain("3 个专题");
    expect(readXml((await post(app, eventXml("subscribe"))).body).Content).toBe(welcome);
    expect(readXml((await post(app, eventXml("CLICK", "TOPICS", "1700000010"))).body).Content).toBe(topicListText(FAKE_TOPICS));
    expect(readXml((await post(app, eventXml("CLICK", "MATCH", "1700000011"))).body).Content).toBe(MATCH_TEXT);
  });

  it("says 'success' to events that need no answer", async () => {
    const { app } = await setup();
    const res = await post(app, eventXml("unsubscribe"));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe("success");
  });

  it("asks for text politely on images and locations; a recognised voice message is a question", async () => {
    const { app, assistant } = await setup();
    expect(readXml((await post(app, typedXml("image", "<PicUrl><![CDATA[http://x/p.jpg]]></PicUrl>", "1"))).body).Content).toContain("图片");
    expect(readXml((await post(app, typedXml("voice", "<Recognition><![CDATA[]]></Recognition>", "2"))).body).Content).toContain("语音");
    expect(readXml((await post(app, typedXml("location", "<Label><![CDATA[武汉]]></Label>", "3"))).body).Content).toBe(UNSUPPORTED_TEXT);
    expect(assistant.calls).toHaveLength(0);
    await post(app, typedXml("voice", "<Recognition><![CDATA[孵化器有补助吗]]></Recognition>", "4"));
    expect(assistant.calls.map((c) => c.input.question)).toEqual(["孵化器有补助吗"]);
  });

  it("refuses a bad signature with 401 before reading the body", async () => {
    const { app, assistant } = await setup();
    expectError(await post(app, textXml("你好"), signed({}, "wrong-token")), 401, "unauthorized");
    expectError(await post(app, "<not xml", signed({}, "wrong-token")), 401, "unauthorized");
    expect(assistant.calls).toHaveLength(0);
  });

  it("refuses malformed XML, a DOCTYPE and a message without its fields with 400", async () => {
    const { app, assistant } = await setup();
    expectError(await post(app, "<xml><Content>broken</xml>"), 400, "invalid_request");
    expectError(await post(app, '<!DOCTYPE x [<!ENTITY a "b">]><xml><Content>&a;</Content></xml>'), 400, "invalid_request");
    expectError(await post(app, "<xml><Content>no sender</Content></xml>"), 400, "invalid_request");
    expectError(await post(app, ""), 400, "invalid_request");
    expect(assistant.calls).toHaveLength(0);
  });

  it("replies within the budget with a holding text when the answer is slow, and a retry gets the answer", async () => {
    const { app, assistant } = await setup({ WECHAT_MP_REPLY_BUDGET_MS: "100" }, { delayMs: 80 });
    const first = await post(app, textXml("慢问题", "777"));
    expect(readXml(first.body).Content).toBe(TIMEOUT_TEXT);
    await new Promise((r) => setTimeout(r, 250));
    const retry = await post(app, textXml("慢问题", "777"));
    expect(readXml(retry.body).Content).toContain("专题14");
    expect(assistant.calls).toHaveLength(1);
  });

  it("apologises when the assistant fails", async () => {
    const { app } = await setup({}, { fail: new Error("boom") });
    expect(readXml((await post(app, textXml("问题"))).body).Content).toContain("抱歉");
  });
});

describe("POST /channels/wechat-mp per-user rate limit", () => {
  it("answers a polite notice once over WECHAT_USER_RATE_MAX, then 'success' without asking the assistant", async () => {
    const { app: a, assistant } = await setup({ WECHAT_USER_RATE_MAX: "2" });
    await post(a, textXml("问题一", "3001"));
    await post(a, textXml("问题二", "3002"));
    const third = await post(a, textXml("问题三", "3003"));
    expect(readXml(third.body).Content).toBe(USER_RATE_TEXT);
    const fourth = await post(a, textXml("问题四", "3004"));
    expect(fourth.body).toBe("success");
    expect(assistant.calls).toHaveLength(2);
    // Another user has a budget of their own.
    const other = await post(a, textXml("问题五", "3005", "o_other"));
    expect(readXml(other.body).Content).toContain("专题14");
  });
});

describe("POST /channels/wechat-mp sensitive words", () => {
  const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../text/testing");

  it("refuses a question with a listed word without asking the assistant, and masks one in an answer", async () => {
    const { app: a, assistant } = await setup({ CORPUS_DIR }, { text: () => "占位词乙属于专题14 科技金融计划。" });
    expect(readXml((await post(a, textXml("禁用词甲怎么申报", "4001"))).body).Content).toBe(SENSITIVE_INPUT_TEXT);
    expect(assistant.calls).toHaveLength(0);
    const answer = readXml((await post(a, textXml("贴息", "4002"))).body).Content ?? "";
    expect(answer).toContain("＊＊＊＊属于");
    expect(answer).not.toContain("占位词乙");
  });
});

describe("POST /channels/wechat-mp (安全模式, encrypt_type=aes)", () => {
  const env = { WECHAT_MP_AES_KEY: AES_KEY, WECHAT_MP_APP_ID: APP_ID };
  const mp = makeMsgCrypto(AES_KEY, APP_ID);
  const envelope = (inner: string, appCrypto = mp) => {
    const encrypt = appCrypto.encrypt(inner);
    return { encrypt, xml: `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
  };
  const aesQuery = (encrypt: string, token = TOKEN) => signed({ encrypt_type: "aes", msg_signature: sha1(token, "1700000000", "424242", encrypt) });

  it("decrypts the message and replies encrypted, signed with msg_signature", async () => {
    const { app, assistant } = await setup(env);
    const { encrypt, xml } = envelope(textXml("科技贷款能贴息吗？"));
    const res = await post(app, xml, aesQuery(encrypt));
    expect(res.statusCode).toBe(200);
    const outer = readXml(res.body);
    expect(outer.MsgSignature).toBe(sha1(TOKEN, String(outer.TimeStamp), String(outer.Nonce), outer.Encrypt));
    const inner = readXml(mp.decrypt(outer.Encrypt));
    expect(inner).toMatchObject({ ToUserName: "o_user", FromUserName: "gh_account", MsgType: "text" });
    expect(inner.Content).toContain("专题14");
    expect(assistant.calls).toHaveLength(1);
  });

  it("refuses a wrong msg_signature (401) and a message for another AppID (400), processing nothing", async () => {
    const { app, assistant } = await setup(env);
    const { encrypt, xml } = envelope(textXml("问题"));
    expectError(await post(app, xml, aesQuery(encrypt, "wrong")), 401, "unauthorized");
    const foreign = envelope(textXml("问题"), makeMsgCrypto(AES_KEY, "wx_other_app"));
    expectError(await post(app, foreign.xml, aesQuery(foreign.encrypt)), 400, "invalid_request");
    const garbage = envelope("<xml><broken></xml>");
    expectError(await post(app, garbage.xml, aesQuery(garbage.encrypt)), 400, "invalid_request");
    expect(assistant.calls).toHaveLength(0);
  });

  it("answers 400 to encrypt_type=aes when 安全模式 is not configured", async () => {
    const { app } = await setup();
    const { encrypt, xml } = envelope(textXml("问题"));
    expectError(await post(app, xml, aesQuery(encrypt)), 400, "invalid_request");
  });
});

describe("POST /channels/wechat-mp with an LLM (客服消息)", () => {
  it("answers 'success' at once and sends the answer through message/custom/send, refreshing an expired token", async () => {
    const platform = await startFakePlatform({
      tokenPath: "/cgi-bin/token",
      sendPath: "/cgi-bin/message/custom/send",
      credentials: { grant_type: "client_credential", appid: APP_ID, secret: "app-secret" },
    });
    try {
      const { app, assistant } = await setup({
        LLM_BASE_URL: "http://127.0.0.1:9/v1", WECHAT_MP_APP_ID: APP_ID, WECHAT_MP_APP_SECRET: "app-secret", WECHAT_API_BASE: platform.base,
      });
      const res = await post(app, textXml("科技贷款能贴息吗？", "31"));
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe("success");
      const [sent] = await platform.waitForSent(1);
      expect(sent.body).toMatchObject({ touser: "o_user", msgtype: "text" });
      expect((sent.body.text as { content: string }).content).toContain("专题14");
      await post(app, textXml("科技贷款能贴息吗？", "31")); // retry: not sent again
      platform.expireTokens();
      await post(app, textXml("专题列表", "32"));
      const all = await platform.waitForSent(2);
      await app.close();
      expect(all.map((s) => s.accessToken)).toEqual(["fake-token-1", "fake-token-2"]);
      expect(platform.sent).toHaveLength(2);
      expect(assistant.calls).toHaveLength(1);
    } finally {
      await platform.close();
    }
  });
});
