// Login, logout and the guards every other console route passes: a session cookie (httpOnly,
// SameSite=Strict, Path=/console, Secure behind HTTPS), a CSRF token on every change, a same-origin
// check on every POST (also before login, against login CSRF), and wrong passwords counted per account
// and per IP with a lockout window.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { timingSafeEqual } from "node:crypto";
import { ApiError } from "../web/errors.js";
import { clientKey, retryText } from "../web/plugins/rate-limit.js";
import type { ConsoleDeps } from "./context.js";
import { field, rawField, wantsJson } from "./context.js";
import { html } from "./html.js";
import { renderPage } from "./layout.js";

export const SESSION_COOKIE = "kjzs_console";

/** Password checks running at once; more get 429 (scrypt holds a libuv thread for ~150 ms). */
const LOGIN_CONCURRENCY = 2;
/** Wrong passwords for one account from all addresses together, as a multiple of CONSOLE_LOGIN_FAIL_MAX. */
const ACCOUNT_FACTOR = 10;

/** Paths reachable without a session. */
const PUBLIC = new Set(["/console/login", "/console/assets/console.css", "/console/assets/console.js"]);

const sameBytes = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A request a browser sent from another site (Sec-Fetch-Site, else Origin against Host). */
function crossSite(req: FastifyRequest): boolean {
  const site = req.headers["sec-fetch-site"];
  if (typeof site === "string") return site !== "same-origin" && site !== "none";
  const origin = req.headers.origin;
  if (!origin) return false; // not a browser, or an old one: the CSRF token still has to match
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

function csrfOf(req: FastifyRequest): string | undefined {
  const h = req.headers["x-csrf-token"];
  if (typeof h === "string") return h;
  return field(req.body, "_csrf");
}

/** Where to go after login: only a path inside the console, never another site. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/console(\/[\w\-./?=&%]*)?$/.test(next) && !next.includes("//") ? next : "/console";
}

async function loginPage(req: FastifyRequest, deps: ConsoleDeps, message?: string, username = ""): Promise<string> {
  const next = safeNext((req.query as Record<string, unknown>).next ?? field(req.body, "next"));
  const none = await deps.services.staff.count() === 0;
  return renderPage(req, {
    title: "登录",
    active: "",
    body: html`${none
      ? html`<p class="notice" role="status">还没有任何账户。请管理员在服务器上运行：<code>npm run user -- add 用户名 --role 管理员</code></p>`
      : null}
${message ? html`<p class="error" role="alert">${message}</p>` : null}
<form method="post" action="/console/login" class="login">
  <input type="hidden" name="next" value="${next}">
  <label>用户名<input name="username" autocomplete="username" required value="${username}" autofocus></label>
  <label>密码<input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">登录</button>
</form>`,
  });
}

export function registerAuth(app: FastifyInstance, deps: ConsoleDeps): void {
  const { config, services } = deps;
  const windowMs = config.CONSOLE_LOGIN_FAIL_WINDOW_S * 1000;
  // Per address and account: guessing from one place locks only that place out of that account, so
  // nobody can lock a colleague out by typing wrong passwords on purpose. Per account from everywhere,
  // a looser limit against guesses spread over many addresses; per address, against trying many accounts.
  // With REDIS_URL the counts are shared by all replicas (attempt-counter.ts).
  const { attempts } = deps;
  const byUser = attempts({ name: "login-user", max: config.CONSOLE_LOGIN_FAIL_MAX, windowMs });
  const byAccount = attempts({ name: "login-account", max: config.CONSOLE_LOGIN_FAIL_MAX * ACCOUNT_FACTOR, windowMs });
  const byIp = attempts({ name: "login-ip", max: config.CONSOLE_LOGIN_FAIL_MAX * 4, windowMs }); // one office shares an address
  let verifying = 0;
  const cookie = {
    path: "/console",
    httpOnly: true,
    sameSite: "strict" as const,
    secure: config.CONSOLE_COOKIE_SECURE,
    maxAge: config.CONSOLE_SESSION_MAX_S,
  };

  // Before any body is read: who is asking. So no one without a session makes the server parse (and
  // hold in memory) an upload, and the login form itself takes no multipart body.
  app.addHook("onRequest", async (req, reply) => {
    const path = req.routeOptions.url ?? "";
    const changes = req.method !== "GET" && req.method !== "HEAD";
    if (changes && crossSite(req)) throw new ApiError("forbidden", "拒绝跨站提交：请在管理后台页面内操作。");
    if (PUBLIC.has(path)) {
      if (changes && req.headers["content-type"]?.startsWith("multipart/")) throw new ApiError("unsupported_media_type", "登录表单不接受文件上传。");
      return;
    }
    const session = await services.staff.session(req.cookies[SESSION_COOKIE]);
    if (!session) {
      if (req.method === "GET" && !wantsJson(req)) {
        return reply.redirect(`/console/login?next=${encodeURIComponent(req.url)}`, 303);
      }
      throw new ApiError("unauthorized", "请先登录管理后台。");
    }
    req.staff = session;
    void reply.header("cache-control", "no-store");
  });

  // After the body is parsed: every change carries the session's CSRF token (header or form field).
  app.addHook("preHandler", async (req) => {
    if (req.method === "GET" || req.method === "HEAD" || !req.staff) return;
    const token = csrfOf(req);
    if (!token || !sameBytes(token, req.staff.csrf)) {
      req.log.warn({ path: req.routeOptions.url, user: req.staff.user.username }, "console change without a valid CSRF token refused");
      throw new ApiError("forbidden", "页面已过期或请求来源不明（CSRF 校验失败），请刷新页面后重试。");
    }
  });

  app.get("/login", async (req, reply) => {
    if (await services.staff.session(req.cookies[SESSION_COOKIE])) return reply.redirect(safeNext((req.query as Record<string, unknown>).next), 303);
    return reply.type("text/html; charset=utf-8").send(await loginPage(req, deps));
  });

  app.post("/login", async (req, reply) => {
    const username = field(req.body, "username") ?? "";
    const password = rawField(req.body, "password");
    const ip = clientKey(req);
    const account = username.toLowerCase();
    const userKey = `${ip}\0${account}`;
    const refuse = async (wait: number) => {
      void reply.header("retry-after", String(Math.ceil(wait / 1000)));
      const message = `密码错误次数过多，请在 ${retryText(wait)}后再试。`;
      if (wantsJson(req)) throw new ApiError("rate_limited", message);
      return reply.code(429).type("text/html; charset=utf-8").send(await loginPage(req, deps, message, username));
    };
    // Refused quickly while any count is full; otherwise the concurrency cap (below) is checked before anything
    // is counted, so a 429 for a busy server costs no attempt.
    const waits = await Promise.all([byUser.waitMs(userKey), byAccount.waitMs(account), byIp.waitMs(ip)]);
    if (Math.max(...waits) > 0) return refuse(Math.max(...waits));
    // At most LOGIN_CONCURRENCY checks run at once: each holds a libuv thread that file reads and other crypto share.
    if (verifying >= LOGIN_CONCURRENCY) {
      void reply.header("retry-after", "1");
      throw new ApiError("rate_limited", "登录请求过多，请稍后再试。");
    }
    // Counted before the (slow) check, each count atomically only while under its limit, so parallel guesses
    // (on any replica) cannot all pass; a right password takes its attempt back. A count that is full gives
    // back the ones taken before it.
    verifying++;
    let user;
    try {
      const counts = [[byUser, userKey], [byAccount, account], [byIp, ip]] as const;
      for (const [i, [counter, key]] of counts.entries()) {
        const wait = await counter.take(key);
        if (wait > 0) {
          await Promise.all(counts.slice(0, i).map(([taken, k]) => taken.refund(k)));
          return await refuse(wait);
        }
      }
      user = typeof password === "string" && username ? await services.staff.checkPassword(username, password) : undefined;
    } finally {
      verifying--;
    }
    if (user) await Promise.all([byUser.forget(userKey), byAccount.refund(account), byIp.refund(ip)]);
    if (!user) {
      req.log.warn({ ipHash: deps.ops.hashId(ip) }, "console login failed");
      const message = "用户名或密码不正确。";
      if (wantsJson(req)) throw new ApiError("unauthorized", message);
      return reply.code(401).type("text/html; charset=utf-8").send(await loginPage(req, deps, message, username));
    }
    const { token } = await services.staff.openSession(user.id);
    await services.audit.record(user.username, "登录");
    // Secure when configured, and always when the request came over HTTPS (directly or via a trusted proxy).
    void reply.setCookie(SESSION_COOKIE, token, { ...cookie, secure: cookie.secure || req.protocol === "https" });
    if (wantsJson(req)) return reply.send({ ok: true, user: { username: user.username, role: user.role } });
    return reply.redirect(safeNext(field(req.body, "next")), 303);
  });

  app.post("/logout", async (req, reply) => {
    await services.staff.closeSession(req.cookies[SESSION_COOKIE]);
    if (req.staff) await services.audit.record(req.staff.user.username, "退出登录");
    void reply.clearCookie(SESSION_COOKIE, { path: "/console" });
    return reply.redirect("/console/login", 303);
  });
}
