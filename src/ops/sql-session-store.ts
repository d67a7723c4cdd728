// SessionStore in the database (SQLite or PostgreSQL): same contract as the in-memory store, but
// conversations survive restarts and are shared by the web and WeChat channels (and, on PostgreSQL, by
// every replica). Expired rows are invisible and purged.
import type { SessionState, SessionStore } from "../core/types.js";
import type { Db } from "./db.js";
import { sqlOf } from "./sql/sqlite-sql.js";
import type { SqlDb } from "./sql/sql-db.js";

export class SqlSessionStore implements SessionStore {
  private readonly db: SqlDb;

  constructor(db: Db | SqlDb) {
    this.db = sqlOf(db);
  }

  async get(id: string): Promise<SessionState | undefined> {
    const row = await this.db.get<{ state: string }>("SELECT state FROM sessions WHERE id = ? AND expires_at > ?", [id, Date.now()]);
    return row ? (JSON.parse(row.state) as SessionState) : undefined;
  }

  async set(state: SessionState): Promise<void> {
    await this.db.run(
      `INSERT INTO sessions (id, state, expires_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      [state.id, JSON.stringify(state), state.expiresAt, Date.now()],
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.run("DELETE FROM sessions WHERE id = ?", [id]);
  }

  async purge(now = Date.now()): Promise<number> {
    return (await this.db.run("DELETE FROM sessions WHERE expires_at <= ?", [now])).changes;
  }
}
