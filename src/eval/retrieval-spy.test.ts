import { describe, expect, it } from "vitest";
import type { Chunk, Retriever } from "../core/types.js";
import { inProcessClient } from "./ask-client.js";
import { spyOnRetriever } from "./retrieval-spy.js";
import { makeScriptedAssistant } from "./testing/scripted-assistant.js";

const chunk = (id: string): Chunk => ({ id, docId: id.split("#")[0], kind: "plan", headingPath: [], text: "", file: "f", lineStart: 1, lineEnd: 1 });

describe("spyOnRetriever", () => {
  it("passes results through and records the ids returned per answer", async () => {
    const inner: Retriever = { search: async (q) => (q === "a" ? [{ chunk: chunk("plan#1"), score: 1 }] : [{ chunk: chunk("plan#2"), score: 1 }]) };
    const spy = spyOnRetriever(inner);
    // An assistant whose answer runs two searches through the spied retriever.
    const assistant = makeScriptedAssistant(() => ({ answer: "x" }));
    const answer = assistant.answer.bind(assistant);
    assistant.answer = async (input, opts) => {
      await spy.retriever.search(input.question, 5);
      await spy.retriever.search("b", 5);
      return answer(input, opts);
    };
    const client = inProcessClient(assistant, spy);
    await spy.retriever.search("stale", 5); // before the call: must not leak into it
    const first = await client.ask("a");
    expect([...first.retrieved!].sort()).toEqual(["plan#1", "plan#2"]);
    const second = await client.ask("c");
    expect([...second.retrieved!]).toEqual(["plan#2"]);
    expect((await inProcessClient(assistant).ask("a")).retrieved).toBeUndefined();
  });
});
