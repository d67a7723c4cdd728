// Calls to the WeChat/WeCom server APIs (JSON with errcode/errmsg), with the access_token attached and
// refreshed once when the platform says it is invalid or expired. Shared by the 公众号 and WeCom senders.
import { makeAccessTokenCache } from "./access-token.js";

export class PlatformApiError extends Error {
  constructor(
    public readonly errcode: number,
    message: string,
  ) {
    super(message);
    this.name = "PlatformApiError";
  }
}

export interface PlatformClientOptions {
  base: string;
  /** /cgi-bin/gettoken (WeCom) or /cgi-bin/token (公众号), and its query (credentials). */
  tokenPath: string;
  tokenQuery: Record<string, string>;
  timeoutMs?: number;
}

export interface PlatformClient {
  /** POST `body` to `path?access_token=…`; throws PlatformApiError on a non-zero errcode. */
  post(path: string, body: unknown): Promise<void>;
}

// invalid credential / invalid access_token / access_token expired: fetch a new token and retry once.
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

interface ApiReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

export function makePlatformClient(opts: PlatformClientOptions): PlatformClient {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const call = async (path: string, query: Record<string, string>, body?: unknown): Promise<ApiReply> => {
    const url = new URL(path, opts.base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new PlatformApiError(-1, `${path}: HTTP ${res.status}`);
    return (await res.json()) as ApiReply;
  };
  const tokens = makeAccessTokenCache(async () => {
    const r = await call(opts.tokenPath, opts.tokenQuery);
    if (r.errcode || !r.access_token) throw new PlatformApiError(r.errcode ?? -1, `${opts.tokenPath}: ${r.errmsg ?? "no access_token"}`);
    return { token: r.access_token, expiresIn: r.expires_in ?? 7200 };
  });

  return {
    async post(path, body) {
      for (let attempt = 0; ; attempt++) {
        const token = await tokens.get();
        const r = await call(path, { access_token: token }, body);
        if (!r.errcode) return;
        if (TOKEN_ERRORS.has(r.errcode) && attempt === 0) {
          tokens.invalidate(token);
          continue;
        }
        throw new PlatformApiError(r.errcode, `${path}: ${r.errmsg ?? r.errcode}`);
      }
    },
  };
}
