// Versioned schema changes, applied in order at start-up. PRAGMA user_version records the last one
// applied; each migration runs in its own transaction, so a crash mid-way leaves the previous version.
import type { Db } from "./db.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "sessions, messages, feedback",
    sql: `
      CREATE TABLE sessions (
        id         TEXT PRIMARY KEY,
        state      TEXT NOT NULL,            -- SessionState as JSON (history, profile, focus, pending)
        expires_at INTEGER NOT NULL,         -- epoch ms
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_expires_at ON sessions (expires_at);

      CREATE TABLE messages (
        id         TEXT PRIMARY KEY,         -- AnswerResult.messageId
        created_at INTEGER NOT NULL,         -- epoch ms
        channel    TEXT NOT NULL,
        user_hash  TEXT,                     -- salted hash of the IP / WeChat id, never the raw value
        session_id TEXT,
        question   TEXT NOT NULL,
        answer     TEXT NOT NULL,
        topics     TEXT NOT NULL,            -- JSON array of 专题 ids, best first
        top_topic  INTEGER,
        refused    INTEGER NOT NULL,
        verdict    TEXT,
        latency_ms INTEGER NOT NULL
      );
      CREATE INDEX messages_created_at ON messages (created_at);

      CREATE TABLE feedback (
        message_id TEXT PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
        rating     TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        comment    TEXT,
        created_at INTEGER NOT NULL
      );
    `,
  },
];

/** Applies every migration newer than the database; returns the versions before and after. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = db.pragma("user_version", { simple: true }) as number;
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  if (from > latest) {
    // A newer build wrote this file; running old code against it could corrupt it.
    throw new Error(`database schema version ${from} is newer than this build supports (${latest}); upgrade the application`);
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: Math.max(from, latest) };
}
