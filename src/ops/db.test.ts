import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openDb } from "./db.js";
import { migrate, MIGRATIONS } from "./migrations.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-db-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("openDb", () => {
  it("creates the file in WAL mode with every table, at the latest schema version", () => {
    const db = openDb(path.join(dir, "sub", "assistant.db"));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(["feedback", "messages", "sessions"]);
    closeDb(db);
  });

  it("re-opening applies nothing twice and keeps the data", () => {
    const file = path.join(dir, "assistant.db");
    const db = openDb(file);
    db.prepare("INSERT INTO sessions VALUES ('s', '{}', 1, 1)").run();
    closeDb(db);
    const again = openDb(file);
    expect(migrate(again)).toEqual({ from: 1, to: 1 });
    expect(again.prepare("SELECT count(*) FROM sessions").pluck().get()).toBe(1);
    closeDb(again);
  });

  it("applies only the newer migrations, in order", () => {
    const db = openDb(path.join(dir, "assistant.db"));
    const extra = [...MIGRATIONS, { version: 2, name: "x", sql: "CREATE TABLE extra (a INTEGER);" }];
    expect(migrate(db, extra)).toEqual({ from: 1, to: 2 });
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").pluck().get()).toBe(1);
    closeDb(db);
  });

  it("a failing migration rolls back and leaves the version unchanged", () => {
    const db = openDb(path.join(dir, "assistant.db"));
    const bad = [...MIGRATIONS, { version: 2, name: "bad", sql: "CREATE TABLE half (a INTEGER); SELECT * FROM nowhere;" }];
    expect(() => migrate(db, bad)).toThrow(/nowhere/);
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    closeDb(db);
  });

  it("refuses a database written by a newer build", () => {
    const file = path.join(dir, "assistant.db");
    const db = openDb(file);
    db.pragma("user_version = 99");
    db.close();
    expect(() => openDb(file)).toThrow(/schema version 99 is newer/);
  });
});
