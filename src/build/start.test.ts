// `npm start` as an operator runs it: npm → sh → node on the built bundle. A signal to npm (SIGTERM from
// a supervisor, Ctrl-C's SIGINT to the whole process group) must shut the server down gracefully and
// leave no process behind.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../config.js";

let dataDir: string;
const started: { child: ChildProcess; tree: number[] }[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "npm-start-test-"));
});
afterAll(async () => {
  // A failed test must not leak a server: kill whatever of each tree is still there.
  for (const s of started) for (const pid of [...s.tree, s.child.pid!]) if (alive(pid)) process.kill(pid, "SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

/** Running (a zombie waiting for a reaper that is not ours counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** pid and all its descendants (Linux /proc, as src/bench/process-tree.ts reads it). */
function processTree(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    try {
      stack.push(...readFileSync(`/proc/${p}/task/${p}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number));
    } catch {
      // gone already
    }
  }
  return out;
}

const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");

async function npmStart() {
  const child = spawn("npm", ["start"], {
    cwd: ROOT_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      npm_config_update_notifier: "false",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      PORT: "0",
      DATA_DIR: dataDir,
      HASH_SALT: "npm-start-test-salt",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so a group signal can play Ctrl-C without hitting vitest
  });
  const entry = { child, tree: [] as number[] };
  started.push(entry);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 110_000);
    child.stdout.on("data", () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`npm start exited early:\n${out}`));
    });
  });
  const res = await fetch(`${url}api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question: "孵化器有什么支持" }),
  });
  expect(res.status, out).toBe(200);
  await res.json();
  entry.tree = processTree(child.pid!);
  return { child, url, exited, tree: entry.tree, out: () => out };
}

/** Poll until every pid is gone; returns those still alive at the deadline (liveness, not speed). */
async function survivors(pids: number[], withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && pids.some(alive)) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}

// The process tree comes from /proc, so this runs on Linux (CI and the dev boxes) only.
describe.skipIf(!existsSync("/proc/self/task"))("npm start", () => {
  it("runs the bundle under plain node: npm's only server child is node .build/main.js, wechaty stays lazy", async () => {
    const s = await npmStart();
    try {
      const cmds = s.tree.slice(1).map(commandLine);
      expect(cmds.some((c) => /^node .*\.build\/main\.js$/.test(c)), cmds.join("\n")).toBe(true);
      expect(cmds.some((c) => c.includes("tsx")), cmds.join("\n")).toBe(false);
      expect(readFileSync(path.join(ROOT_DIR, ".build", "main.js"), "utf8")).not.toMatch(/from "wechaty/);
    } finally {
      process.kill(s.child.pid!, "SIGTERM");
      await s.exited;
    }
  }, 120_000);

  it("SIGTERM to the npm process shuts the server down (exit 0) and leaves no process listening", async () => {
    const s = await npmStart();
    expect(s.tree.length).toBeGreaterThan(1);
    process.kill(s.child.pid!, "SIGTERM");
    expect(await s.exited, s.out()).toEqual({ code: 0, signal: null });
    expect(await survivors(s.tree, 5000)).toEqual([]);
    await expect(fetch(`${s.url}healthz`)).rejects.toThrow();
  }, 120_000);

  it("Ctrl-C (SIGINT to the process group, forwarded again by npm) still shuts down gracefully", async () => {
    const s = await npmStart();
    process.kill(-s.child.pid!, "SIGINT");
    expect(await s.exited, s.out()).toEqual({ code: 0, signal: null });
    expect(await survivors(s.tree, 5000)).toEqual([]);
    await expect(fetch(`${s.url}healthz`)).rejects.toThrow();
  }, 120_000);
});
