// Evaluates a running server through `POST /api/ask` (the web channel's fixed contract). Sessions are the
// server's: the first turn sends no sessionId and later turns send back the one the server issued.
import type { AnswerResult } from "../core/types.js";
import type { AskClient } from "./ask-client.js";

export interface HttpClientOptions {
  /** Per-request timeout. */
  timeoutMs?: number;
  /** How often to wait and retry after 429 (the server's rate limit applies to eval too). */
  maxRetries?: number;
  /** Longest single wait on Retry-After, so a misconfigured server cannot stall the run. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class HttpAskError extends Error {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = "HttpAskError";
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function assertAnswerResult(v: unknown): asserts v is AnswerResult {
  const o = v as Partial<AnswerResult> | null;
  const ok =
    typeof o === "object" &&
    o !== null &&
    typeof o.answer === "string" &&
    typeof o.refused === "boolean" &&
    Array.isArray(o.topics) &&
    Array.isArray(o.citations) &&
    typeof o.sessionId === "string";
  if (!ok) throw new HttpAskError("response is not an AnswerResult (answer, refused, topics, citations, sessionId)");
}

export function httpClient(baseUrl: string, opts: HttpClientOptions = {}): AskClient {
  let url: URL;
  try {
    url = new URL("/api/ask", baseUrl);
  } catch {
    throw new HttpAskError(`--url "${baseUrl}" is not a URL such as http://127.0.0.1:3000`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new HttpAskError(`--url must be http(s), got "${baseUrl}"`);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxRetries = opts.maxRetries ?? 5;
  const maxWaitMs = opts.maxWaitMs ?? 65_000;
  const sleep = opts.sleep ?? defaultSleep;

  return {
    target: new URL(baseUrl).origin,
    async ask(question, sessionId) {
      for (let attempt = 0; ; attempt++) {
        let res: Response;
        const t0 = performance.now();
        try {
          res = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json" },
            body: JSON.stringify(sessionId ? { question, sessionId } : { question }),
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (e) {
          const cause = (e as { cause?: { code?: string } }).cause?.code;
          throw new HttpAskError(`cannot reach ${url.origin}: ${cause ?? (e as Error).message}`);
        }
        const body: unknown = await res.json().catch(() => undefined);
        const ms = performance.now() - t0;
        if (res.status === 429 && attempt < maxRetries) {
          const retryAfter = Number(res.headers.get("retry-after"));
          await sleep(Math.min(maxWaitMs, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000));
          continue;
        }
        if (!res.ok) {
          const err = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
          throw new HttpAskError(`HTTP ${res.status}${err ? ` ${err.code ?? ""}: ${err.message ?? ""}` : ""}`.trim(), res.status);
        }
        assertAnswerResult(body);
        return { result: body, ms };
      }
    },
  };
}
