// `npm run user -- <command>`: staff accounts of the console, on the server's database (DATA_DIR).
//   add <用户名> --role 管理员|编辑|只读 [--name 姓名] [--password-stdin]   create an account (the first 管理员 this way)
//   passwd <用户名> [--password-stdin]                                    set a new password (logs its sessions out)
//   role <用户名> <角色>      disable <用户名>      enable <用户名>      list
// Without --password-stdin the password is asked twice at the terminal, not echoed. Every change is
// written to the console's audit log as 命令行:<system user>.
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { openStateDb } from "../ops/sql/open-state-db.js";
import { AuditLog } from "../ops/staff/audit-log.js";
import { parseRole, ROLE_NAMES } from "../ops/staff/roles.js";
import { StaffError, StaffStore } from "../ops/staff/staff-store.js";

export const USER_USAGE = `用法：
  npm run user -- add <用户名> --role 管理员|编辑|只读 [--name 姓名] [--password-stdin]
  npm run user -- passwd <用户名> [--password-stdin]
  npm run user -- role <用户名> 管理员|编辑|只读
  npm run user -- disable <用户名>
  npm run user -- enable <用户名>
  npm run user -- list`;

export interface UserCliIo {
  out(line: string): void;
  err(line: string): void;
  /** The new password: from stdin with --password-stdin, else asked at the terminal. */
  readPassword(fromStdin: boolean): Promise<string>;
}

export async function runUserCli(argv: string[], config: Config, io: UserCliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { role: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean", default: false } },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n${USER_USAGE}`);
    return 2;
  }
  const [command, username, extra] = parsed.positionals;
  const fromStdin = parsed.values["password-stdin"] ?? false;
  const needsName = command !== "list";
  if (!command || (needsName && !username)) {
    io.err(USER_USAGE);
    return 2;
  }
  const state = await openStateDb(config);
  const db = state.db;
  try {
    const staff = new StaffStore(db, { idleMs: config.CONSOLE_SESSION_IDLE_S * 1000, maxMs: config.CONSOLE_SESSION_MAX_S * 1000 });
    const audit = new AuditLog(db);
    const actor = `命令行:${os.userInfo().username}`;
    switch (command) {
      case "add": {
        const role = parseRole(parsed.values.role ?? "");
        if (!role) {
          io.err(`--role 须为 管理员、编辑 或 只读（也可写 admin、editor、viewer）。\n${USER_USAGE}`);
          return 2;
        }
        const user = await staff.add({ username, displayName: parsed.values.name, role, password: await io.readPassword(fromStdin) });
        await audit.record(actor, "添加账户", { 账户: user.username, 角色: ROLE_NAMES[role] });
        io.out(`已添加账户「${user.username}」（${ROLE_NAMES[role]}）。登录地址：http://<服务器>:${config.PORT}/console`);
        return 0;
      }
      case "passwd":
        await staff.setPassword(username, await io.readPassword(fromStdin));
        await audit.record(actor, "设置密码", { 账户: username });
        io.out(`已为「${username}」设置新密码。`);
        return 0;
      case "role": {
        const role = parseRole(extra ?? parsed.values.role ?? "");
        if (!role) {
          io.err(`角色须为 管理员、编辑 或 只读。\n${USER_USAGE}`);
          return 2;
        }
        await staff.setRole(username, role);
        await audit.record(actor, "修改角色", { 账户: username, 角色: ROLE_NAMES[role] });
        io.out(`「${username}」现在是${ROLE_NAMES[role]}。`);
        return 0;
      }
      case "disable":
      case "enable":
        await staff.setDisabled(username, command === "disable");
        await audit.record(actor, command === "disable" ? "停用账户" : "启用账户", { 账户: username });
        io.out(`已${command === "disable" ? "停用" : "启用"}「${username}」。`);
        return 0;
      case "list":
        for (const u of await staff.list()) io.out(`${u.username}\t${u.displayName}\t${ROLE_NAMES[u.role]}${u.disabled ? "\t已停用" : ""}`);
        return 0;
      default:
        io.err(`未知命令「${command}」。\n${USER_USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof StaffError || e instanceof PasswordInputError) {
      io.err(e.message);
      return 1;
    }
    throw e;
  } finally {
    await state.close();
  }
}

export class PasswordInputError extends Error {}

/** Reads all of stdin (scripts: `printf '%s' "$PW" | npm run user -- add … --password-stdin`). */
async function stdinText(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** Asks at the terminal without echoing what is typed. */
function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    out._writeToOutput = (s: string) => {
      if (s.startsWith(prompt)) process.stdout.write(prompt);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return stdinText();
  if (!process.stdin.isTTY) throw new PasswordInputError("没有终端可输入密码：请加 --password-stdin 并从标准输入传入密码。");
  const first = await ask("新密码（至少 10 个字符）：");
  const second = await ask("再输入一次：");
  if (first !== second) throw new PasswordInputError("两次输入的密码不一致，未做任何修改。");
  return first;
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return runUserCli(process.argv.slice(2), config, {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    readPassword,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
