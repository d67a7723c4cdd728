import type { FastifyBaseLogger } from "fastify";
import { describe, expect, it } from "vitest";
import { createRefusedOriginLog } from "./refused-origin-log.js";

function capture() {
  const lines: { obj: Record<string, unknown>; msg?: string }[] = [];
  const log = { warn: (obj: Record<string, unknown>, msg?: string) => lines.push({ obj, msg }) } as unknown as FastifyBaseLogger;
  return { log, lines };
}

describe("refused-origin log", () => {
  it("logs an origin once per window, with the origin and path, and again after the window", () => {
    let t = 0;
    const { log, lines } = capture();
    const refused = createRefusedOriginLog({ windowMs: 1000, now: () => t });
    refused.report(log, "https://site.example", "/api/chat");
    refused.report(log, "https://site.example", "/api/chat");
    t = 999;
    refused.report(log, "https://site.example", "/api/ask");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.obj).toEqual({ origin: "https://site.example", path: "/api/chat" });
    expect(lines[0]!.msg).toMatch(/WIDGET_ORIGINS/);
    t = 1000;
    refused.report(log, "https://site.example", "/api/ask");
    expect(lines).toHaveLength(2);
    expect(lines[1]!.obj).toEqual({ origin: "https://site.example", path: "/api/ask", suppressedSinceLastLine: 2 });
  });

  it("caps the lines per window however many origins arrive", () => {
    let t = 0;
    const { log, lines } = capture();
    const refused = createRefusedOriginLog({ windowMs: 1000, maxLines: 3, now: () => t });
    for (let i = 0; i < 500; i++) refused.report(log, `https://x${i}.example`, "/api/chat");
    expect(lines).toHaveLength(3);
    t = 1000;
    refused.report(log, "https://late.example", "/api/chat");
    expect(lines).toHaveLength(4);
    expect(lines[3]!.obj.suppressedSinceLastLine).toBe(497);
  });

  it("bounds what it remembers and what it writes", () => {
    const { log, lines } = capture();
    const refused = createRefusedOriginLog({ windowMs: 1000, maxLines: 100, maxOrigins: 2, now: () => 0 });
    refused.report(log, "https://a.example", "/");
    refused.report(log, "https://b.example", "/");
    refused.report(log, "https://c.example", "/"); // forgets a
    refused.report(log, "https://a.example", "/"); // so a is logged again
    expect(lines.map((l) => l.obj.origin)).toEqual(["https://a.example", "https://b.example", "https://c.example", "https://a.example"]);
    refused.report(log, "https://" + "x".repeat(5000), "/");
    expect(String(lines[4]!.obj.origin)).toHaveLength(200);
  });
});
