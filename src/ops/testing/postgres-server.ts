// Test helper: a real, throwaway PostgreSQL 15 (the Debian package) on a free port, in a temporary cluster
// (initdb, trust auth, fsync off). PostgreSQL refuses to run as root, so under root it runs as the
// `postgres` user the package creates — through setpriv, which execs in place, so the child we signal is
// postgres itself (runuser stays in between and does not pass signals on, leaving servers behind). Missing binaries → a failure that says how to get them (never a skip).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port.js";

export const POSTGRES_BIN_DIR = "/usr/lib/postgresql/15/bin";
const USER = "kjzs";

export interface TestPostgres {
  /** postgres://kjzs@127.0.0.1:PORT/kjzs */
  url: string;
  port: number;
  /** Another database in the same cluster (created empty), for tests that need a clean one. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  cleanup(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function command(bin: string, args: string[]): [string, string[]] {
  const exe = path.join(POSTGRES_BIN_DIR, bin);
  return asRoot ? ["setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", exe, ...args]] : [exe, args];
}

function runSync(bin: string, args: string[]): void {
  const [cmd, argv] = command(bin, args);
  const r = spawnSync(cmd, argv, { encoding: "utf8", cwd: os.tmpdir() });
  if (r.status !== 0) throw new Error(`${bin} failed (${r.status}): ${(r.stderr || r.stdout || String(r.error)).slice(-2000)}`);
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once("error", () => done(false));
    sock.once("connect", () => done(true));
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  if (!existsSync(path.join(POSTGRES_BIN_DIR, "postgres"))) {
    throw new Error(
      `${POSTGRES_BIN_DIR}/postgres is missing: the PostgreSQL tests need a real server. Run .ci/run (it installs postgresql-15), or apt-get install postgresql-15.`,
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) {
    const pw = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gw = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    if (pw.status !== 0) throw new Error("running as root needs the postgres user (created by the postgresql-15 package)");
    chownSync(dir, Number(pw.stdout.trim()), Number(gw.stdout.trim()));
  }
  runSync("initdb", ["-D", data, "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = "";

  const start = async () => {
    const [cmd, argv] = command("postgres", [
      "-D", data, "-p", String(port), "-k", dir,
      "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
      "-c", "max_connections=200", "-c", "shared_buffers=64MB",
    ]);
    const proc = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], cwd: os.tmpdir() });
    child = proc;
    proc.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    proc.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-8000)));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`postgres exited (${proc.exitCode}): ${output.slice(-2000)}`);
      if (await accepting(port) && output.includes("ready to accept connections")) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill("SIGKILL");
    throw new Error(`postgres did not start on port ${port} within 20 s: ${output.slice(-2000)}`);
  };

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once("exit", () => r()));
    // SIGINT is PostgreSQL's "fast" shutdown: open connections are closed, the server exits.
    proc.kill("SIGINT");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  runSync("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", USER, USER]);
  const url = (db: string) => `postgres://${USER}@127.0.0.1:${port}/${db}`;
  return {
    url: url(USER),
    port,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      runSync("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", USER, name]);
      return url(name);
    },
    stop,
    start,
    async cleanup() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
