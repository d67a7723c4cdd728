import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../config.js";
import type { Logger } from "../../../core/types.js";
import { buildApp } from "../app.js";
import { makeFakeAssistant } from "../testing/fake-assistant.js";

const PARTNER = "https://partner.example.test";
const STRANGER = "https://stranger.example.test";
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setup() {
  const warnings: { obj: Record<string, unknown>; msg?: string }[] = [];
  const logger: Logger = {
    info: () => undefined,
    debug: () => undefined,
    error: () => undefined,
    warn: (obj, msg) => void warnings.push({ obj: typeof obj === "string" ? { msg: obj } : (obj as Record<string, unknown>), msg }),
  };
  app = await buildApp({ assistant: makeFakeAssistant(), config: loadConfig({ LOG_LEVEL: "warn", WIDGET_ORIGINS: PARTNER }), logger });
  return { app, warnings };
}

describe("GET /api/origin-check", () => {
  it("says whether the caller's origin may use the API, to any origin, and nothing else", async () => {
    const { app } = await setup();
    for (const [origin, allowed] of [[PARTNER, true], [STRANGER, false]] as const) {
      const res = await app.inject({ url: "/api/origin-check", headers: { origin } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ allowed });
      expect(res.headers["access-control-allow-origin"]).toBe("*");
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(String(res.headers.vary)).toMatch(/origin/i);
    }
    // No Origin: not a cross-site browser call, allowed as everywhere else.
    expect((await app.inject("/api/origin-check")).json()).toEqual({ allowed: true });
  });

  it("the rest of the API still refuses the stranger with 403", async () => {
    const { app } = await setup();
    const res = await app.inject({ method: "POST", url: "/api/chat", headers: { origin: STRANGER }, payload: { question: "你好" } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: "origin_not_allowed" } });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("logs a refused origin at warn level with the origin, once per origin however busy the site", async () => {
    const { app, warnings } = await setup();
    await app.inject({ url: "/api/origin-check", headers: { origin: STRANGER } });
    for (let i = 0; i < 5; i++) {
      await app.inject({ method: "POST", url: "/api/ask", headers: { origin: STRANGER }, payload: { question: "你好" } });
    }
    await app.inject({ url: "/api/origin-check", headers: { origin: PARTNER } });
    await app.inject({ method: "POST", url: "/api/ask", headers: { origin: "https://other.example.test" }, payload: { question: "你好" } });
    const refused = warnings.filter((w) => w.msg?.includes("origin refused"));
    expect(refused.map((w) => [w.obj.origin, w.obj.path])).toEqual([
      [STRANGER, "/api/origin-check"],
      ["https://other.example.test", "/api/ask"],
    ]);
  });
});
