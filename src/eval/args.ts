// Command-line options of `npm run eval`.
import { parseArgs } from "node:util";
import { CASE_KINDS, type CaseKind } from "./dataset.js";

export interface EvalArgs {
  datasets: string[];
  url?: string;
  kinds?: CaseKind[];
  json: boolean;
  compare?: string;
  out?: string;
  fromFeedback?: string;
  saveBaseline?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run eval -- [options]

  --dataset FILE        JSONL eval set (repeatable; default eval/questions.jsonl)
  --url URL             evaluate a running server through POST /api/ask instead of in-process
  --kind K              only cases of this kind (repeatable or comma-separated):
                        ${CASE_KINDS.join(", ")}
  --json                print the machine-readable summary (JSON) on stdout; tables go to stderr
  --compare FILE        compare with a report.json or eval/baseline.json; exit 1 when a metric
                        drops by more than EVAL_TOLERANCE (default 0.02)
  --out DIR             write report.json and report.html to DIR (default eval/reports/<timestamp>)
  --save-baseline FILE  also write this run's summary and per-case pass/fail as a baseline (eval/baseline.json)
  --from-feedback FILE  turn downvoted feedback (JSONL of {question, answer, rating, comment?, topics?})
                        into unlabeled cases; printed on stdout, or DIR/feedback-cases.jsonl with --out DIR
  --help                this text

Exit codes: 0 done, 1 regression against --compare, 2 bad options/dataset/baseline, 3 the assistant could not be reached.`;

export class UsageError extends Error {
  override name = "UsageError";
}

export function parseEvalArgs(argv: string[]): EvalArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        dataset: { type: "string", multiple: true },
        url: { type: "string" },
        kind: { type: "string", multiple: true },
        json: { type: "boolean", default: false },
        compare: { type: "string" },
        out: { type: "string" },
        "from-feedback": { type: "string" },
        "save-baseline": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let kinds: CaseKind[] | undefined;
  if (values.kind) {
    const raw = values.kind.flatMap((k) => k.split(",")).map((k) => k.trim()).filter(Boolean);
    const bad = raw.filter((k) => !(CASE_KINDS as readonly string[]).includes(k));
    if (bad.length) throw new UsageError(`unknown --kind ${bad.join(", ")} (expected ${CASE_KINDS.join(", ")})`);
    kinds = raw as CaseKind[];
  }
  return {
    datasets: values.dataset?.length ? values.dataset : ["eval/questions.jsonl"],
    ...(values.url !== undefined && { url: values.url }),
    ...(kinds && { kinds }),
    json: values.json,
    ...(values.compare !== undefined && { compare: values.compare }),
    ...(values.out !== undefined && { out: values.out }),
    ...(values["from-feedback"] !== undefined && { fromFeedback: values["from-feedback"] }),
    ...(values["save-baseline"] !== undefined && { saveBaseline: values["save-baseline"] }),
    help: values.help,
  };
}
