// deploy/backup/pg-backup.sh and pg-restore.sh against a real PostgreSQL holding the assistant's schema:
// a dump restores the rows into the live database after they were deleted and into a new, empty one, and
// only the newest BACKUP_KEEP dumps are kept.
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../config.js";
import { AuditLog } from "../staff/audit-log.js";
import { openStateDb, type StateDb } from "../sql/open-state-db.js";
import { startTestPostgres, type TestPostgres } from "../testing/postgres-server.js";

const script = (name: string) => path.join(ROOT_DIR, "deploy/backup", name);
let pg: TestPostgres;
let dir: string;

beforeAll(async () => {
  pg = await startTestPostgres();
  dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-backup-"));
}, 60_000);
afterAll(async () => {
  await pg?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const open = (url: string) => openStateDb({ DB_FILE: "/nonexistent", DATABASE_URL: url, DATABASE_POOL_MAX: 2 });
const run = (name: string, env: Record<string, string>, args: string[] = []) =>
  execFileSync("bash", [script(name), ...args], { env: { ...process.env, ...env }, encoding: "utf8" }).trim();

describe("PostgreSQL backup and restore scripts", () => {
  it("restore the rows into the live database and into an empty one; old dumps beyond BACKUP_KEEP are removed", async () => {
    const url = await pg.createDatabase("live");
    let state: StateDb = await open(url);
    const audit = new AuditLog(state.db);
    for (let i = 0; i < 3; i++) await audit.record("chief", `操作${i}`, { 序号: i });
    const file = run("pg-backup.sh", { DATABASE_URL: url, BACKUP_DIR: dir });
    expect(path.dirname(file)).toBe(dir);
    await state.db.run("DELETE FROM audit_log");
    await state.close();

    run("pg-restore.sh", { DATABASE_URL: url }, [file]);
    state = await open(url);
    expect((await new AuditLog(state.db).list()).map((e) => e.action)).toEqual(["操作2", "操作1", "操作0"]);
    await state.close();

    const fresh = await pg.createDatabase("fresh");
    run("pg-restore.sh", { DATABASE_URL: fresh }, [file]);
    state = await open(fresh); // migrations see the restored schema version and apply nothing
    expect(await new AuditLog(state.db).count()).toBe(3);
    expect(await state.db.get("SELECT 1 AS one FROM pg_extension WHERE extname = 'pg_trgm'")).toEqual({ one: 1 });
    await state.close();

    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 1100)); // names carry the second
      run("pg-backup.sh", { DATABASE_URL: url, BACKUP_DIR: dir, BACKUP_KEEP: "2" });
    }
    expect((await readdir(dir)).filter((f) => f.endsWith(".dump"))).toHaveLength(2);
  }, 60_000);
});
