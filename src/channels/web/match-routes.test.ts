// 政策匹配 and session resume over HTTP, on the real assistant: every 专题 judged with reasons and cited clauses,
// the profile remembered and used by chat, bad choices refused with a message naming them.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import type { AnswerResult, Assistant, MatchReport } from "../../core/types.js";
import { makeAssistant } from "../../wiring.js";
import { buildApp } from "./app.js";

let dataDir: string;
let assistant: Assistant;
let app: FastifyInstance;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "web-match-"));
  const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: dataDir });
  assistant = await makeAssistant(config);
  app = await buildApp({ assistant, config });
});

afterAll(async () => {
  await app?.close();
  await assistant?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const post = (url: string, payload: object) => app.inject({ method: "POST", url, payload });

interface Options {
  unitTypes: { value: string; label: string; labelEn: string }[];
  statuses: { value: string }[];
  locations: { value: string }[];
  sizes: { value: string }[];
  activities: { value: string }[];
}

async function options(): Promise<Options> {
  const res = await app.inject({ method: "GET", url: "/api/profile-options" });
  expect(res.statusCode).toBe(200);
  return res.json() as Options;
}

const pick = (list: { value: string }[], re: RegExp) => {
  const hit = list.find((o) => re.test(o.value));
  if (!hit) throw new Error(`no option matching ${re}`);
  return hit.value;
};

describe("GET /api/profile-options", () => {
  it("offers the vocabulary's choices with Chinese and English labels", async () => {
    const o = await options();
    for (const group of [o.unitTypes, o.sizes, o.statuses, o.locations, o.activities]) expect(group.length).toBeGreaterThan(0);
    expect(o.unitTypes.every((u) => u.label && u.labelEn)).toBe(true);
    expect(o.statuses.map((s) => s.value).join()).toMatch(/高新技术企业/);
  });
});

describe("POST /api/match", () => {
  it("judges every 专题 for a newly approved high-tech software firm in Wuhan, the fitting ones first, each with its clause", async () => {
    const o = await options();
    const profile = {
      unitType: pick(o.unitTypes, /科技型企业/),
      size: pick(o.sizes, /中小/),
      statuses: [pick(o.statuses, /新获批高新技术企业/)],
      location: pick(o.locations, /武汉市/),
      activities: [pick(o.activities, /成果转化/)],
    };
    const res = await post("/api/match", { profile });
    expect(res.statusCode).toBe(200);
    const r = res.json() as MatchReport;
    expect(r.results).toHaveLength(assistant.topics().length);
    expect(r.summary.eligible + r.summary.uncertain + r.summary.ineligible).toBe(assistant.topics().length);
    // Ordered by fit: all 符合 before 需补充 before 不符合.
    const order = { eligible: 0, uncertain: 1, ineligible: 2 };
    expect(r.results.map((x) => order[x.verdict])).toEqual([...r.results.map((x) => order[x.verdict])].sort());
    const byId = new Map(r.results.map((x) => [x.topic.id, x]));
    // 专题9 gives 后补助 to newly approved high-tech enterprises; 专题1 is for key universities and institutes.
    expect(byId.get(9)!.verdict).toBe("eligible");
    expect(byId.get(1)!.verdict).toBe("ineligible");
    expect(byId.get(1)!.reason).toMatch(/不符合/);
    // A tech SME without a stated loan: 专题14 asks about the loan instead of guessing.
    expect(byId.get(14)!.verdict).toBe("uncertain");
    expect(byId.get(14)!.missing.join()).toMatch(/贷款/);
    // The stage met (新获批) ranks 专题9 above eligible 专题 that only match the unit type.
    const eligible = r.results.filter((x) => x.verdict === "eligible").map((x) => x.topic.id);
    expect(eligible.indexOf(9)).toBeLessThan(eligible.indexOf(11));
    for (const x of r.results) {
      expect(x.citation?.label).toMatch(new RegExp(`^《武汉市科技计划体系改革优化方案》 › .*专题${x.topic.id}：`));
      for (const c of x.conditions) if (c.citation) expect(c.citation.quote.length).toBeGreaterThan(0);
    }
    expect(r.note).toMatch(/方案未规定，以年度申报指南为准/);
    expect(r.sessionId).toMatch(/\./);
  });

  it("a university hospital is not a company: company 专题 are 不符合, research 专题 need more information", async () => {
    const o = await options();
    const res = await post("/api/match", { profile: { unitType: pick(o.unitTypes, /附属医院/), location: pick(o.locations, /武汉市/) } });
    const r = res.json() as MatchReport;
    const byId = new Map(r.results.map((x) => [x.topic.id, x]));
    expect(byId.get(14)!.verdict).toBe("ineligible");
    expect(byId.get(9)!.verdict).toBe("ineligible");
    expect(byId.get(2)!.verdict).toBe("uncertain");
    expect(r.summary.eligible).toBe(0);
  });

  it("in English: verdicts, topic names and the clause's unofficial rendering", async () => {
    const o = await options();
    const res = await post("/api/match", { profile: { unitType: pick(o.unitTypes, /科技型企业/), statuses: [pick(o.statuses, /有科技贷款/)] }, lang: "en" });
    const r = res.json() as MatchReport;
    const t14 = r.results.find((x) => x.topic.id === 14)!;
    expect(["Eligible", "Need more information"]).toContain(t14.verdictText);
    expect(t14.topic.nameEn).toMatch(/[A-Za-z]/);
    expect(t14.citation?.translation?.text).toMatch(/loan/i);
    expect(t14.citation?.translation?.note).toMatch(/Unofficial/);
    expect(r.profileText).toMatch(/[A-Za-z]/);
  });

  it("refuses a choice the panel does not offer, naming it, and an unknown field", async () => {
    const bad = await post("/api/match", { profile: { unitType: "外星机构" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/外星机构/);
    const extra = await post("/api/match", { profile: { colour: "red" } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.code).toBe("invalid_request");
  });

  it("remembers the profile: chat answers an eligibility question from it, and /api/session returns the form and turns", async () => {
    const o = await options();
    const profile = { unitType: pick(o.unitTypes, /^高校$/) };
    const m = (await post("/api/match", { profile })).json() as MatchReport;
    const chat = (await post("/api/ask", { question: "专题1特区计划我们能申请吗？", sessionId: m.sessionId })).json() as AnswerResult;
    expect(chat.sessionId).toBe(m.sessionId);
    // Told nothing in the question, the answer still knows the unit is a university (专题1 then turns on 重点高校).
    expect(chat.answer).toMatch(/高校/);
    expect(chat.verdict).not.toBe("ineligible");
    const s = await app.inject({ method: "GET", url: `/api/session?sessionId=${encodeURIComponent(m.sessionId)}` });
    expect(s.statusCode).toBe(200);
    const body = s.json() as { profile: object; turns: { question: string; answer: AnswerResult }[] };
    expect(body.profile).toEqual(profile);
    expect(body.turns).toHaveLength(1);
    expect(body.turns[0].answer.citations.length).toBeGreaterThan(0);
    expect(body.turns[0].answer.citations[0].label).toMatch(/^《/);
  });

  it("GET /api/session is 404 for a forged or unknown token, and issues nothing", async () => {
    for (const token of ["demo-user", "abc.def", ""]) {
      const res = await app.inject({ method: "GET", url: `/api/session?sessionId=${encodeURIComponent(token)}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("not_found");
    }
  });
});
