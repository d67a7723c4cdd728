// deploy/systemd/kjzs@.service: systemd's own checker accepts it (and does flag a broken copy), it starts what
// `npm start` starts, its stop timeout outlasts the server's shutdown, and every setting in kjzs.env.example
// is one the configuration module reads (a misspelt variable would be silently ignored in production).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, ROOT_DIR } from "../../config.js";

const UNIT = path.join(ROOT_DIR, "deploy/systemd/kjzs@.service");
const ENV_EXAMPLE = path.join(ROOT_DIR, "deploy/systemd/kjzs.env.example");

/** systemd-analyze's complaints about a unit file (it exits 0 on unknown keys, so its output is what counts). */
function verify(text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kjzs-unit-"));
  try {
    const file = path.join(dir, "kjzs@3001.service"); // an instance: a bare template cannot be verified
    writeFileSync(file, text);
    const r = spawnSync("/usr/bin/systemd-analyze", ["verify", file], { encoding: "utf8" });
    if (r.error) throw new Error(`systemd-analyze is missing (the systemd package): ${r.error.message}`);
    return (r.stdout + r.stderr).split("\n").filter((l) => l.includes(file)).join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const unit = readFileSync(UNIT, "utf8");
const key = (name: string) => new RegExp(`^${name}=(.*)$`, "m").exec(unit)?.[1];

describe("deploy/systemd/kjzs@.service", () => {
  it("passes systemd-analyze verify, which does catch a misspelt key and a bad value", () => {
    expect(verify(unit)).toBe("");
    const broken = verify(unit.replace("TimeoutStopSec=", "TimeoutStopSecs=").replace("Restart=on-failure", "Restart=sometimes"));
    expect(broken).toMatch(/Unknown key 'TimeoutStopSecs'/);
    expect(broken).toMatch(/restart specifier/);
  });

  it("runs `npm start` in the instance's port and data directory and waits longer than the server's shutdown", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(key("ExecStart")).toBe("/usr/bin/npm start");
    expect(pkg.scripts.start).toBeTruthy();
    expect(unit).toMatch(/^Environment=PORT=%i$/m);
    expect(unit).toMatch(/^Environment=DATA_DIR=\/var\/lib\/kjzs\/%i$/m);
    const shutdownMs = Number(/SHUTDOWN_TIMEOUT_MS = ([\d_]+)/.exec(readFileSync(path.join(ROOT_DIR, "src/main.ts"), "utf8"))![1].replace(/_/g, ""));
    expect(Number(key("TimeoutStopSec")) * 1000).toBeGreaterThan(shutdownMs);
  });

  it("kjzs.env.example holds only settings the server reads, and they load", () => {
    const env = Object.fromEntries(
      readFileSync(ENV_EXAMPLE, "utf8")
        .split("\n")
        .filter((l) => l.trim() && !l.startsWith("#"))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    const config = loadConfig(env) as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(env)) {
      expect(config, name).toHaveProperty(name);
      if (!name.endsWith("_DIR")) expect(String(config[name]), name).toBe(value);
    }
    expect(config.TRUST_PROXY).toBe(true); // behind nginx the client address comes from X-Forwarded-For
  });
});
