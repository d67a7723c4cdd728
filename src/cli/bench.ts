// `npm run bench [-- --quick] [--only pipeline,http,coldStart,scale,ingest,scale1m] [--out-dir DIR] [--embedder offline|hash]`
// Without --only every section but scale1m (1M chunks, about 25 minutes) runs. Runs the benchmarks, writes eval/reports/bench-<timestamp>.json and prints one summary table.
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { FULL_PLAN, QUICK_PLAN, SECTIONS, parseSections, type Section } from "../bench/bench-plan.js";
import { formatSummary, writeReport } from "../bench/report.js";
import { runBench } from "../bench/run-bench.js";
import type { VectorSourceName } from "../bench/vector-source.js";

const USAGE = `usage: npm run bench -- [--quick] [--only ${SECTIONS.join(",")}] [--out-dir DIR] [--embedder offline|hash]
  (scale1m, 1M chunks: about 25 minutes and 5 GiB; runs only when --only names it, never with --quick)`;

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        quick: { type: "boolean", default: false },
        only: { type: "string" },
        "out-dir": { type: "string" },
        embedder: { type: "string", default: "offline" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const plan = args.quick ? QUICK_PLAN : FULL_PLAN;
  let sections: Section[];
  try {
    sections = parseSections(args.only, plan);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (args.embedder !== "offline" && args.embedder !== "hash") fail(`unknown embedder "${args.embedder}"`);

  const config = loadConfig();
  const report = await runBench({
    config,
    plan,
    quick: args.quick,
    sections,
    embedder: args.embedder as VectorSourceName,
    log: (line) => console.error(line),
  });
  const outDir = path.resolve(args["out-dir"] ?? path.join(config.ROOT_DIR, "eval", "reports"));
  const file = writeReport(report, outDir);
  console.log(formatSummary(report));
  console.log(`\nreport: ${path.relative(process.cwd(), file) || file}`);
  if (Object.keys(report.errors).length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
