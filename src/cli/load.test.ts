// A short `npm run load` (3 s, 10 connections) against an in-process server on 127.0.0.1:0: zero errors.
import { rawSqlite } from "../ops/sql/sqlite-sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpsServer, type OpsServer } from "../ops/testing/ops-server.js";
import { DEFAULTS, formatReport, loadQuestions, parseLoadArgs, runLoad } from "./load.js";

let s: OpsServer;
let url: string;
beforeAll(async () => {
  s = await startOpsServer();
  url = await s.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await s?.cleanup();
});

describe("npm run load", () => {
  it("3 s × 10 connections against /api/ask: requests served, no errors, timeouts or non-2xx", async () => {
    const report = await runLoad({ ...DEFAULTS, url, durationS: 3, connections: 10 }, s.config);
    expect(report.requests).toBeGreaterThan(30);
    expect(report.errors).toBe(0);
    expect(report.timeouts).toBe(0);
    expect(report.non2xx).toBe(0);
    expect(report.ok2xx).toBe(report.requests);
    expect(report.latencyMs.p99).toBeGreaterThan(0);
    // Questions really vary: many distinct ones reached the message log.
    const distinct = rawSqlite(s.runtime.db).prepare("SELECT count(DISTINCT question) FROM messages").pluck().get() as number;
    expect(distinct).toBeGreaterThan(Math.min(30, report.questions));
    expect(formatReport(report)).toMatch(/req\/s[\s\S]*p50[\s\S]*p99[\s\S]*errors +0 \(timeouts 0\)/);
  }, 30_000);

  it("takes its questions from the eval dataset", async () => {
    const qs = loadQuestions(DEFAULTS.questionsFile, s.config.ROOT_DIR);
    expect(qs.length).toBeGreaterThan(100);
    expect(new Set(qs).size).toBe(qs.length);
  });

  it("parses options, defaulting to 30 s and 50 connections, and rejects bad values", async () => {
    expect(parseLoadArgs([])).toEqual(DEFAULTS);
    expect(DEFAULTS).toMatchObject({ durationS: 30, connections: 50 });
    expect(parseLoadArgs(["--url", "http://127.0.0.1:3000", "--duration", "5", "--connections", "8"])).toMatchObject({
      url: "http://127.0.0.1:3000",
      durationS: 5,
      connections: 8,
    });
    expect(() => parseLoadArgs(["--duration=-1"])).toThrow(/--duration must be a positive number/);
    expect(() => parseLoadArgs(["--url", "localhost:3000"])).toThrow(/--url must be like/);
    expect(() => parseLoadArgs(["--bogus"])).toThrow();
  });
});
