// Factory for the optional chat model: any OpenAI-compatible /chat/completions endpoint (Qwen, DeepSeek, Ollama, vLLM).
// Type-only at the top: the client is imported on demand so the offline default never loads it.
import type { ChatOpenAI } from "@langchain/openai";

export interface ChatModelSettings {
  baseUrl: string;
  model: string;
  apiKey: string;
  timeoutMs: number;
  temperature: number;
}

export async function makeChatModel(s: ChatModelSettings): Promise<ChatOpenAI> {
  const { ChatOpenAI } = await import("@langchain/openai");
  return new ChatOpenAI({
    model: s.model,
    apiKey: s.apiKey,
    temperature: s.temperature,
    timeout: s.timeoutMs,
    maxRetries: 0, // a retry would blow the request budget; the grounded composer is the fallback
    useResponsesApi: false, // compatible servers implement chat/completions only
    configuration: { baseURL: s.baseUrl },
  });
}
