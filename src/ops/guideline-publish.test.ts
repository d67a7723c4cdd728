// The staff path for a guideline, end to end on the production server stack: a running assistant says
// 方案未规定 about an amount; a Word guideline is dropped into corpus/guidelines/; `npm run ingest` (runIngest)
// builds the index and writes the reindex signal; the running server picks it up and answers the amount and the
// deadline from the document, cited by document, table and row.
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIngest } from "../cli/ingest.js";
import type { AnswerResult } from "../core/types.js";
import { docx14, makeGuidelineCorpus, type GuidelineCorpus } from "../corpus/testing/guideline-corpus.js";
import { signalReindex } from "./reindex-signal.js";
import { startOpsServer, type OpsServer } from "./testing/ops-server.js";

let g: GuidelineCorpus;
let s: OpsServer;

beforeAll(async () => {
  g = await makeGuidelineCorpus({ documents: false });
  s = await startOpsServer({ CORPUS_DIR: g.corpusDir, RELOAD_POLL_MS: "100" }, path.join(g.root, "data"));
}, 60_000);
afterAll(async () => {
  await s?.cleanup();
  await g?.cleanup();
  if (g) await rm(g.root, { recursive: true, force: true });
});

async function ask(question: string): Promise<AnswerResult> {
  const res = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question } });
  expect(res.statusCode).toBe(200);
  return res.json<AnswerResult>();
}
const health = async () => (await s.app.inject({ method: "GET", url: "/healthz" })).json<{ index: { corpusHash: string } }>().index;

describe("publishing a Word guideline", () => {
  it("drop the file, npm run ingest, and the running assistant answers its amount and deadline with the place cited", async () => {
    const before = await ask("科技贷款贴息最多能补多少钱？");
    expect(before.answer).toContain("方案未规定");
    const hash = (await health()).corpusHash;

    await g.write("guidelines/2025-keji-jinrong.docx", await docx14());
    const lines: string[] = [];
    const r = await runIngest({ ...s.config, ROOT_DIR: g.root }, { info: (l) => lines.push(l), error: (l) => lines.push(l) });
    expect(r.ok).toBe(true);
    expect(lines.join("\n")).toContain("+ guidelines/2025-keji-jinrong.docx");
    await signalReindex(s.config.DATA_DIR); // what `npm run ingest` does after a good build

    const deadline = Date.now() + 30_000;
    while ((await health()).corpusHash === hash) {
      if (Date.now() > deadline) throw new Error("the server did not pick up the new index");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await s.runtime.ops.reindex.idle();

    const amount = await ask("科技贷款贴息最多能补多少钱？");
    expect(amount.answer).toContain("单个企业每年最高88万元");
    expect(amount.answer).not.toContain("方案未规定");
    expect(amount.citations[0]).toMatchObject({
      label: "《2025年度科技金融计划申报指南（测试样例）》第1页 表1 第1行 › 一、补助标准",
      source: expect.stringMatching(/corpus\/guidelines\/2025-keji-jinrong\.docx#page=1&table=1&row=1$/),
      place: { page: 1, table: 1, row: 1 },
    });
    const due = await ask("科技金融计划什么时候截止申报");
    expect(due.answer).toContain("**申报已截止**：截止日期2025年4月30日已过。");
    expect(due.citations[0].label).toBe("《2025年度科技金融计划申报指南（测试样例）》第2页 › 二、申报时间"); // a Word file's page, from its page break
  }, 120_000);
});
