import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Logger } from "../core/types.js";
import { closeDb, enableIncrementalVacuum, JOURNAL_SIZE_LIMIT_BYTES, openDb } from "./db.js";
import { migrate, MIGRATIONS } from "./migrations.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-db-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LATEST = MIGRATIONS.at(-1)!.version;

describe("openDb", () => {
  it("upgrades a version-1 database: its logged messages become searchable", () => {
    const file = path.join(dir, "v1.db");
    const old = new Database(file);
    migrate(old, MIGRATIONS.filter((m) => m.version === 1));
    old.prepare(
      "INSERT INTO messages (id, created_at, channel, question, answer, topics, refused, latency_ms) VALUES ('m1', 1, 'web', '孵化器有什么支持', '答', '[]', 0, 3)",
    ).run();
    old.close();
    const db = openDb(file);
    expect(db.pragma("user_version", { simple: true })).toBe(LATEST);
    expect(db.prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?").pluck().get('"孵化器"')).toBe(1);
    closeDb(db);
  });

  it("creates the file in WAL mode with every table, at the latest schema version", () => {
    const db = openDb(path.join(dir, "sub", "assistant.db"));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual([
      "audit_log", "feedback", "feedback_labels", "messages",
      "messages_fts", "messages_fts_config", "messages_fts_data", "messages_fts_docsize", "messages_fts_idx",
      "sessions", "staff_sessions", "staff_users",
    ]);
    closeDb(db);
  });

  it("re-opening applies nothing twice and keeps the data", () => {
    const file = path.join(dir, "assistant.db");
    const db = openDb(file);
    db.prepare("INSERT INTO sessions VALUES ('s', '{}', 1, 1)").run();
    closeDb(db);
    const again = openDb(file);
    expect(migrate(again)).toEqual({ from: LATEST, to: LATEST });
    expect(again.prepare("SELECT count(*) FROM sessions").pluck().get()).toBe(1);
    closeDb(again);
  });

  it("applies only the newer migrations, in order", () => {
    const db = openDb(path.join(dir, "assistant.db"));
    const extra = [...MIGRATIONS, { version: LATEST + 1, name: "x", sql: "CREATE TABLE extra (a INTEGER);" }];
    expect(migrate(db, extra)).toEqual({ from: LATEST, to: LATEST + 1 });
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").pluck().get()).toBe(1);
    closeDb(db);
  });

  it("a failing migration rolls back and leaves the version unchanged", () => {
    const db = openDb(path.join(dir, "assistant.db"));
    const bad = [...MIGRATIONS, { version: LATEST + 1, name: "bad", sql: "CREATE TABLE half (a INTEGER); SELECT * FROM nowhere;" }];
    expect(() => migrate(db, bad)).toThrow(/nowhere/);
    expect(db.pragma("user_version", { simple: true })).toBe(LATEST);
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

const recorder = () => {
  const lines: { level: string; msg?: string; obj: object | string }[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => void lines.push({ level, obj, msg });
  const logger: Logger = { info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") };
  return { logger, lines };
};

/** A database as builds before retention left it: auto_vacuum NONE, with rows and free pages. */
function legacyDb(file: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  migrate(db);
  const ins = db.prepare("INSERT INTO sessions VALUES (?, ?, 1, 1)");
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) ins.run(`s${i}`, "x".repeat(2000));
  })();
  db.exec("DELETE FROM sessions WHERE rowid > 100");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

describe("openDb and incremental auto-vacuum", () => {
  it("a new file is created with auto_vacuum = INCREMENTAL and a WAL size limit, without a VACUUM", () => {
    const { logger, lines } = recorder();
    const db = openDb(path.join(dir, "assistant.db"), { logger });
    expect(db.pragma("auto_vacuum", { simple: true })).toBe(2);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("journal_size_limit", { simple: true })).toBe(JOURNAL_SIZE_LIMIT_BYTES);
    expect(lines).toEqual([]);
    closeDb(db);
  });

  it("converts an existing NONE database once, keeping its rows, and says so", () => {
    const file = path.join(dir, "assistant.db");
    legacyDb(file);
    const before = statSync(file).size;

    const { logger, lines } = recorder();
    const db = openDb(file, { logger });
    expect(db.pragma("auto_vacuum", { simple: true })).toBe(2);
    expect(db.pragma("freelist_count", { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sessions").pluck().get()).toBe(100);
    expect(lines).toEqual([expect.objectContaining({ level: "info", msg: expect.stringMatching(/converted to incremental auto-vacuum/) })]);
    expect(lines[0]!.obj).toMatchObject({ bytesBefore: before });
    closeDb(db);
    expect(statSync(file).size).toBeLessThan(before / 5); // the VACUUM dropped the free pages

    const again = recorder();
    const reopened = openDb(file, { logger: again.logger });
    expect(enableIncrementalVacuum(reopened)).toBe(false);
    expect(again.lines).toEqual([]);
    closeDb(reopened);
  });

  it("a conversion that cannot run is logged and the database still opens, as it was", () => {
    const file = path.join(dir, "assistant.db");
    legacyDb(file);
    const db = new Database(file);
    db.pragma("busy_timeout = 0");
    const writer = new Database(file);
    writer.exec("BEGIN IMMEDIATE"); // holds the write lock the VACUUM needs
    const { logger, lines } = recorder();
    try {
      expect(enableIncrementalVacuum(db, logger)).toBe(false);
      expect(lines).toEqual([expect.objectContaining({ level: "warn" })]);
      expect(db.pragma("auto_vacuum", { simple: true })).toBe(0);
      expect(db.prepare("SELECT count(*) FROM sessions").pluck().get()).toBe(100);
    } finally {
      writer.exec("ROLLBACK");
      writer.close();
      db.close();
    }
  });
});
