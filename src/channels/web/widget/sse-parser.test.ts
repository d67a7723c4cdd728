import { describe, expect, it } from "vitest";
import { createSseParser, parseSse, type SseEvent } from "./sse-parser.js";

describe("SSE parser", () => {
  it("parses named events with JSON data", () => {
    expect(parseSse('event: delta\ndata: {"text":"你好"}\n\nevent: done\ndata: {"answer":"x"}\n\n')).toEqual([
      { event: "delta", data: '{"text":"你好"}' },
      { event: "done", data: '{"answer":"x"}' },
    ]);
  });

  it("is independent of chunk boundaries, including a CRLF split across chunks", () => {
    const text = 'event: delta\r\ndata: {"text":"科技"}\r\n\r\n: heartbeat\r\n\r\nevent: done\r\ndata: {}\r\n\r\n';
    for (let size = 1; size <= 7; size++) {
      const out: SseEvent[] = [];
      const p = createSseParser((e) => out.push(e));
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
      p.end();
      expect(out).toEqual([
        { event: "delta", data: '{"text":"科技"}' },
        { event: "done", data: "{}" },
      ]);
    }
  });

  it("joins multi-line data, defaults the event name, ignores comments and keeps ids", () => {
    expect(parseSse(": ping\nid: 7\ndata: a\ndata: b\n\n")).toEqual([{ event: "message", data: "a\nb", id: "7" }]);
  });

  it("drops an event whose terminating blank line never arrived", () => {
    expect(parseSse('event: done\ndata: {"answer":"partial"}\n')).toEqual([]);
  });

  it("accepts data without a space after the colon and bare CR line ends", () => {
    expect(parseSse("event:delta\rdata:x\r\r")).toEqual([{ event: "delta", data: "x" }]);
  });
});
