import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnswerResult } from "../core/types.js";
import { closeDb, openDb, type Db } from "./db.js";
import { MessageLog } from "./message-log.js";
import { timeOrderedId } from "./time-ordered-id.js";

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kjzs-msglog-"));
  db = openDb(path.join(dir, "a.db"));
});
afterEach(async () => {
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
});

const result: AnswerResult = { answer: "答", refused: false, topics: [], citations: [], sessionId: "web:x" };
const count = () => (db.prepare("SELECT count(*) AS n FROM messages").get() as { n: number }).n;
const entry = (id: string) => ({ id, at: Date.now(), channel: "web", question: "问", result, latencyMs: 1 });

describe("MessageLog", () => {
  it("writes everything recorded in one event-loop turn in one batch, right after the turn", async () => {
    const flushes: (unknown | undefined)[] = [];
    const log = new MessageLog(db, (err) => flushes.push(err));
    for (let i = 0; i < 50; i++) log.record(entry(`m${i}`));
    expect(count()).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(count()).toBe(50);
    expect(flushes).toEqual([undefined]);
  });

  it("exists() sees a message recorded a moment ago", async () => {
    const log = new MessageLog(db);
    log.record(entry("fresh"));
    expect(await log.exists("fresh")).toBe(true);
  });

  it("a batch the database refuses is reported, not thrown at the caller", async () => {
    const flushes: unknown[] = [];
    const log = new MessageLog(db, (err) => flushes.push(err));
    log.record(entry("dup"));
    await log.flush();
    log.record(entry("dup")); // primary key clash stands in for a full disk
    await expect(log.flush()).resolves.toBeUndefined();
    expect(flushes[1]).toBeInstanceOf(Error);
  });
});

describe("timeOrderedId", () => {
  it("is a version-7 UUID that sorts by time", async () => {
    const a = timeOrderedId(1_700_000_000_000);
    const b = timeOrderedId(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(timeOrderedId()).not.toBe(timeOrderedId());
  });
});
