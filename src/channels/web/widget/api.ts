// Browser-side calls to the assistant API. Every failure becomes a WidgetError with a line fit to show
// in the panel, in the panel's language; nothing raw (stack, HTML error page) ever reaches the user.
import { createSseParser } from "./sse-parser.js";
import type { Lang } from "./strings.js";

export interface WidgetCitation {
  id: string;
  title: string;
  /** For people: 《…方案》 › 二、(四) › 专题14：科技金融计划. `source` (file:line) is for staff, never shown. */
  label?: string;
  source: string;
  quote: string;
  /** English answers: an unofficial English rendering of the Chinese quote. */
  translation?: { text: string; note: string };
}

/** The parts of the answer contract the widget uses (see src/core/types.ts AnswerResult). */
export interface WidgetAnswer {
  answer: string;
  refused: boolean;
  topics: { id: number; name: string; program: string; score: number }[];
  citations: WidgetCitation[];
  verdict?: "eligible" | "ineligible" | "uncertain";
  followUp?: string;
  sessionId: string;
  /** Present when the server logs answers; enables the thumbs. */
  messageId?: string;
}

/** An earlier turn, as GET /api/session returns it (no messageId: resumed turns cannot be rated). */
export interface ResumedTurn {
  question: string;
  answer: Omit<WidgetAnswer, "sessionId" | "messageId">;
}

export interface WidgetTopic {
  id: number;
  name: string;
  program: string;
  programTheme: string;
  summary: string;
}

export class WidgetError extends Error {
  constructor(
    message: string,
    public readonly code: string,
  ) {
    super(message);
    this.name = "WidgetError";
  }
}

type MessageCode = "network" | "rate_limited" | "payload_too_large" | "server" | "aborted" | "protocol";

const MESSAGES: Record<Lang, Record<MessageCode, string> & { status(n: number): string }> = {
  zh: {
    network: "网络连接失败，请检查网络后重试。",
    rate_limited: "提问太频繁了，请稍等片刻再试。",
    payload_too_large: "问题太长了，请精简后再试。",
    server: "服务暂时不可用，请稍后再试。",
    aborted: "已停止。",
    protocol: "回答中断，请重试。",
    status: (n) => `请求失败（${n}），请稍后再试。`,
  },
  en: {
    network: "Could not connect. Please check the network and try again.",
    rate_limited: "Too many questions in a short time. Please wait a moment.",
    payload_too_large: "The question is too long. Please shorten it.",
    server: "The service is unavailable right now. Please try again later.",
    aborted: "Stopped.",
    protocol: "The answer was cut off. Please try again.",
    status: (n) => `The request failed (${n}). Please try again later.`,
  },
};

/** Where the API is and which language its failure lines are in. */
export interface ApiContext {
  base: string;
  lang: Lang;
}

/** Map a non-2xx response to a readable error, preferring the API's own (Chinese) message for 4xx. */
async function responseError(res: Response, lang: Lang): Promise<WidgetError> {
  const m = MESSAGES[lang];
  if (res.status === 429) return new WidgetError(m.rate_limited, "rate_limited");
  if (res.status === 413) return new WidgetError(m.payload_too_large, "payload_too_large");
  if (res.status >= 500) return new WidgetError(m.server, "server");
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new WidgetError(body.error.message, body.error.code ?? "client");
  } catch {
    // not JSON: fall through to the generic line
  }
  return new WidgetError(m.status(res.status), "client");
}

function networkError(err: unknown, lang: Lang): WidgetError {
  if (err instanceof WidgetError) return err;
  if (err instanceof DOMException && err.name === "AbortError") return new WidgetError(MESSAGES[lang].aborted, "aborted");
  return new WidgetError(MESSAGES[lang].network, "network");
}

async function getJson<T>(api: ApiContext, path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${api.base}${path}`, { headers: { accept: "application/json" } });
  } catch (err) {
    throw networkError(err, api.lang);
  }
  if (!res.ok) throw await responseError(res, api.lang);
  return (await res.json()) as T;
}

export async function fetchTopics(api: ApiContext): Promise<WidgetTopic[]> {
  return (await getJson<{ topics: WidgetTopic[] }>(api, "/api/topics")).topics;
}

/**
 * Whether the assistant lets this page's origin use it (GET /api/origin-check, open to every origin).
 * undefined when it cannot say (network down, an older server): the widget then carries on as before.
 */
export async function checkOrigin(api: ApiContext): Promise<boolean | undefined> {
  try {
    return (await getJson<{ allowed: boolean }>(api, "/api/origin-check")).allowed;
  } catch {
    return undefined;
  }
}

/** The conversation behind a stored token; "gone" when the server no longer knows it (404). */
export async function fetchSession(api: ApiContext, token: string): Promise<{ turns: ResumedTurn[] } | "gone"> {
  try {
    const body = await getJson<{ turns?: ResumedTurn[] }>(api, `/api/session?sessionId=${encodeURIComponent(token)}`);
    return { turns: Array.isArray(body.turns) ? body.turns : [] };
  } catch (err) {
    if (err instanceof WidgetError && (err.code === "not_found" || err.code === "invalid_request")) return "gone";
    throw err;
  }
}

export interface StreamHandlers {
  onDelta(text: string): void;
}

/** POST /api/chat and follow the event stream until `done`; resolves with the final answer. */
export async function streamChat(
  api: ApiContext,
  body: { question: string; sessionId?: string },
  handlers: StreamHandlers,
  signal?: AbortSignal,
): Promise<WidgetAnswer> {
  let res: Response;
  try {
    res = await fetch(`${api.base}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    throw networkError(err, api.lang);
  }
  if (!res.ok || !res.body) throw await responseError(res, api.lang);
  const m = MESSAGES[api.lang];

  let done: WidgetAnswer | undefined;
  let failure: WidgetError | undefined;
  const parser = createSseParser((ev) => {
    if (done || failure) return;
    try {
      if (ev.event === "delta") handlers.onDelta((JSON.parse(ev.data) as { text: string }).text);
      else if (ev.event === "done") done = JSON.parse(ev.data) as WidgetAnswer;
      else if (ev.event === "error") {
        const e = JSON.parse(ev.data) as { code?: string; message?: string };
        failure = new WidgetError(e.message || m.server, e.code ?? "server");
      }
    } catch {
      failure = new WidgetError(m.protocol, "protocol");
    }
  });

  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done: eof } = await reader.read();
      if (eof) break;
      parser.push(value);
      if (done || failure) break;
    }
  } catch (err) {
    throw networkError(err, api.lang);
  } finally {
    parser.end();
    // Stop reading once we have what we need; harmless if the stream already ended.
    reader.cancel().catch(() => undefined);
  }
  if (failure) throw failure;
  if (!done) throw new WidgetError(m.protocol, "protocol");
  return done;
}

/** POST /api/feedback for one answer; throws a WidgetError on failure. */
export async function sendFeedback(api: ApiContext, body: { messageId: string; rating: "up" | "down"; comment?: string }): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${api.base}/api/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw networkError(err, api.lang);
  }
  if (!res.ok) throw await responseError(res, api.lang);
}
