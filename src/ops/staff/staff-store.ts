// Staff accounts and console sessions in the database (SQLite or PostgreSQL: shared by replicas). A session cookie holds 32 random bytes; only
// their sha256 is stored, so a copy of the database does not log anyone in. Sessions end after
// CONSOLE_SESSION_IDLE_S without a request, and CONSOLE_SESSION_MAX_S after login at the latest.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db.js";
import { sqlOf } from "../sql/sqlite-sql.js";
import type { SqlDb } from "../sql/sql-db.js";
import { hashPassword, passwordProblem, verifyPassword, burnVerify } from "./password.js";
import type { Role } from "./roles.js";

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
}

export interface StaffSession {
  user: StaffUser;
  csrf: string;
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: number;
}

export class StaffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StaffError";
  }
}

const USERNAME = /^[\p{L}\p{N}._-]{2,40}$/u;

const toUser = (r: UserRow): StaffUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
});

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

const BY_NAME = "SELECT * FROM staff_users WHERE lower(username) = lower(?)";

export class StaffStore {
  private readonly db: SqlDb;

  constructor(
    db: Db | SqlDb,
    private readonly limits: SessionLimits,
  ) {
    this.db = sqlOf(db);
  }

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>("SELECT count(*) AS n FROM staff_users WHERE disabled = 0"))!.n;
  }

  async list(): Promise<StaffUser[]> {
    return (await this.db.all<UserRow>("SELECT * FROM staff_users ORDER BY id")).map(toUser);
  }

  async byUsername(username: string): Promise<StaffUser | undefined> {
    const r = await this.db.get<UserRow>(BY_NAME, [username.trim()]);
    return r && toUser(r);
  }

  async add(input: { username: string; displayName?: string; role: Role; password: string }, now = Date.now()): Promise<StaffUser> {
    const username = input.username.trim();
    if (!USERNAME.test(username)) throw new StaffError("用户名须为 2–40 个字母、数字、汉字或 . _ -");
    const weak = passwordProblem(input.password);
    if (weak) throw new StaffError(weak);
    if (await this.byUsername(username)) throw new StaffError(`用户名「${username}」已存在`);
    const hash = await hashPassword(input.password);
    try {
      await this.db.run("INSERT INTO staff_users (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)", [
        username,
        input.displayName?.trim() || username,
        input.role,
        hash,
        now,
      ]);
    } catch (err) {
      // Two replicas adding the same name at once: the unique index decides, the loser hears it plainly.
      if (await this.byUsername(username)) throw new StaffError(`用户名「${username}」已存在`);
      throw err;
    }
    return (await this.byUsername(username))!;
  }

  async setPassword(username: string, password: string): Promise<void> {
    const weak = passwordProblem(password);
    if (weak) throw new StaffError(weak);
    const user = await this.byUsername(username);
    if (!user) throw new StaffError(`没有用户「${username}」`);
    const hash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      await tx.run("UPDATE staff_users SET password_hash = ? WHERE id = ?", [hash, user.id]);
      await tx.run("DELETE FROM staff_sessions WHERE user_id = ?", [user.id]); // a new password logs every session out
    });
  }

  async setRole(username: string, role: Role): Promise<void> {
    const user = await this.byUsername(username);
    if (!user) throw new StaffError(`没有用户「${username}」`);
    if (user.role === "admin" && !user.disabled && role !== "admin" && (await this.activeAdmins()) <= 1) throw new StaffError("至少要保留一名管理员");
    await this.db.run("UPDATE staff_users SET role = ? WHERE id = ?", [role, user.id]);
  }

  async setDisabled(username: string, disabled: boolean): Promise<void> {
    const user = await this.byUsername(username);
    if (!user) throw new StaffError(`没有用户「${username}」`);
    if (disabled && user.role === "admin" && !user.disabled && (await this.activeAdmins()) <= 1) throw new StaffError("至少要保留一名管理员");
    await this.db.transaction(async (tx) => {
      await tx.run("UPDATE staff_users SET disabled = ? WHERE id = ?", [disabled ? 1 : 0, user.id]);
      if (disabled) await tx.run("DELETE FROM staff_sessions WHERE user_id = ?", [user.id]);
    });
  }

  private async activeAdmins(): Promise<number> {
    return (await this.db.get<{ n: number }>("SELECT count(*) AS n FROM staff_users WHERE role = 'admin' AND disabled = 0"))!.n;
  }

  /** The account when the password is right; undefined otherwise (an unknown name takes as long). */
  async checkPassword(username: string, password: string): Promise<StaffUser | undefined> {
    const r = await this.db.get<UserRow>(BY_NAME, [username.trim()]);
    if (!r || r.disabled) {
      await burnVerify(password);
      return undefined;
    }
    return (await verifyPassword(password, r.password_hash)) ? toUser(r) : undefined;
  }

  /** Starts a session; returns the cookie value (shown once, stored hashed). */
  async openSession(userId: number, now = Date.now()): Promise<{ token: string; csrf: string }> {
    const token = randomBytes(32).toString("base64url");
    const csrf = randomBytes(32).toString("base64url");
    await this.db.run("INSERT INTO staff_sessions (token_hash, user_id, csrf, created_at, seen_at) VALUES (?, ?, ?, ?, ?)", [
      digest(token),
      userId,
      csrf,
      now,
      now,
    ]);
    await this.db.run("DELETE FROM staff_sessions WHERE seen_at < ? OR created_at < ?", [now - this.limits.idleMs, now - this.limits.maxMs]);
    return { token, csrf };
  }

  /** The session behind a cookie value, refreshed; undefined when unknown, expired or the account is off. */
  async session(token: string | undefined, now = Date.now()): Promise<StaffSession | undefined> {
    if (!token) return undefined;
    const hash = digest(token);
    const row = await this.db.get<UserRow & { csrf: string; s_created: number; seen_at: number }>(
      `SELECT u.*, s.csrf, s.created_at AS s_created, s.seen_at FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
       WHERE s.token_hash = ?`,
      [hash],
    );
    if (!row) return undefined;
    if (row.disabled || now - row.seen_at > this.limits.idleMs || now - row.s_created > this.limits.maxMs) {
      await this.db.run("DELETE FROM staff_sessions WHERE token_hash = ?", [hash]);
      return undefined;
    }
    // Written at most once a minute: every page view would otherwise be a write.
    if (now - row.seen_at > 60_000) await this.db.run("UPDATE staff_sessions SET seen_at = ? WHERE token_hash = ?", [now, hash]);
    return { user: toUser(row), csrf: row.csrf };
  }

  async closeSession(token: string | undefined): Promise<void> {
    if (token) await this.db.run("DELETE FROM staff_sessions WHERE token_hash = ?", [digest(token)]);
  }
}
