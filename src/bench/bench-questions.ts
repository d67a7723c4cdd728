// Questions the latency and HTTP benchmarks send: every user turn in eval/questions.jsonl, or, when the
// dataset is absent, spans of the plan's own clauses so the benchmark still runs.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadPlanSentences, syntheticQueries } from "./synthetic-corpus.js";

export interface BenchQuestions {
  questions: string[];
  source: string;
}

export function loadBenchQuestions(rootDir: string, corpusDir: string): BenchQuestions {
  const file = path.join(rootDir, "eval", "questions.jsonl");
  if (existsSync(file)) {
    const questions: string[] = [];
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (!line.trim()) return;
        let o: { q?: unknown; turns?: unknown };
        try {
          o = JSON.parse(line) as typeof o;
        } catch {
          throw new Error(`${file}:${i + 1}: not valid JSON`);
        }
        if (typeof o.q === "string") questions.push(o.q);
        else if (Array.isArray(o.turns)) for (const t of o.turns) if (typeof t === "string") questions.push(t);
      });
    if (questions.length > 0) return { questions, source: path.relative(rootDir, file) };
  }
  const sentences = loadPlanSentences(path.join(corpusDir, "plan", "plan.md"));
  return { questions: syntheticQueries(sentences, 200), source: "plan clauses (eval/questions.jsonl missing)" };
}
