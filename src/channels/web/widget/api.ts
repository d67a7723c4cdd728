// Browser-side calls to the assistant API. Every failure becomes a WidgetError with a Chinese line
// fit to show in the panel; nothing raw (stack, HTML error page) ever reaches the user.
import { createSseParser } from "./sse-parser.js";

/** The parts of the answer contract the widget uses (see src/core/types.ts AnswerResult). */
export interface WidgetAnswer {
  answer: string;
  refused: boolean;
  topics: { id: number; name: string; program: string; score: number }[];
  citations: { id: string; title: string; source: string; quote: string }[];
  verdict?: "eligible" | "ineligible" | "uncertain";
  followUp?: string;
  sessionId: string;
  /** Present when the server logs answers; enables the thumbs. */
  messageId?: string;
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

const MESSAGES: Record<string, string> = {
  network: "网络连接失败，请检查网络后重试。",
  rate_limited: "提问太频繁了，请稍等片刻再试。",
  payload_too_large: "问题太长了，请精简后再试。",
  server: "服务暂时不可用，请稍后再试。",
  aborted: "已停止。",
  protocol: "回答中断，请重试。",
};

/** Map a non-2xx response to a readable error, preferring the API's own Chinese message for 4xx. */
async function responseError(res: Response): Promise<WidgetError> {
  if (res.status === 429) return new WidgetError(MESSAGES.rate_limited, "rate_limited");
  if (res.status === 413) return new WidgetError(MESSAGES.payload_too_large, "payload_too_large");
  if (res.status >= 500) return new WidgetError(MESSAGES.server, "server");
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new WidgetError(body.error.message, body.error.code ?? "client");
  } catch {
    // not JSON: fall through to the generic line
  }
  return new WidgetError(`请求失败（${res.status}），请稍后再试。`, "client");
}

function networkError(err: unknown): WidgetError {
  if (err instanceof WidgetError) return err;
  if (err instanceof DOMException && err.name === "AbortError") return new WidgetError(MESSAGES.aborted, "aborted");
  return new WidgetError(MESSAGES.network, "network");
}

export async function fetchTopics(base: string): Promise<WidgetTopic[]> {
  let res: Response;
  try {
    res = await fetch(`${base}/api/topics`, { headers: { accept: "application/json" } });
  } catch (err) {
    throw networkError(err);
  }
  if (!res.ok) throw await responseError(res);
  const body = (await res.json()) as { topics: WidgetTopic[] };
  return body.topics;
}

export interface StreamHandlers {
  onDelta(text: string): void;
}

/** POST /api/chat and follow the event stream until `done`; resolves with the final answer. */
export async function streamChat(
  base: string,
  body: { question: string; sessionId?: string },
  handlers: StreamHandlers,
  signal?: AbortSignal,
): Promise<WidgetAnswer> {
  let res: Response;
  try {
    res = await fetch(`${base}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    throw networkError(err);
  }
  if (!res.ok || !res.body) throw await responseError(res);

  let done: WidgetAnswer | undefined;
  let failure: WidgetError | undefined;
  const parser = createSseParser((ev) => {
    if (done || failure) return;
    try {
      if (ev.event === "delta") handlers.onDelta((JSON.parse(ev.data) as { text: string }).text);
      else if (ev.event === "done") done = JSON.parse(ev.data) as WidgetAnswer;
      else if (ev.event === "error") {
        const e = JSON.parse(ev.data) as { code?: string; message?: string };
        failure = new WidgetError(e.message || MESSAGES.server, e.code ?? "server");
      }
    } catch {
      failure = new WidgetError(MESSAGES.protocol, "protocol");
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
    throw networkError(err);
  } finally {
    parser.end();
    // Stop reading once we have what we need; harmless if the stream already ended.
    reader.cancel().catch(() => undefined);
  }
  if (failure) throw failure;
  if (!done) throw new WidgetError(MESSAGES.protocol, "protocol");
  return done;
}

/** POST /api/feedback for one answer; throws a WidgetError on failure. */
export async function sendFeedback(base: string, body: { messageId: string; rating: "up" | "down"; comment?: string }): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${base}/api/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw networkError(err);
  }
  if (!res.ok) throw await responseError(res);
}
