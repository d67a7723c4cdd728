// `npm run wechat-mp -- menu` against local fake platforms on 127.0.0.1:0: token, then menu/create with the
// file's body; a non-zero errcode ends in exit 1 with the platform's errcode/errmsg.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, ROOT_DIR } from "../config.js";
import { startFakePlatform } from "../channels/wecom/testing/fake-platform.js";
import { DEFAULT_MENU_FILE, publishMenu, readMenuFile, runWechatMp, type CliOutput } from "./wechat-mp.js";
import { PlatformApiError } from "../channels/wecom/platform-client.js";

const APP = { WECHAT_MP_APP_ID: "wx-app", WECHAT_MP_APP_SECRET: "s3cret" };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function capture(): CliOutput & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, info: (l) => out.push(l), error: (l) => err.push(l) };
}

async function mpPlatform() {
  const p = await startFakePlatform({
    tokenPath: "/cgi-bin/token",
    sendPath: "/cgi-bin/menu/create",
    credentials: { grant_type: "client_credential", appid: APP.WECHAT_MP_APP_ID, secret: APP.WECHAT_MP_APP_SECRET },
  });
  cleanups.push(() => p.close());
  return p;
}

// The fake platform accepts every menu; this one answers menu/create as WeChat does for a rejected menu.
async function rejectingPlatform(errcode: number, errmsg: string) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    res.writeHead(200, { "content-type": "application/json" });
    if (url.pathname === "/cgi-bin/token") res.end(JSON.stringify({ access_token: "t", expires_in: 7200 }));
    else res.end(JSON.stringify({ errcode, errmsg }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const config = (env: Record<string, string>) => loadConfig({ LOG_LEVEL: "silent", ...env });

describe("npm run wechat-mp -- menu", () => {
  it("publishMenu gets a token with appid/secret, then POSTs the file's body to menu/create with it", async () => {
    const p = await mpPlatform();
    const check = await readMenuFile(DEFAULT_MENU_FILE, ROOT_DIR);
    if (!check.ok) throw new Error(check.problems.join("\n"));
    await publishMenu(check.menu, { base: p.base, appId: APP.WECHAT_MP_APP_ID, appSecret: APP.WECHAT_MP_APP_SECRET });
    expect(p.tokenRequests).toEqual([{ grant_type: "client_credential", appid: "wx-app", secret: "s3cret" }]);
    expect(p.sent).toEqual([{ accessToken: "fake-token-1", body: check.menu }]);
    expect(JSON.stringify(p.sent[0]?.body)).toContain('"key":"TOPICS"');
  });

  it("publishes through the command and prints the result", async () => {
    const p = await mpPlatform();
    const o = capture();
    expect(await runWechatMp(["menu"], config({ ...APP, WECHAT_API_BASE: p.base }), o)).toBe(0);
    expect(p.sent).toHaveLength(1);
    expect(o.err).toEqual([]);
    expect(o.out.join("\n")).toMatch(/menu published .*专题列表 \| 政策匹配 \| 使用帮助/);
  });

  it("errcode ≠ 0 from menu/create: PlatformApiError, and the command exits 1 with errcode and errmsg", async () => {
    const base = await rejectingPlatform(40018, "invalid button name size");
    const check = await readMenuFile(DEFAULT_MENU_FILE, ROOT_DIR);
    if (!check.ok) throw new Error(check.problems.join("\n"));
    const err = await publishMenu(check.menu, { base, appId: "a", appSecret: "b" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformApiError);
    expect(err).toMatchObject({ errcode: 40018 });

    const o = capture();
    expect(await runWechatMp(["menu"], config({ ...APP, WECHAT_API_BASE: base }), o)).toBe(1);
    expect(o.err.join("\n")).toMatch(/publishing the menu failed: errcode 40018: .*invalid button name size/);
    expect(o.out).toEqual([]);
  });

  it("wrong app secret: the token request fails and nothing is published", async () => {
    const p = await mpPlatform();
    const o = capture();
    expect(await runWechatMp(["menu"], config({ ...APP, WECHAT_MP_APP_SECRET: "wrong", WECHAT_API_BASE: p.base }), o)).toBe(1);
    expect(o.err.join("\n")).toMatch(/errcode 40013: .*invalid credential/);
    expect(p.sent).toEqual([]);
  });

  it("--dry-run checks and prints the body without calling the platform", async () => {
    const p = await mpPlatform();
    const o = capture();
    expect(await runWechatMp(["menu", "--dry-run"], config({ WECHAT_API_BASE: p.base }), o)).toBe(0);
    expect(p.tokenRequests).toEqual([]);
    expect(o.out.join("\n")).toMatch(/valid \(dry run, not published\)[\s\S]*"key": "MATCH"/);
  });

  it("a bad menu file: each problem by file and JSON path, exit 1, no platform call", async () => {
    const p = await mpPlatform();
    const dir = await mkdtemp(path.join(os.tmpdir(), "mp-menu-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, "menu.json");
    await writeFile(file, JSON.stringify({ button: [{ type: "click", name: "帮助", key: "HELLO" }, { type: "view", name: "官网" }] }));
    const o = capture();
    expect(await runWechatMp(["menu", "--file", file], config({ ...APP, WECHAT_API_BASE: p.base }), o)).toBe(1);
    expect(o.err).toEqual([
      "the menu file has 2 problem(s); nothing was published:",
      `  ${file}: button[0].key: key "HELLO" is not one the 公众号 callback answers (use TOPICS, MATCH, HELP)`,
      `  ${file}: button[1].url: a view button needs a url`,
    ]);
    expect(p.tokenRequests).toEqual([]);
  });

  it("without app credentials, or without the menu subcommand: exit 1 with a hint", async () => {
    const o = capture();
    expect(await runWechatMp(["menu"], config({}), o)).toBe(1);
    expect(o.err.join("\n")).toMatch(/needs WECHAT_MP_APP_ID and WECHAT_MP_APP_SECRET/);
    const u = capture();
    expect(await runWechatMp(["publish"], config({}), u)).toBe(1);
    expect(u.err.join("\n")).toMatch(/^usage: npm run wechat-mp -- menu/);
  });
});
