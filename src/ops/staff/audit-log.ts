// Who changed what, when: every change made in the console (and account changes from the CLI) is
// appended here; the console's 审计日志 page reads it. Entries are never updated or deleted by the app.
import type { Db } from "../db.js";
import { sqlOf } from "../sql/sqlite-sql.js";
import type { SqlDb } from "../sql/sql-db.js";

export interface AuditEntry {
  id: number;
  at: number;
  username: string;
  action: string;
  detail: Record<string, unknown>;
}

export class AuditLog {
  private readonly db: SqlDb;

  constructor(db: Db | SqlDb) {
    this.db = sqlOf(db);
  }

  async record(username: string, action: string, detail: Record<string, unknown> = {}, now = Date.now()): Promise<void> {
    await this.db.run("INSERT INTO audit_log (at, username, action, detail) VALUES (?, ?, ?, ?)", [now, username, action, JSON.stringify(detail)]);
  }

  async list(limit = 100, offset = 0): Promise<AuditEntry[]> {
    const rows = await this.db.all<{ id: number; at: number; username: string; action: string; detail: string }>(
      "SELECT id, at, username, action, detail FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
      [limit, offset],
    );
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>("SELECT count(*) AS n FROM audit_log"))!.n;
  }
}
