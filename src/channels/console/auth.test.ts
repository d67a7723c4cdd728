import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formBody, startConsoleServer, TEST_PASSWORD, type ConsoleServer } from "./testing/console-server.js";
import { SESSION_COOKIE, safeNext } from "./auth.js";

let s: ConsoleServer;
beforeAll(async () => {
  s = await startConsoleServer({ CONSOLE_LOGIN_FAIL_MAX: "3" });
}, 120_000);
afterAll(async () => s?.cleanup());

const loginPost = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  s.app.inject({ method: "POST", url: "/console/login", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, payload: formBody(form) });

describe("console login", () => {
  it("sends a visitor without a session to the login page, and API clients get 401 JSON", async () => {
    const page = await s.app.inject({ method: "GET", url: "/console/conversations?q=x" });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/console/login?next=%2Fconsole%2Fconversations%3Fq%3Dx");
    const api = await s.app.inject({ method: "GET", url: "/console/audit", headers: { accept: "application/json" } });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  it("sets an httpOnly, SameSite=Strict cookie scoped to /console and records the login", async () => {
    const res = await loginPost({ username: "editor1", password: TEST_PASSWORD, next: "/console/feedback" });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/console/feedback");
    const cookie = [res.headers["set-cookie"]].flat().find((c) => c?.startsWith(SESSION_COOKIE))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/console/);
    const audit = await s.admin.get("/console/audit");
    expect(audit.body).toContain("editor1");
    expect(audit.body).toContain("登录");
  });

  it("refuses a wrong password with the same words as an unknown user, then locks the account out", async () => {
    const wrong = await loginPost({ username: "viewer1", password: "not the password" });
    const unknown = await loginPost({ username: "nobody", password: "not the password" });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain("用户名或密码不正确");
    expect(unknown.body).toContain("用户名或密码不正确");
    await loginPost({ username: "viewer1", password: "wrong again 1" });
    await loginPost({ username: "viewer1", password: "wrong again 2" });
    const locked = await loginPost({ username: "viewer1", password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers["retry-after"]).toBeDefined();
    expect(locked.body).toContain("密码错误次数过多");
    // Someone else, from another address, still logs in to the same account.
    const elsewhere = await s.app.inject({
      method: "POST",
      url: "/console/login",
      remoteAddress: "198.51.100.7",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: formBody({ username: "viewer1", password: TEST_PASSWORD }),
    });
    expect(elsewhere.statusCode).toBe(303);
  });

  it("counts parallel guesses before checking them, so a burst cannot slip past the limit", async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => loginPost({ username: "admin1", password: `guess number ${i}` })));
    const codes = burst.map((r) => r.statusCode);
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true);
    let wrong = codes.filter((c) => c === 401).length;
    for (let i = 0; i < 5; i++) if ((await loginPost({ username: "admin1", password: `one more guess ${i}` })).statusCode === 401) wrong++;
    expect(wrong).toBe(3); // CONSOLE_LOGIN_FAIL_MAX, however the guesses were timed
    const locked = await loginPost({ username: "admin1", password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain("密码错误次数过多");
  });

  it("never redirects outside the console after login", async () => {
    expect(safeNext("https://evil.example/")).toBe("/console");
    expect(safeNext("//evil.example/console")).toBe("/console");
    expect(safeNext("/console//evil")).toBe("/console");
    expect(safeNext("/console/eval?run=1")).toBe("/console/eval?run=1");
  });
});

describe("CSRF and roles", () => {
  it("refuses a change without the CSRF token, and one from another site even with it", async () => {
    const none = await s.admin.post("/console/users", { username: "x-csrf", role: "viewer", password: "long enough pw" }, { csrf: false });
    expect(none.statusCode).toBe(403);
    expect(none.body).toContain("CSRF");
    const cross = await s.app.inject({
      method: "POST",
      url: "/console/users",
      headers: { cookie: s.admin.cookie, "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
      payload: formBody({ username: "x-cross", role: "viewer", password: "long enough pw", _csrf: s.admin.csrf }),
    });
    expect(cross.statusCode).toBe(403);
    expect(await s.runtime.ops.console.staff.byUsername("x-csrf")).toBeUndefined();
    expect(await s.runtime.ops.console.staff.byUsername("x-cross")).toBeUndefined();
  });

  it("lets only a 管理员 manage accounts, and audits what it did", async () => {
    const page = await s.viewer.get("/console/users");
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain("管理员");
    const add = await s.editor.post("/console/users", { username: "x-editor", role: "admin", password: "long enough pw" });
    expect(add.statusCode).toBe(403);
    const ok = await s.admin.post("/console/users", { username: "newstaff", displayName: "新同事", role: "编辑", password: "long enough pw" });
    expect(ok.statusCode).toBe(303);
    expect((await s.runtime.ops.console.staff.byUsername("newstaff"))?.role).toBe("editor");
    const entries = await s.runtime.ops.console.audit.list(5);
    expect(entries[0]).toMatchObject({ username: "admin1", action: "添加账户", detail: { 账户: "newstaff", 角色: "编辑" } });
    expect(JSON.stringify(entries)).not.toContain("long enough pw");
  });

  it("ends every session of an account that is switched off", async () => {
    const c = await s.login("newstaff", "long enough pw");
    expect((await c.get("/console/audit")).statusCode).toBe(200);
    expect((await s.admin.post("/console/users/disable", { username: "newstaff" })).statusCode).toBe(303);
    expect((await c.get("/console/audit")).statusCode).toBe(303);
  });

  it("logs out: the cookie no longer opens a page", async () => {
    const c = await s.login("editor1");
    const out = await c.post("/console/logout");
    expect(out.statusCode).toBe(303);
    expect((await c.get("/console/audit", { accept: "application/json" })).statusCode).toBe(401);
  });
});

describe("multipart forms", () => {
  const multipart = (fields: Record<string, string>, file: { name: string; content: string }) => {
    const boundary = "----kjzs-test-boundary";
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`);
    return { body: parts.join("") + `--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
  };

  it("checks the CSRF token of a multipart form from its _csrf field", async () => {
    const without = multipart({ username: "mp-user" }, { name: "a.txt", content: "x" });
    const refused = await s.app.inject({ method: "POST", url: "/console/users", headers: { cookie: s.admin.cookie, "content-type": without.type }, payload: without.body });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("CSRF");
    const withToken = multipart({ _csrf: s.admin.csrf, username: "mp-user", role: "viewer", password: "long enough pw" }, { name: "a.txt", content: "x" });
    const ok = await s.app.inject({ method: "POST", url: "/console/users", headers: { cookie: s.admin.cookie, "content-type": withToken.type }, payload: withToken.body });
    expect(ok.statusCode).toBe(303);
    expect((await s.runtime.ops.console.staff.byUsername("mp-user"))?.role).toBe("viewer");
    expect((await s.login("mp-user", "long enough pw")).username).toBe("mp-user"); // the password field itself was read
  });

  it("turns away an upload without a session before reading it, and the login form takes no upload", async () => {
    const big = multipart({ _csrf: "x" }, { name: "big.xlsx", content: "x".repeat(200_000) });
    const anon = await s.app.inject({ method: "POST", url: "/console/eval/import", headers: { "content-type": big.type, accept: "application/json" }, payload: big.body });
    expect(anon.statusCode).toBe(401);
    const login = await s.app.inject({ method: "POST", url: "/console/login", headers: { "content-type": big.type }, payload: big.body });
    expect(login.statusCode).toBe(415);
  });
});
