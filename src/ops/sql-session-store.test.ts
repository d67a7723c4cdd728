import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionState } from "../core/types.js";
import { closeDb, openDb, type Db } from "./db.js";
import { SqlSessionStore } from "./sql-session-store.js";

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-sess-"));
  db = openDb(path.join(dir, "assistant.db"));
});
afterEach(async () => {
  closeDb(db);
  await rm(dir, { recursive: true, force: true });
});

const state = (id: string, expiresAt: number): SessionState => ({
  id,
  history: [{ question: "高企能报什么？", answer: "专题9", topicIds: [9], at: 1 }],
  profile: { applicants: ["企业"], stages: ["新获批高企"], needs: [], location: "武汉" },
  focusTopicId: 9,
  pending: { facet: "location", topicId: 9, question: "注册地在武汉吗？" },
  expiresAt,
});

describe("SqlSessionStore", () => {
  it("round-trips a whole session and overwrites on set", async () => {
    const store = new SqlSessionStore(db);
    const s = state("a", Date.now() + 60_000);
    await store.set(s);
    expect(await store.get("a")).toEqual(s);
    await store.set({ ...s, focusTopicId: 14 });
    expect((await store.get("a"))?.focusTopicId).toBe(14);
    expect(await store.get("missing")).toBeUndefined();
  });

  it("hides expired sessions, deletes, and purges only the expired ones", async () => {
    const store = new SqlSessionStore(db);
    const now = Date.now();
    await store.set(state("old1", now - 1));
    await store.set(state("old2", now - 1000));
    await store.set(state("live", now + 60_000));
    expect(await store.get("old1")).toBeUndefined();
    expect(await store.purge(now)).toBe(2);
    expect(db.prepare("SELECT id FROM sessions").pluck().all()).toEqual(["live"]);
    await store.delete("live");
    expect(await store.get("live")).toBeUndefined();
  });

  it("survives closing and re-opening the database", async () => {
    await new SqlSessionStore(db).set(state("keep", Date.now() + 60_000));
    closeDb(db);
    db = openDb(path.join(dir, "assistant.db"));
    expect((await new SqlSessionStore(db).get("keep"))?.profile.location).toBe("武汉");
  });
});
