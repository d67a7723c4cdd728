import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pruneRuns, RUNS_DIR, RUNS_KEPT } from "./eval-runs.js";

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kjzs-eval-runs-"));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const run = (n: number, finished = true) => {
  const id = new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString().replace(/[:.]/g, "-");
  const dir = path.join(dataDir, RUNS_DIR, id);
  fs.mkdirSync(dir, { recursive: true });
  if (finished) fs.writeFileSync(path.join(dir, "run.json"), "{}");
  return id;
};

describe("pruneRuns", () => {
  it(`keeps the newest ${RUNS_KEPT} finished runs and deletes older folders`, () => {
    const ids = Array.from({ length: RUNS_KEPT + 3 }, (_, i) => run(i));
    const unfinishedNew = run(RUNS_KEPT + 10, false); // a run being written: newest, kept
    fs.mkdirSync(path.join(dataDir, RUNS_DIR, "not-a-run"));
    expect(pruneRuns({ DATA_DIR: dataDir })).toBe(3);
    const left = fs.readdirSync(path.join(dataDir, RUNS_DIR)).sort();
    expect(left).toHaveLength(RUNS_KEPT + 2);
    expect(left).toContain(unfinishedNew);
    expect(left).toContain("not-a-run");
    for (const id of ids.slice(0, 3)) expect(left).not.toContain(id);
    expect(left).toContain(ids[3]);
    expect(pruneRuns({ DATA_DIR: dataDir })).toBe(0);
  });
});
