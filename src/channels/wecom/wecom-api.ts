// The two 企业微信 server APIs the channel needs: /cgi-bin/gettoken and /cgi-bin/message/send (text to one
// member, from the self-built app). The base URL comes from config, so tests talk to a local fake platform.
import { makeAccessTokenCache } from "./access-token.js";

export class WecomApiError extends Error {
  constructor(
    public readonly errcode: number,
    message: string,
  ) {
    super(message);
    this.name = "WecomApiError";
  }
}

export interface WecomApiOptions {
  base: string;
  corpId: string;
  secret: string;
  agentId: number;
  timeoutMs?: number;
}

export interface WecomApi {
  sendText(toUser: string, content: string): Promise<void>;
}

// invalid credential / invalid access_token / access_token expired: fetch a new token and retry once.
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

interface ApiReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

export function makeWecomApi(opts: WecomApiOptions): WecomApi {
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
    if (!res.ok) throw new WecomApiError(-1, `${path}: HTTP ${res.status}`);
    return (await res.json()) as ApiReply;
  };
  const tokens = makeAccessTokenCache(async () => {
    const r = await call("/cgi-bin/gettoken", { corpid: opts.corpId, corpsecret: opts.secret });
    if (r.errcode || !r.access_token) throw new WecomApiError(r.errcode ?? -1, `gettoken: ${r.errmsg ?? "no access_token"}`);
    return { token: r.access_token, expiresIn: r.expires_in ?? 7200 };
  });

  return {
    async sendText(toUser, content) {
      const body = { touser: toUser, msgtype: "text", agentid: opts.agentId, text: { content } };
      for (let attempt = 0; ; attempt++) {
        const token = await tokens.get();
        const r = await call("/cgi-bin/message/send", { access_token: token }, body);
        if (!r.errcode) return;
        if (TOKEN_ERRORS.has(r.errcode) && attempt === 0) {
          tokens.invalidate(token);
          continue;
        }
        throw new WecomApiError(r.errcode, `message/send: ${r.errmsg ?? r.errcode}`);
      }
    },
  };
}
