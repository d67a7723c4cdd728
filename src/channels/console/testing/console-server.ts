// Test helper: the production server stack with one account per role, and a logged-in client per
// account that drives the console through app.inject (cookie and CSRF token handled like a browser).
import type { LightMyRequestResponse } from "fastify";
import { startOpsServer, type OpsServer } from "../../../ops/testing/ops-server.js";
import type { Role } from "../../../ops/staff/roles.js";
import { SESSION_COOKIE } from "../auth.js";

export const TEST_PASSWORD = "correct horse battery";

export interface ConsoleClient {
  username: string;
  cookie: string;
  csrf: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** POSTs a form (urlencoded) with the CSRF token added unless `csrf: false`. */
  post(url: string, form?: Record<string, string | string[]>, opts?: { csrf?: boolean; json?: boolean }): Promise<LightMyRequestResponse>;
}

export interface ConsoleServer extends OpsServer {
  admin: ConsoleClient;
  editor: ConsoleClient;
  viewer: ConsoleClient;
  login(username: string, password?: string): Promise<ConsoleClient>;
}

export function formBody(form: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

export async function startConsoleServer(env: Record<string, string> = {}, dataDir?: string): Promise<ConsoleServer> {
  const server = await startOpsServer({ CONSOLE_LOGIN_FAIL_MAX: "1000", ...env }, dataDir);
  const staff = server.runtime.ops.console.staff;
  const accounts: [string, Role][] = [["admin1", "admin"], ["editor1", "editor"], ["viewer1", "viewer"]];
  for (const [username, role] of accounts) {
    if (!await staff.byUsername(username)) await staff.add({ username, role, password: TEST_PASSWORD, displayName: `${username} 测试` });
  }

  const login = async (username: string, password = TEST_PASSWORD): Promise<ConsoleClient> => {
    const res = await server.app.inject({
      method: "POST",
      url: "/console/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: formBody({ username, password }),
    });
    const set = [res.headers["set-cookie"] ?? []].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (res.statusCode !== 303 || !set) throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
    const cookie = set.split(";")[0];
    const page = await server.app.inject({ method: "GET", url: "/console/audit", headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!csrf) throw new Error("no CSRF token on the console page");
    const client: ConsoleClient = {
      username,
      cookie,
      csrf,
      get: (url, headers = {}) => server.app.inject({ method: "GET", url, headers: { cookie, ...headers } }),
      post: (url, form = {}, opts = {}) =>
        server.app.inject({
          method: "POST",
          url,
          headers: {
            cookie,
            "content-type": "application/x-www-form-urlencoded",
            ...(opts.json && { accept: "application/json" }),
          },
          payload: formBody(opts.csrf === false ? form : { ...form, _csrf: csrf }),
        }),
    };
    return client;
  };

  return { ...server, admin: await login("admin1"), editor: await login("editor1"), viewer: await login("viewer1"), login };
}
