// The ops runtime: expired sessions are purged at start and periodically; conversations live in the
// database, so a follow-up question after a restart still knows its context.
import { rawSqlite } from "./sql/sqlite-sql.js";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import type { SessionState } from "../core/types.js";
import { closeDb, openDb } from "./db.js";
import { startOps } from "./runtime.js";
import { SqlSessionStore } from "./sql-session-store.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "kjzs-runtime-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const session = (id: string, expiresAt: number): SessionState => ({ id, history: [], profile: { applicants: [], stages: [], needs: [] }, expiresAt });
const ids = (file: string) => {
  const db = openDb(file);
  const out = db.prepare("SELECT id FROM sessions ORDER BY id").pluck().all();
  closeDb(db);
  return out;
};

describe("startOps", () => {
  it("purges expired sessions at start and then every SESSION_PURGE_INTERVAL_S", async () => {
    const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: dataDir, SESSION_PURGE_INTERVAL_S: "1" });
    const db = openDb(config.DB_FILE);
    const store = new SqlSessionStore(db);
    await store.set(session("expired", Date.now() - 1000));
    await store.set(session("soon", Date.now() + 1200));
    await store.set(session("live", Date.now() + 3_600_000));
    closeDb(db);

    const runtime = await startOps(config);
    try {
      expect(rawSqlite(runtime.db).prepare("SELECT id FROM sessions ORDER BY id").pluck().all()).toEqual(["live", "soon"]);
      await expect.poll(() => rawSqlite(runtime.db).prepare("SELECT id FROM sessions ORDER BY id").pluck().all(), { timeout: 5000, interval: 200 }).toEqual(["live"]);
    } finally {
      await runtime.close();
    }
    expect(ids(config.DB_FILE)).toEqual(["live"]);
  });

  it("a conversation continues after a restart: the follow-up resolves against the remembered 专题", async () => {
    const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: dataDir });
    const first = await startOps(config);
    const a = await first.assistant.answer({ question: "科技金融计划支持什么？" }, { channel: "web" });
    expect(a.topics[0]?.id).toBe(14);
    await first.close();

    const second = await startOps(config);
    try {
      const state = await second.assistant.sessions.get(a.sessionId);
      expect(state?.history).toHaveLength(1);
      expect(state?.focusTopicId).toBe(14);
      const b = await second.assistant.answer({ question: "那它支持哪些单位申报？", sessionId: a.sessionId }, { channel: "web" });
      expect(b.sessionId).toBe(a.sessionId);
      expect(b.topics[0]?.id).toBe(14);
      expect((await second.assistant.sessions.get(a.sessionId))?.history).toHaveLength(2);
    } finally {
      await second.close();
    }
  });
});
