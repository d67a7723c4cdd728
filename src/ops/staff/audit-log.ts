// Who changed what, when: every change made in the console (and account changes from the CLI) is
// appended here; the console's 审计日志 page reads it. Entries are never updated or deleted by the app.
import type { Db } from "../db.js";

export interface AuditEntry {
  id: number;
  at: number;
  username: string;
  action: string;
  detail: Record<string, unknown>;
}

export class AuditLog {
  private readonly insert;
  private readonly page;
  private readonly countStmt;

  constructor(db: Db) {
    this.insert = db.prepare<[number, string, string, string]>("INSERT INTO audit_log (at, username, action, detail) VALUES (?, ?, ?, ?)");
    this.page = db.prepare<[number, number], { id: number; at: number; username: string; action: string; detail: string }>(
      "SELECT id, at, username, action, detail FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
    );
    this.countStmt = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_log");
  }

  record(username: string, action: string, detail: Record<string, unknown> = {}, now = Date.now()): void {
    this.insert.run(now, username, action, JSON.stringify(detail));
  }

  list(limit = 100, offset = 0): AuditEntry[] {
    return this.page.all(limit, offset).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  count(): number {
    return this.countStmt.get()!.n;
  }
}
