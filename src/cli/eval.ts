// Entry point of `npm run eval` (see src/eval/args.ts for the options).
import { ConfigError, loadConfig } from "../config.js";
import { runEval } from "../eval/cli-main.js";
import { makeObservedAssistant } from "../eval/observed-assistant.js";

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const { code } = await runEval(process.argv.slice(2), {
    config,
    makeAssistant: makeObservedAssistant,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  });
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`eval: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 3;
  },
);
