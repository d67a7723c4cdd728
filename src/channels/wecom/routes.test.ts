import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { buildApp } from "../web/app.js";
import { FAKE_TOPICS, makeFakeAssistant, type FakeOptions } from "../web/testing/fake-assistant.js";
import { SENSITIVE_INPUT_TEXT, topicListText, USER_RATE_TEXT } from "../text/replies.js";
import { makeMsgCrypto } from "../wechat-crypto/msg-crypto.js";
import { startFakePlatform, type FakePlatform } from "./testing/fake-platform.js";

const TOKEN = "wecomtoken";
const AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const CORP_ID = "ww1436e0e65a779aee";
const SECRET = "corp-secret";
const AGENT_ID = "1000002";
let app: FastifyInstance | undefined;
let platform: FakePlatform;

beforeEach(async () => {
  platform = await startFakePlatform({ tokenPath: "/cgi-bin/gettoken", sendPath: "/cgi-bin/message/send", credentials: { corpid: CORP_ID, corpsecret: SECRET } });
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await platform.close();
});

async function setup(env: Record<string, string> = {}, fake: FakeOptions = {}) {
  const assistant = makeFakeAssistant(fake);
  const config = loadConfig({
    LOG_LEVEL: "silent", HASH_SALT: "salt", WECOM_TOKEN: TOKEN, WECOM_AES_KEY: AES_KEY, WECOM_CORP_ID: CORP_ID,
    WECOM_CORP_SECRET: SECRET, WECOM_AGENT_ID: AGENT_ID, WECOM_API_BASE: platform.base, ...env,
  });
  app = await buildApp({ assistant, config });
  return { app, assistant };
}

// Signatures computed here from the spec, not with the code under test.
const sha1 = (...parts: string[]) => createHash("sha1").update(parts.sort().join("")).digest("hex");
const corp = makeMsgCrypto(AES_KEY, CORP_ID);
const query = (encrypted: string, token = TOKEN, extra: Record<string, string> = {}) =>
  new URLSearchParams({ msg_signature: sha1(token, "1700000000", "99", encrypted), timestamp: "1700000000", nonce: "99", ...extra }).toString();

const textXml = (content: string, msgId = "1", from = "zhangsan") =>
  `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1700000000</CreateTime>` +
  `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>${AGENT_ID}</AgentID></xml>`;

function post(a: FastifyInstance, inner: string, opts: { crypto?: typeof corp; token?: string } = {}) {
  const encrypt = (opts.crypto ?? corp).encrypt(inner);
  const xml = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><AgentID><![CDATA[${AGENT_ID}]]></AgentID><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  return a.inject({ method: "POST", url: `/channels/wecom?${query(encrypt, opts.token)}`, headers: { "content-type": "text/xml" }, payload: xml });
}

function expectError(res: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect((res.json() as { error: { code: string } }).error.code).toBe(code);
}

describe("企业微信 channel off", () => {
  it("answers 404 when WECOM_TOKEN is unset", async () => {
    const { app } = await setup({ WECOM_TOKEN: "", WECOM_AES_KEY: "", WECOM_CORP_ID: "", WECOM_CORP_SECRET: "", WECOM_AGENT_ID: "" });
    expectError(await app.inject({ method: "GET", url: "/channels/wecom?echostr=x" }), 404, "not_found");
    expectError(await post(app, textXml("你好")), 404, "not_found");
  });
});

