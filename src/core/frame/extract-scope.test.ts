import { beforeAll, describe, expect, it } from "vitest";
import { realKnowledge, type RealKnowledge } from "../testing/real-knowledge.js";
import { splitClauses } from "./clauses.js";
import { extractPlaces } from "./extract-places.js";
import { extractScope } from "./extract-scope.js";

let k: RealKnowledge;
beforeAll(async () => {
  k = await realKnowledge();
});
// Plan content that clearly ranks one 专题, as the pipeline decides it.
const evidence = (text: string) => {
  if (k.ranker.topicalWords(text).length === 0) return false;
  const [a, b] = k.ranker.rank(text);
  return a.score >= 0.5 && (b?.score ?? 0) < a.score * 0.8;
};
const scope = (text: string) => {
  const clauses = splitClauses(text);
  const places = extractPlaces(text, clauses, k.lex);
  return extractScope(
    { text, clauses, planText: k.corpus.plan.text, otherGovernment: places.otherGovernment, hasTopicEvidence: evidence, places: [...places.incidental, ...places.partners], typeSpans: k.lex.types.findAll(text) },
    k.lex,
  );
};
const declined = (text: string) => scope(text).declined?.kind ?? null;

describe("extractScope: neighbouring matters", () => {
  it("declines a request whose head is another authority's matter, naming who handles it", () => {
    const d = scope("研发费用加计扣除现在是多少比例").declined!;
    expect([d.kind, d.domain, d.handler]).toEqual(["domain", "tax", "税务部门"]);
    expect(declined("高新技术企业所得税是不是按15%交")).toBe("domain");
    expect(declined("软件著作权登记要多久")).toBe("domain");
    expect(declined("帮我写一首关于长江的诗")).toBe("domain");
  });

  it("reads only the request: background and held facts are no request", () => {
    expect(declined("周末带娃去看科普活动，结束挺晚的，地铁2号线末班车几点")).toBe("domain");
    expect(declined("我们拿到了专利，能申请成果转化支持吗")).toBeNull();
    expect(declined("我们想办一场科普活动，有支持吗")).toBeNull();
    // Perfective aspect reports a fact: a certification already obtained is background, not the question.
    expect(declined("我们公司在江夏，刚认定高企，能拿什么补贴？")).toBeNull();
    expect(declined("去年已经通过高新技术企业认定，今年有什么支持")).toBeNull();
    expect(declined("高企认定需要什么条件")).toBe("domain");
    expect(declined("高企认定了吗怎么查")).toBe("domain");
  });

  it("a cue that modifies plan content or describes the asker is not what is asked", () => {
    expect(declined("我们的专利想转化，有什么支持")).toBeNull();
    expect(declined("专精特新企业想搞共性技术研发，报哪个")).toBeNull();
    expect(declined("退休教授，想写本地产业发展的研究报告，有没有渠道")).toBeNull();
  });

  it("with no plan content in the request, the background says what it is about", () => {
    expect(declined("孩子小升初，武昌区的学校怎么选")).toBe("domain");
  });
});

describe("extractScope: other governments and the plan's own national items", () => {
  it("another government's programme asked for is declined; held, it is a fact", () => {
    expect(scope("国家自然科学基金面上项目什么时候申报").declined?.kind).toBe("level");
    expect(scope("湖北省重点研发计划今年指南出了没").declined?.name).toMatch(/湖北省/);
    expect(scope("怎么申请nsfc资助").declined?.kind).toBe("level");
    // The level as possessor of the programme ("X的项目").
    expect(scope("省科技厅的重点研发项目怎么报").declined?.kind).toBe("level");
    expect(scope("国家的重点研发计划今年什么时候申报").declined?.kind).toBe("level");
    expect(scope("我们拿到了省里的项目，市里还能报吗").declined).toBeUndefined();
    const held = scope("我们企业牵头承担了国家重点研发计划项目，市里有补助吗");
    expect(held.declined).toBeUndefined();
    expect(held.external.map((e) => e.held)).toEqual([true]);
  });

  it("the plan's own national-level items stay in scope when held or when their support is asked", () => {
    expect(scope("我们拿了国家科技进步奖，市里有配套吗").inScope.map((i) => i.topic)).toEqual([10]);
    expect(scope("国家实验室建设有支持吗").declined).toBeUndefined();
    expect(scope("国家科技进步奖怎么提名申报").declined).toBeDefined();
  });

  it("another city's policy", () => {
    expect(scope("上海的科技小巨人项目申报要求").declined?.kind).toBe("place");
    expect(scope("我们想和长沙的高校合作，市里有支持吗").declined).toBeUndefined();
  });

  it("knows whether anything ties the message to S&T support", () => {
    expect(scope("今天心情不好").planSign).toBe(false);
    expect(scope("孵化器有什么支持").planSign).toBe(true);
  });
});
