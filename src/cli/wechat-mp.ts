// `npm run wechat-mp -- menu [--file deploy/wechat-mp-menu.json] [--dry-run]`: checks the 公众号 custom menu
// file against WeChat's rules and publishes it (/cgi-bin/token, then /cgi-bin/menu/create). --dry-run only
// checks and prints the body. The platform is WECHAT_API_BASE with WECHAT_MP_APP_ID / WECHAT_MP_APP_SECRET.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { checkMenuText, type Menu, type MenuCheck } from "../channels/wechat-mp/menu.js";
import { makePlatformClient, PlatformApiError } from "../channels/wecom/platform-client.js";

export const DEFAULT_MENU_FILE = "deploy/wechat-mp-menu.json";

export interface CliOutput {
  info(line: string): void;
  error(line: string): void;
}

const consoleOutput: CliOutput = {
  info: (l) => process.stdout.write(`${l}\n`),
  error: (l) => process.stderr.write(`${l}\n`),
};

export async function readMenuFile(file: string, rootDir: string): Promise<MenuCheck> {
  let text: string;
  try {
    text = await readFile(path.resolve(rootDir, file), "utf8");
  } catch (err) {
    return { ok: false, problems: [`${file}: cannot read: ${err instanceof Error ? err.message : String(err)}`] };
  }
  return checkMenuText(text, file);
}

/** Gets an access_token and POSTs the menu; throws PlatformApiError (with the platform's errcode/errmsg) on failure. */
export async function publishMenu(menu: Menu, opts: { base: string; appId: string; appSecret: string; timeoutMs?: number }): Promise<void> {
  const client = makePlatformClient({
    base: opts.base,
    tokenPath: "/cgi-bin/token",
    tokenQuery: { grant_type: "client_credential", appid: opts.appId, secret: opts.appSecret },
    timeoutMs: opts.timeoutMs,
  });
  await client.post("/cgi-bin/menu/create", menu);
}

/** The whole command; returns the exit code. */
export async function runWechatMp(argv: string[], config: Config, out: CliOutput = consoleOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { file: { type: "string", default: DEFAULT_MENU_FILE }, "dry-run": { type: "boolean", default: false } },
    });
  } catch (err) {
    out.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
  const [command, ...rest] = parsed.positionals;
  if (command !== "menu" || rest.length > 0) {
    out.error("usage: npm run wechat-mp -- menu [--file deploy/wechat-mp-menu.json] [--dry-run]");
    return 1;
  }
  const file = parsed.values.file;
  const check = await readMenuFile(file, config.ROOT_DIR);
  if (!check.ok) {
    out.error(`the menu file has ${check.problems.length} problem(s); nothing was published:`);
    for (const p of check.problems) out.error(`  ${p}`);
    return 1;
  }
  const body = JSON.stringify(check.menu, null, 2);
  if (parsed.values["dry-run"]) {
    out.info(`${file} is valid (dry run, not published). The /cgi-bin/menu/create body:`);
    out.info(body);
    return 0;
  }
  const appId = config.WECHAT_MP_APP_ID;
  const appSecret = config.WECHAT_MP_APP_SECRET;
  if (!appId || !appSecret) {
    out.error("publishing needs WECHAT_MP_APP_ID and WECHAT_MP_APP_SECRET (公众平台 → 设置与开发 → 基本配置); use --dry-run to only check the file");
    return 1;
  }
  try {
    await publishMenu(check.menu, { base: config.WECHAT_API_BASE, appId, appSecret });
  } catch (err) {
    if (err instanceof PlatformApiError) {
      out.error(`publishing the menu failed: errcode ${err.errcode}: ${err.message}`);
      return 1;
    }
    out.error(`publishing the menu failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  out.info(`menu published to ${config.WECHAT_API_BASE} (${check.menu.button.map((b) => b.name).join(" | ")}); 公众号 followers see it within minutes`);
  return 0;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  process.exitCode = await runWechatMp(process.argv.slice(2), config);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`wechat-mp failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