describe("GET /channels/wecom (URL verification)", () => {
  it("decrypts the echostr when msg_signature is right, 401 otherwise", async () => {
    const { app } = await setup();
    const echostr = corp.encrypt("1616140317555161061");
    const ok = await app.inject({ method: "GET", url: `/channels/wecom?${query(echostr, TOKEN, { echostr })}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe("1616140317555161061");
    expectError(await app.inject({ method: "GET", url: `/channels/wecom?${query(echostr, "wrong", { echostr })}` }), 401, "unauthorized");
    expectError(await app.inject({ method: "GET", url: "/channels/wecom" }), 401, "unauthorized");
  });

  it("refuses an echostr encrypted for another CorpID with 400", async () => {
    const { app } = await setup();
    const echostr = makeMsgCrypto(AES_KEY, "ww_other").encrypt("123");
    expectError(await app.inject({ method: "GET", url: `/channels/wecom?${query(echostr, TOKEN, { echostr })}` }), 400, "invalid_request");
  });
});

describe("POST /channels/wecom", () => {
  it("acknowledges at once and answers through message/send with the app's agentid and a cached token", async () => {
    const { app, assistant } = await setup();
    const res = await post(app, textXml("科技贷款能贴息吗？"));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe("");
    const [sent] = await platform.waitForSent(1);
    expect(sent.body).toMatchObject({ touser: "zhangsan", msgtype: "text", agentid: 1000002 });
    expect((sent.body.text as { content: string }).content).toContain("专题14：科技金融计划");
    expect((sent.body.text as { content: string }).content).not.toContain("**");
    expect(assistant.calls[0].input.sessionId).toBe(createHash("sha256").update("salt:wecom:zhangsan").digest("hex"));

    await post(app, textXml("专题列表", "2"));
    const all = await platform.waitForSent(2);
    expect((all[1].body.text as { content: string }).content).toBe(topicListText(FAKE_TOPICS));
    expect(platform.tokenRequests).toEqual([{ corpid: CORP_ID, corpsecret: SECRET }]);
  });

  it("fetches a new token when the platform says the old one expired (42001) and resends", async () => {
    const { app } = await setup();
    await post(app, textXml("问题一", "1"));
    await platform.waitForSent(1);
    platform.expireTokens();
    await post(app, textXml("问题二", "2"));
    const sent = await platform.waitForSent(2);
    expect(platform.tokenRequests).toHaveLength(2);
    expect(sent.map((s) => s.accessToken)).toEqual(["fake-token-1", "fake-token-2"]);
  });

  it("answers a retried MsgId once", async () => {
    const { app, assistant } = await setup({}, { delayMs: 10 });
    await Promise.all([post(app, textXml("问题", "9")), post(app, textXml("问题", "9"))]);
    await post(app, textXml("问题", "9"));
    await platform.waitForSent(1);
    await app.close(); // waits for answers still being sent
    expect(assistant.calls).toHaveLength(1);
    expect(platform.sent).toHaveLength(1);
  });

  it("refuses a bad msg_signature (401), another CorpID or malformed XML (400), processing nothing", async () => {
    const { app, assistant } = await setup();
    expectError(await post(app, textXml("问题"), { token: "wrong" }), 401, "unauthorized");
    expectError(await post(app, textXml("问题"), { crypto: makeMsgCrypto(AES_KEY, "ww_other") }), 400, "invalid_request");
    expectError(await post(app, "<xml><Content>broken</xml>"), 400, "invalid_request");
    const res = await app.inject({ method: "POST", url: `/channels/wecom?${query("x")}`, headers: { "content-type": "text/xml" }, payload: "<xml><Encrypt>" });
    expectError(res, 400, "invalid_request");
    await app.close(); // waits for answers still being sent
    expect(assistant.calls).toHaveLength(0);
    expect(platform.sent).toHaveLength(0);
  });

  it("says nothing to events that need no answer (enter_agent)", async () => {
    const { app } = await setup();
    const ev = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1700000005</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><AgentID>${AGENT_ID}</AgentID></xml>`;
    expect((await post(app, ev)).statusCode).toBe(200);
    await app.close(); // waits for answers still being sent
    expect(platform.sent).toHaveLength(0);
    expect(platform.tokenRequests).toHaveLength(0);
  });

  it("sends one polite notice to a user over WECHAT_USER_RATE_MAX, then nothing", async () => {
    const { app, assistant } = await setup({ WECHAT_USER_RATE_MAX: "1" });
    await post(app, textXml("问题一", "11"));
    await platform.waitForSent(1);
    await post(app, textXml("问题二", "12"));
    await post(app, textXml("问题三", "13"));
    await app.close(); // waits for answers still being sent
    expect(assistant.calls).toHaveLength(1);
    expect(platform.sent.map((s) => (s.body.text as { content: string }).content).slice(1)).toEqual([USER_RATE_TEXT]);
  });

  it("refuses a question with a listed sensitive word without asking the assistant", async () => {
    const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../text/testing");
    const { app, assistant } = await setup({ CORPUS_DIR });
    await post(app, textXml("BADWORD 是什么", "21"));
    const [sent] = await platform.waitForSent(1);
    expect((sent.body.text as { content: string }).content).toBe(SENSITIVE_INPUT_TEXT);
    expect(assistant.calls).toHaveLength(0);
  });
});
