// `npm run user`: accounts on the server's database, the first 管理员 from the command line, and the
// account then logs in to the console of a server started on that DATA_DIR.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, ROOT_DIR, type Config } from "../config.js";
import { startConsoleServer } from "../channels/console/testing/console-server.js";
import { runUserCli, type UserCliIo } from "./user.js";

let dir: string;
let config: Config;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-user-"));
  config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: "silent" });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));


function capture(password = "first admin pass") {
  const out: string[] = [];
  const err: string[] = [];
  const cli: UserCliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readPassword: async () => password };
  return { cli, out, err };
}

describe("npm run user", () => {
  it("adds the first 管理员 through a real process reading the password from stdin", async () => {
    const child = execFile(process.execPath, ["--import", "tsx", "src/cli/user.ts", "add", "chief", "--role", "管理员", "--name", "科长", "--password-stdin"], {
      cwd: ROOT_DIR,
      env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: "silent" },
    });
    child.stdin!.end("chief's long password\n");
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
      let stdout = "";
      child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
      child.on("close", (code) => resolve({ stdout, code }));
    });
    expect(code).toBe(0);
    expect(stdout).toContain("已添加账户「chief」（管理员）");

    const s = await startConsoleServer({}, dir);
    try {
      const chief = await s.login("chief", "chief's long password");
      const users = await chief.get("/console/users");
      expect(users.statusCode).toBe(200);
      expect(users.body).toContain("科长");
      const audit = await chief.get("/console/audit");
      expect(audit.body).toMatch(/命令行:[^<]+<\/td><td>添加账户/);
    } finally {
      await s.cleanup();
    }
  }, 120_000);

  it("refuses a short password, an unknown role and a duplicate name, changing nothing", async () => {
    const short = capture("short");
    expect(await runUserCli(["add", "shorty", "--role", "编辑"], config, short.cli)).toBe(1);
    expect(short.err.join("\n")).toContain("至少 10 个字符");
    const badRole = capture();
    expect(await runUserCli(["add", "x", "--role", "boss"], config, badRole.cli)).toBe(2);
    expect(badRole.err.join("\n")).toContain("管理员、编辑 或 只读");
    const dup = capture();
    expect(await runUserCli(["add", "CHIEF", "--role", "只读"], config, dup.cli)).toBe(1);
    expect(dup.err.join("\n")).toContain("已存在");
    const list = capture();
    expect(await runUserCli(["list"], config, list.cli)).toBe(0);
    expect(list.out.some((l) => l.startsWith("shorty"))).toBe(false);
  });

  it("changes a role, keeps at least one 管理员, and disables an account", async () => {
    const add = capture("editor long pass");
    expect(await runUserCli(["add", "ed", "--role", "editor"], config, add.cli)).toBe(0);
    expect(await runUserCli(["role", "admin1", "只读"], config, capture().cli)).toBe(0); // the console test's admin
    const last = capture();
    expect(await runUserCli(["role", "chief", "只读"], config, last.cli)).toBe(1);
    expect(last.err.join("")).toContain("至少要保留一名管理员");
    expect(await runUserCli(["role", "ed", "管理员"], config, capture().cli)).toBe(0);
    expect(await runUserCli(["disable", "ed"], config, capture().cli)).toBe(0);
    const list = capture();
    await runUserCli(["list"], config, list.cli);
    expect(list.out).toContain("ed\ted\t管理员\t已停用");
  });
});
