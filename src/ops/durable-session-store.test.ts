import { describe, expect, it } from "vitest";
import { InMemorySessionStore } from "../core/session-memory.js";
import type { SessionState, SessionStore } from "../core/types.js";
import { DurableSessionStore } from "./durable-session-store.js";
import { StorageHealth } from "./storage-health.js";

const state = (id: string, turns: number): SessionState => ({
  id,
  history: Array.from({ length: turns }, (_, i) => ({ question: `q${i}`, answer: `a${i}`, topicIds: [], at: 1 })),
  profile: { applicants: [], stages: [], needs: [] },
  expiresAt: Date.now() + 60_000,
});

/** A disk whose writes can be made to fail like a full SQLite file. */
class FlakyDisk extends InMemorySessionStore {
  full = false;
  rows = new Set<string>();
  override async set(s: SessionState): Promise<void> {
    if (this.full) throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    this.rows.add(s.id);
    return super.set(s);
  }
  override async delete(id: string): Promise<void> {
    this.rows.delete(id);
    return super.delete(id);
  }
}

function setup() {
  const disk = new FlakyDisk();
  const health = new StorageHealth();
  const store: SessionStore = new DurableSessionStore(disk, health, { memoryMax: 100 });
  return { disk, health, store };
}

describe("DurableSessionStore", () => {
  it("keeps a one-question conversation in memory and persists it once it is resumed", async () => {
    const { disk, store } = setup();
    await store.set(state("a", 1));
    expect(disk.rows.has("a")).toBe(false);
    expect((await store.get("a"))?.history).toHaveLength(1);
    await store.set(state("a", 2));
    expect(disk.rows.has("a")).toBe(true);
    expect((await store.get("a"))?.history).toHaveLength(2);
  });

  it("answers go on when the disk is full: memory takes the session, health says why, recovery clears it", async () => {
    const { disk, health, store } = setup();
    disk.full = true;
    await expect(store.set(state("b", 3))).resolves.toBeUndefined();
    expect((await store.get("b"))?.history).toHaveLength(3);
    expect(health.status()).toMatchObject({ ok: false, failures: 1, op: "session", reason: "SQLITE_FULL: database or disk is full" });
    disk.full = false;
    await store.set(state("b", 4));
    expect(health.status()).toEqual({ ok: true, failures: 1 });
    expect(disk.rows.has("b")).toBe(true);
  });

  it("a restarted conversation removes the old row, so the old profile cannot come back", async () => {
    const { disk, store } = setup();
    await store.set(state("c", 3));
    expect(await store.get("c")).toBeDefined(); // read from disk
    await store.set(state("c", 1)); // 重新开始
    expect(disk.rows.has("c")).toBe(false);
    expect((await store.get("c"))?.history).toHaveLength(1);
  });
});
