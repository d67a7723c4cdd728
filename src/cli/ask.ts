// `npm run ask -- "问题"`: prints the answer, 专题, verdict and sources (`--json` prints the AnswerResult).
// `--retrieve` is the staff hit test (src/cli/retrieve.ts). With no question it opens a small REPL.
import path from "node:path";
import readline from "node:readline/promises";
import { pathToFileURL } from "node:url";
import { ConfigError, loadConfig, type Config } from "../config.js";
import type { AnswerResult, Assistant } from "../core/types.js";
import { CorpusError, formatIssue } from "../corpus/corpus-error.js";
import { makeAssistant } from "../wiring.js";
import { runRetrieveCli } from "./retrieve.js";

export const ASK_USAGE = 'usage: npm run ask -- [--json] [--session ID] "问题"   |   npm run ask -- --retrieve "问题"';

export interface AskArgs {
  json: boolean;
  session?: string;
  question: string;
}

export function parseAskArgs(argv: string[]): AskArgs | { error: string } {
  let json = false;
  let session: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") json = true;
    else if (a === "--session") {
      session = argv[++i];
      if (!session) return { error: "--session needs an id" };
    } else if (a === "-h" || a === "--help") return { error: ASK_USAGE };
    else if (a.startsWith("--")) return { error: `unknown option ${a}\n${ASK_USAGE}` };
    else words.push(a);
  }
  return { json, session, question: words.join(" ").trim() };
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

async function repl(assistant: Assistant, json: boolean): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  let sessionId: string | undefined;
  process.stdout.write("科技计划政策助手 — 输入问题，回车提问；空行或 Ctrl-D 退出。\n");
  try {
    for (;;) {
      const q = (await rl.question("> ")).trim();
      if (!q) break;
      const r = await assistant.answer({ question: q, sessionId }, { channel: "cli" });
      sessionId = r.sessionId;
      process.stdout.write((json ? JSON.stringify(r, null, 2) : formatResult(r)) + "\n\n");
    }
  } catch (err) {
    // readline rejects on Ctrl-D (closed input); that simply ends the session.
    if (!(err instanceof Error && /closed/i.test(err.message))) throw err;
  } finally {
    rl.close();
  }
}

export async function runAskCli(argv: string[], config?: Config): Promise<number> {
  if (argv.includes("--retrieve")) return runRetrieveCli(argv, { config });
  const args = parseAskArgs(argv);
  if ("error" in args) {
    process.stderr.write(args.error + "\n");
    return 2;
  }
  const cfg = config ?? loadConfig();
  const assistant = await makeAssistant(cfg);
  try {
    if (!args.question) {
      await repl(assistant, args.json);
      return 0;
    }
    const r = await assistant.answer({ question: args.question, sessionId: args.session }, { channel: "cli" });
    process.stdout.write((args.json ? JSON.stringify(r, null, 2) : formatResult(r)) + "\n");
    return 0;
  } finally {
    await assistant.close();
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
