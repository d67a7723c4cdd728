// SessionStore on SQLite: same contract as the in-memory store, but conversations survive restarts
// and are shared by the web and WeChat channels. Expired rows are invisible and purged.
import type { SessionState, SessionStore } from "../core/types.js";
import type { Db } from "./db.js";

export class SqliteSessionStore implements SessionStore {
  private readonly getStmt;
  private readonly setStmt;
  private readonly deleteStmt;
  private readonly purgeStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string, number], { state: string }>("SELECT state FROM sessions WHERE id = ? AND expires_at > ?");
    this.setStmt = db.prepare<[string, string, number, number]>(
      `INSERT INTO sessions (id, state, expires_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare<[string]>("DELETE FROM sessions WHERE id = ?");
    this.purgeStmt = db.prepare<[number]>("DELETE FROM sessions WHERE expires_at <= ?");
  }

  async get(id: string): Promise<SessionState | undefined> {
    const row = this.getStmt.get(id, Date.now());
    return row ? (JSON.parse(row.state) as SessionState) : undefined;
  }

  async set(state: SessionState): Promise<void> {
    this.setStmt.run(state.id, JSON.stringify(state), state.expiresAt, Date.now());
  }

  async delete(id: string): Promise<void> {
    this.deleteStmt.run(id);
  }

  async purge(now = Date.now()): Promise<number> {
    return this.purgeStmt.run(now).changes;
  }
}
