// Optional LLM answer writer. It rewrites the grounded draft in natural language using only the
// retrieved context; the pipeline then runs the grounding guard and falls back to the draft on any problem.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { Templates } from "./templates.js";

export interface LlmContextItem {
  n: number; // 1-based marker the model cites as [n]
  id: string;
  title: string;
  text: string;
}

export interface LlmRequest {
  question: string;
  lang: "zh" | "en";
  draft: string;
  context: LlmContextItem[];
  signal?: AbortSignal;
  /** When set the model is called in streaming mode (the pipeline buffers until the guard passes). */
  streaming?: boolean;
}

export interface LlmReply {
  text: string; // without [n] markers
  cited: number[]; // markers used
}

export interface LlmComposer {
  readonly id: string;
  compose(req: LlmRequest): Promise<LlmReply>;
}

function fill(tpl: string, vars: Record<string, string>): string {
  return tpl.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? "");
}

/** Split "[1][3]" style markers out of the model's text. */
export function extractMarkers(text: string): LlmReply {
  const cited = new Set<number>();
  const cleaned = text.replace(/\[(\d{1,2})\]/g, (_, n: string) => {
    cited.add(Number(n));
    return "";
  });
  return { text: cleaned.replace(/[ \t]+\n/g, "\n").trim(), cited: [...cited] };
}

export function makeLlmComposer(model: BaseChatModel, prompts: Templates, timeoutMs: number): LlmComposer {
  return {
    id: `llm:${model.getName()}`,
    async compose(req) {
      const system = prompts.system ?? "";
      const user = fill(prompts.answer ?? "{{question}}", {
        question: req.question,
        language: req.lang === "en" ? "English" : "简体中文",
        draft: req.draft,
        context: req.context.map((c) => `[${c.n}] ${c.title}\n${c.text}`).join("\n\n"),
      });
      const signal = req.signal ? AbortSignal.any([req.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      const messages = [new SystemMessage(system), new HumanMessage(user)];
      let text = "";
      if (req.streaming) {
        const stream = await model.stream(messages, { signal });
        for await (const chunk of stream) text += typeof chunk.content === "string" ? chunk.content : "";
      } else {
        const msg = await model.invoke(messages, { signal });
        text = typeof msg.content === "string" ? msg.content : "";
      }
      if (!text.trim()) throw new Error("LLM returned an empty answer");
      return extractMarkers(text);
    },
  };
}
