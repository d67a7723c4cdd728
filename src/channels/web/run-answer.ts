// Calls the assistant for one web request with a deadline and client-disconnect cancellation, so a
// stuck pipeline can never hold a request (or its socket) open past REQUEST_TIMEOUT_MS.
import type { AnswerInput, AnswerResult, Assistant } from "../../core/types.js";
import { ApiError } from "./errors.js";

export interface RunAnswerOptions {
  timeoutMs: number;
  /** Aborted when the client goes away. */
  clientSignal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** Salted hash of the client IP, for the message log. */
  userHash?: string;
}

export async function runAnswer(assistant: Assistant, input: AnswerInput, opts: RunAnswerOptions): Promise<AnswerResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onClientAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new ApiError("timeout", `answer took longer than ${opts.timeoutMs} ms`);
      controller.abort(err);
      reject(err);
    }, opts.timeoutMs);
    onClientAbort = () => {
      const err = new ApiError("invalid_request", "client closed the connection");
      controller.abort(err);
      reject(err);
    };
    if (opts.clientSignal?.aborted) onClientAbort();
    else opts.clientSignal?.addEventListener("abort", onClientAbort, { once: true });
  });
  stopped.catch(() => undefined); // the race below observes it; avoid an unhandled rejection

  const onDelta = opts.onDelta;
  try {
    return await Promise.race([
      assistant.answer(input, {
        channel: "web",
        ...(opts.userHash && { userHash: opts.userHash }),
        signal: controller.signal,
        // Pieces arriving after a timeout or disconnect have nowhere to go.
        onDelta: onDelta && ((text) => (controller.signal.aborted ? undefined : onDelta(text))),
      }),
      stopped,
    ]);
  } finally {
    clearTimeout(timer);
    if (onClientAbort) opts.clientSignal?.removeEventListener("abort", onClientAbort);
  }
}
