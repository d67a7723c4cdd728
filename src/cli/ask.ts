// `npm run ask -- "问题"`: prints the answer, 专题, verdict and sources (`--json` prints the AnswerResult,
// `--explain` how the question was read and decided). `--session ID` continues a conversation across separate
// calls (kept in DATA_DIR's database, like the server's). `--retrieve` is the staff hit test (src/cli/retrieve.ts).
// With no question it reads questions line by line — typed at a prompt, or piped in — in one conversation.
import path from "node:path";
import readline from "node:readline/promises";
import { pathToFileURL } from "node:url";
import { ConfigError, loadConfig, type Config } from "../config.js";
import type { AnswerResult, Assistant } from "../core/types.js";
import { CorpusError, formatIssue } from "../corpus/corpus-error.js";
import { makeAssistant } from "../wiring.js";
import { closeDb, openDb } from "../ops/db.js";
import { SqlSessionStore } from "../ops/sql-session-store.js";
import { formatExplanation } from "./format-explanation.js";
import { runRetrieveCli } from "./retrieve.js";

export const ASK_USAGE = 'usage: npm run ask -- [--json] [--explain] [--session ID] ["问题"]   |   npm run ask -- --retrieve "问题"';

export interface AskArgs {
  json: boolean;
  explain: boolean;
  session?: string;
  question: string;
}

export function parseAskArgs(argv: string[]): AskArgs | { error: string } {
  let json = false;
  let explain = false;
  let session: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") json = true;
    else if (a === "--explain") explain = true;
    else if (a === "--session") {
      session = argv[++i];
      if (!session) return { error: "--session needs an id" };
    } else if (a === "-h" || a === "--help") return { error: ASK_USAGE };
    else if (a.startsWith("--")) return { error: `unknown option ${a}\n${ASK_USAGE}` };
    else words.push(a);
  }
  return { json, explain, session, question: words.join(" ").trim() };
}

/** Human-readable rendering of an answer for the terminal. */
export function formatResult(r: AnswerResult): string {
  const lines = [r.answer, ""];
  if (r.refused) lines.push("[refused]");
  if (r.topics.length) lines.push(`专题: ${r.topics.map((t) => `${t.id} ${t.name} (${t.program}, ${t.score.toFixed(2)})`).join("; ")}`);
  if (r.verdict) lines.push(`verdict: ${r.verdict}`);
  if (r.followUp) lines.push(`follow-up: ${r.followUp}`);
  for (const c of r.citations) lines.push(`source: ${c.source} — ${c.title}`);
  return lines.join("\n");
}

/** One answer as the terminal shows it. */
function render(r: AnswerResult, args: Pick<AskArgs, "json" | "explain">): string {
  if (args.json) return JSON.stringify(r, null, 2);
  const text = formatResult(r);
  return args.explain && r.explanation ? `${text}\n\n${formatExplanation(r.explanation as Parameters<typeof formatExplanation>[0])}` : text;
}

/**
 * Questions line by line in one conversation: at a prompt on a terminal (an empty line ends), or every line of
 * piped input until it ends.
 */
async function repl(assistant: Assistant, args: AskArgs, sessionId: string | undefined, io: AskIo): Promise<void> {
  const rl = readline.createInterface({ input: io.input, terminal: false });
  const interactive = io.interactive;
  if (interactive) io.write("科技计划政策助手 — 输入问题，回车提问；空行或 Ctrl-D 退出。\n> ");
  for await (const line of rl) {
    const q = line.trim();
    if (!q) {
      if (interactive) break;
      continue;
    }
    const r = await assistant.answer({ question: q, sessionId }, { channel: "cli", explain: args.explain });
    sessionId = r.sessionId;
    io.write(render(r, args) + "\n\n" + (interactive ? "> " : ""));
  }
  rl.close();
}

export interface AskIo {
  input: NodeJS.ReadableStream;
  write(text: string): void;
  interactive: boolean;
}

const processIo = (): AskIo => ({ input: process.stdin, write: (t) => process.stdout.write(t), interactive: Boolean(process.stdin.isTTY) });

/** A CLI conversation lives in the server's database under its own key space, so separate calls continue it. */
export const cliSessionId = (name: string) => `cli:${name}`;

export async function runAskCli(argv: string[], config?: Config, io: AskIo = processIo()): Promise<number> {
  if (argv.includes("--retrieve")) return runRetrieveCli(argv, { config });
  const args = parseAskArgs(argv);
  if ("error" in args) {
    process.stderr.write(args.error + "\n");
    return 2;
  }
  const cfg = config ?? loadConfig();
  // A named session is kept in the database so that the next `npm run ask -- --session ID` continues it.
  const db = args.session ? openDb(cfg.DB_FILE) : undefined;
  const assistant = await makeAssistant(cfg, db ? { sessions: new SqlSessionStore(db) } : {});
  const sessionId = args.session ? cliSessionId(args.session) : undefined;
  try {
    if (!args.question) {
      await repl(assistant, args, sessionId, io);
      return 0;
    }
    const r = await assistant.answer({ question: args.question, sessionId }, { channel: "cli", explain: args.explain });
    io.write(render(r, args) + "\n");
    return 0;
  } finally {
    await assistant.close();
    if (db) closeDb(db);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runAskCli(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      if (err instanceof ConfigError) process.stderr.write(err.message + "\n");
      else if (err instanceof CorpusError) for (const e of err.errors) process.stderr.write(formatIssue(e) + "\n");
      else process.stderr.write(`ask failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
