import { afterEach, describe, expect, it, vi } from "vitest";
import { WidgetError } from "./api.js";
import { buildMatchRequest, fetchSessionProfile, optionLabel, postMatch, profileFromState, stateFromProfile, type ProfileOptions } from "./match-api.js";

const opt = (value: string, labelEn = value.toUpperCase()) => ({ value, label: value, labelEn });
const OPTIONS: ProfileOptions = {
  unitTypes: [opt("企业"), opt("高校"), opt("医院")],
  sizes: [opt("中小企业"), opt("大型企业")],
  statuses: [opt("科小"), opt("高企"), opt("初创")],
  locations: [opt("武汉市"), opt("其他省份")],
  activities: [opt("研发"), opt("成果转化"), opt("贷款")],
};
const EMPTY = { unitType: "", size: "", statuses: [], location: "", activities: [] };

describe("profileFromState", () => {
  it("leaves out what is unset", () => {
    expect(profileFromState(EMPTY, OPTIONS)).toEqual({});
    expect(profileFromState({ ...EMPTY, unitType: "高校" }, OPTIONS)).toEqual({ unitType: "高校" });
  });

  it("keeps multi-choices in the options' order, once each, whatever order they were ticked in", () => {
    const p = profileFromState({ ...EMPTY, unitType: "企业", statuses: ["初创", "科小", "初创"], activities: ["贷款", "研发"] }, OPTIONS);
    expect(p).toEqual({ unitType: "企业", statuses: ["科小", "初创"], activities: ["研发", "贷款"] });
  });

  it("drops values the options no longer offer (a refilled profile after the vocabulary changed)", () => {
    const p = profileFromState({ unitType: "已删除", size: "大型企业", statuses: ["旧状态", "高企"], location: "火星", activities: ["旧事项"] }, OPTIONS);
    expect(p).toEqual({ size: "大型企业", statuses: ["高企"] });
  });
});

describe("stateFromProfile", () => {
  it("refills the form from a remembered profile", () => {
    expect(stateFromProfile({ unitType: "企业", size: "中小企业", statuses: ["高企"], location: "武汉市", activities: ["研发", "成果转化"] }, OPTIONS)).toEqual({
      unitType: "企业",
      size: "中小企业",
      statuses: ["高企"],
      location: "武汉市",
      activities: ["研发", "成果转化"],
    });
  });

  it("gives an empty form for no profile, and drops unknown values", () => {
    expect(stateFromProfile(undefined, OPTIONS)).toEqual(EMPTY);
    expect(stateFromProfile({ unitType: "不存在", statuses: ["初创", "x"] }, OPTIONS)).toEqual({ ...EMPTY, statuses: ["初创"] });
  });
});

describe("buildMatchRequest", () => {
  it("carries the session and language, and omits a missing session", () => {
    const state = { ...EMPTY, unitType: "医院", location: "武汉市" };
    expect(buildMatchRequest(state, OPTIONS, "tok", "en")).toEqual({ profile: { unitType: "医院", location: "武汉市" }, sessionId: "tok", lang: "en" });
    expect(buildMatchRequest(state, OPTIONS, undefined, "zh")).toEqual({ profile: { unitType: "医院", location: "武汉市" }, lang: "zh" });
  });
});

describe("optionLabel", () => {
  it("shows the English label in English, the Chinese one otherwise, and falls back when English is missing", () => {
    expect(optionLabel(opt("高校", "University"), "en")).toBe("University");
    expect(optionLabel(opt("高校", "University"), "zh")).toBe("高校");
    expect(optionLabel({ value: "x", label: "未译", labelEn: "" }, "en")).toBe("未译");
  });
});

describe("API errors", () => {
  afterEach(() => vi.unstubAllGlobals());
  const respond = (status: number, body: unknown) =>
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })));

  it("shows the API's own Chinese message for a 400 (it names the bad option)", async () => {
    respond(400, { error: { code: "bad_request", message: "未知的单位类型：火星企业" } });
    await expect(postMatch("http://x", { profile: {}, lang: "zh" })).rejects.toMatchObject({ message: "未知的单位类型：火星企业", code: "bad_request" });
  });

  it("uses an English line in English, and fixed lines for 429, 5xx and network failure", async () => {
    respond(400, { error: { code: "bad_request", message: "未知的单位类型" } });
    await expect(postMatch("http://x", { profile: {}, lang: "en" })).rejects.toMatchObject({ message: "The request failed. Please try again later." });
    respond(429, {});
    await expect(postMatch("http://x", { profile: {}, lang: "zh" })).rejects.toMatchObject({ code: "rate_limited" });
    respond(502, {});
    await expect(postMatch("http://x", { profile: {}, lang: "zh" })).rejects.toMatchObject({ message: "服务暂时不可用，请稍后再试。" });
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const err = await postMatch("http://x", { profile: {}, lang: "zh" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WidgetError);
    expect((err as WidgetError).code).toBe("network");
  });

  it("reads an unknown session as no profile, but lets other failures through", async () => {
    respond(404, { error: { code: "not_found" } });
    await expect(fetchSessionProfile("http://x", "tok", "zh")).resolves.toBeUndefined();
    respond(200, { sessionId: "tok", turns: [], profile: { unitType: "高校" } });
    await expect(fetchSessionProfile("http://x", "tok", "zh")).resolves.toEqual({ unitType: "高校" });
    respond(500, {});
    await expect(fetchSessionProfile("http://x", "tok", "zh")).rejects.toMatchObject({ code: "server" });
  });

  it("sends the token URL-encoded and the match body as JSON", async () => {
    const fetchMock = vi.fn(async (..._args: unknown[]) => new Response("{}", { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    await fetchSessionProfile("http://x", "a+b/c", "zh");
    expect(fetchMock.mock.calls[0][0]).toBe("http://x/api/session?sessionId=a%2Bb%2Fc");
    await postMatch("http://x", { profile: { unitType: "高校" }, sessionId: "t", lang: "zh" });
    const init = fetchMock.mock.calls[1][1] as RequestInit;
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual({ profile: { unitType: "高校" }, sessionId: "t", lang: "zh" });
  });
});
