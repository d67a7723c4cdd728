// `npm start` as a real process: bad config fails fast; a good one serves, prints its URL and
// shuts down cleanly on SIGTERM.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
// Node with tsx as a loader, not the tsx CLI, whose child would survive a SIGKILL to it.
const NODE_ARGS = ["--import", "tsx", "src/main.ts"];
let dataDir: string;
const children: ReturnType<typeof spawn>[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "main-test-"));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL"); // a failed test must not leak a server
  await rm(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe("src/main.ts", () => {
  it("exits 1 with a message naming the bad variable", async () => {
    const p = start({ PORT: "eighty" });
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain("PORT: must be a whole number");
  });

  it("serves on HOST/PORT, prints the URL and exits 0 on SIGTERM", async () => {
    const p = start({ HOST: "127.0.0.1", PORT: "0" });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${p.out()}\n${p.err()}`)), 60_000);
      const check = () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(p.out());
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      p.child.stdout.on("data", check);
      void p.exited.then(() => reject(new Error(`exited early:\n${p.err()}`)));
    });
    const health = (await (await fetch(`${url}healthz`)).json()) as { status: string; index: { chunks: number } };
    expect(health.status).toBe("ok");
    expect(health.index.chunks).toBeGreaterThan(0);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
  });
});
