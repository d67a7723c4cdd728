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
  {
    version: 2,
    name: "staff console: accounts, console sessions, audit log, answer citations, full-text search, feedback labels",
    sql: `
      CREATE TABLE staff_users (
        id            INTEGER PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name  TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        password_hash TEXT NOT NULL,           -- scrypt$N$r$p$salt$key (see staff/password.ts)
        disabled      INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL
      );

      CREATE TABLE staff_sessions (
        token_hash TEXT PRIMARY KEY,           -- sha256 of the cookie value; the cookie itself is never stored
        user_id    INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
        csrf       TEXT NOT NULL,              -- synchronizer token every change must carry
        created_at INTEGER NOT NULL,
        seen_at    INTEGER NOT NULL
      );

      CREATE TABLE audit_log (
        id       INTEGER PRIMARY KEY,
        at       INTEGER NOT NULL,
        username TEXT NOT NULL,                -- kept as text: the entry outlives the account
        action   TEXT NOT NULL,
        detail   TEXT NOT NULL                 -- JSON
      );
      CREATE INDEX audit_log_at ON audit_log (at);

      ALTER TABLE messages ADD COLUMN citations TEXT;  -- JSON array of the answer's citations
      CREATE INDEX messages_session_id ON messages (session_id); -- the console opens one conversation at a time

      -- Full-text search over questions and answers, keyed by messages' implicit rowid (incremental
      -- vacuum, the only kind retention runs, never renumbers rowids; a full VACUUM could, so the index
      -- would then be rebuilt with INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')). trigram: Chinese has no spaces, and every 3-character
      -- piece is indexed, so any substring of 3+ characters is found (shorter ones fall back to LIKE).
      CREATE VIRTUAL TABLE messages_fts USING fts5 (question, answer, content = 'messages', content_rowid = 'rowid', tokenize = 'trigram');
      INSERT INTO messages_fts (rowid, question, answer) SELECT rowid, question, answer FROM messages;
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, question, answer) VALUES (new.rowid, new.question, new.answer);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, question, answer) VALUES ('delete', old.rowid, old.question, old.answer);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF question, answer ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, question, answer) VALUES ('delete', old.rowid, old.question, old.answer);
        INSERT INTO messages_fts (rowid, question, answer) VALUES (new.rowid, new.question, new.answer);
      END;

      -- Staff's reading of a downvoted (or any) answer: what should have come back. Labelled rows form
      -- the eval candidate set (DATA_DIR/eval/feedback-cases.jsonl).
      CREATE TABLE feedback_labels (
        message_id TEXT PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
        kind       TEXT NOT NULL,
        topics     TEXT NOT NULL,              -- JSON array of expected 专题 ids
        verdict    TEXT,
        refuse     INTEGER NOT NULL,
        note       TEXT,
        username   TEXT NOT NULL,
        at         INTEGER NOT NULL
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
