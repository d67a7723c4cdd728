// A local stand-in for the WeChat/WeCom API hosts: a real HTTP server on 127.0.0.1:0 that issues
// access_tokens and records sent messages, speaking the platform's JSON (errcode/errmsg) protocol.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentMessage {
  accessToken: string;
  body: Record<string, unknown>;
}

export interface FakePlatform {
  base: string;
  /** Credentials each token request carried, in order. */
  tokenRequests: Record<string, string>[];
  sent: SentMessage[];
  /** The platform forgets every token it issued: the next send answers 42001. */
  expireTokens(): void;
  /** Resolves once `n` messages were accepted. */
  waitForSent(n: number, timeoutMs?: number): Promise<SentMessage[]>;
  close(): Promise<void>;
}

export interface FakePlatformOptions {
  /** Path of the token API: WeCom /cgi-bin/gettoken, 公众号 /cgi-bin/token. */
  tokenPath: string;
  /** Path of the send API: WeCom /cgi-bin/message/send, 公众号 /cgi-bin/message/custom/send. */
  sendPath: string;
  /** Query parameters the token request must carry, e.g. { corpid, corpsecret }. */
  credentials: Record<string, string>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let s = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (s += c));
    req.on("end", () => resolve(s));
    req.on("error", reject);
  });

export async function startFakePlatform(opts: FakePlatformOptions): Promise<FakePlatform> {
  const valid = new Set<string>();
  let issued = 0;
  const tokenRequests: Record<string, string>[] = [];
  const sent: SentMessage[] = [];
  const waiters: { n: number; resolve: (s: SentMessage[]) => void }[] = [];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const json = (body: unknown) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "GET" && url.pathname === opts.tokenPath) {
        const q = Object.fromEntries(url.searchParams);
        tokenRequests.push(q);
        if (Object.entries(opts.credentials).some(([k, v]) => q[k] !== v)) return json({ errcode: 40013, errmsg: "invalid credential" });
        const token = `fake-token-${++issued}`;
        valid.add(token);
        return json({ errcode: 0, errmsg: "ok", access_token: token, expires_in: 7200 });
      }
      if (req.method === "POST" && url.pathname === opts.sendPath) {
        const accessToken = url.searchParams.get("access_token") ?? "";
        const raw = await readBody(req);
        if (!valid.has(accessToken)) return json({ errcode: 42001, errmsg: "access_token expired" });
        sent.push({ accessToken, body: JSON.parse(raw) as Record<string, unknown> });
        for (const w of waiters.filter((x) => sent.length >= x.n)) w.resolve([...sent]);
        return json({ errcode: 0, errmsg: "ok" });
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    base: `http://127.0.0.1:${port}`,
    tokenRequests,
    sent,
    expireTokens: () => valid.clear(),
    waitForSent(n, timeoutMs = 3000) {
      if (sent.length >= n) return Promise.resolve([...sent]);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`only ${sent.length} of ${n} messages sent`)), timeoutMs);
        waiters.push({ n, resolve: (s) => (clearTimeout(t), resolve(s)) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
