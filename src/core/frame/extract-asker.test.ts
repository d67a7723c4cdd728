import { beforeAll, describe, expect, it } from "vitest";
import { realKnowledge, type RealKnowledge } from "../testing/real-knowledge.js";
import { splitClauses } from "./clauses.js";
import { extractAsker } from "./extract-asker.js";

let k: RealKnowledge;
beforeAll(async () => {
  k = await realKnowledge();
});
const asker = (text: string) => extractAsker(text, splitClauses(text), k.lex);
const types = (text: string) => asker(text).asker.types.map((t) => t.type);

describe("extractAsker: types", () => {
  it("the head of the noun phrase names the organisation; a modifier is what it belongs to", () => {
    const r = asker("我们是大学附属医院的青年医生").asker;
    expect(r.types.map((t) => t.type)).toContain("医疗机构");
    expect(r.affiliateTypes.map((t) => t.type)).toContain("高校");
  });

  it("coordinated types are both, and share a denial", () => {
    const r = asker("我个人，不属于任何高校院所").asker;
    expect(r.types.map((t) => t.type)).toEqual(["个人"]);
    expect(r.negatedTypes.map((t) => t.type).sort()).toEqual(["科研院所", "高校"]);
  });

  it("a partner's type is not the asker's", () => {
    const r = asker("我们公司和一家研究所合作");
    expect(r.asker.types.map((t) => t.type)).toEqual(["企业"]);
    expect(r.partners.map((p) => p.type)).toEqual(["科研院所"]);
  });

  it("a specific type before a broad head is what the organisation runs", () => {
    expect(types("我们是运营孵化器的公司")).toEqual(expect.arrayContaining(["孵化载体", "企业"]));
  });

  it("a business known only by its sector is a business, not a technology one", () => {
    const r = asker("我开了家餐馆").asker;
    expect(r.types.map((t) => t.type)).toEqual(["企业"]);
    expect(r.sector?.sector).toBe("nonTech");
    expect(asker("我们是做芯片设计的公司").asker.sector?.sector).toBe("tech");
  });
});

describe("extractAsker: ownership, size, role", () => {
  it("ownership and legal form", () => {
    expect(asker("我们是外资企业").asker.ownership?.ownership).toBe("外资");
    expect(asker("我们是民营医院").asker.ownership?.ownership).toBe("民办");
  });

  it("size from words and from the 科技型中小企业 limits", () => {
    expect(asker("我们是员工三千多人的大型制造集团").asker.size?.size).toBe("large");
    expect(asker("我们是一家科技型小微企业").asker.size?.size).toBe("sme");
    expect(asker("公司有80人").asker.size?.size).toBe("sme");
  });

  it("lead or participant; a denied lead is a participant", () => {
    expect(asker("我们是牵头单位").asker.lead?.value).toBe("lead");
    expect(asker("我们只是参与单位，不是牵头的").asker.lead?.value).toBe("participant");
  });

  it("a cleft hands the role to the organisation it names, not to the asker", () => {
    expect(asker("我们只是参与了国家项目 牵头的是北京单位").asker.lead?.value).toBe("participant");
    expect(asker("牵头的是我们公司").asker.lead?.value).toBe("lead");
    expect(asker("我们参与的是国家重点研发计划").asker.lead?.value).toBe("participant");
    expect(asker("我们牵头的是省级项目").asker.lead?.value).toBe("lead");
    expect(asker("我们参与了 主持单位是一家央企").asker.lead?.value).toBe("participant");
  });
});

describe("extractAsker: statuses", () => {
  it("with level, polarity and certainty", () => {
    const s = (text: string) => asker(text).asker.statuses.map((x) => ({ status: x.status, level: x.level, certainty: x.role.certainty, negated: x.role.negated }));
    expect(s("我们拿的是湖北省科技进步一等奖")).toEqual([{ status: "科技奖", level: "provincial", certainty: "stated", negated: false }]);
    expect(s("我们获得了国家科技进步奖")[0]).toMatchObject({ status: "科技奖", level: "national" });
    expect(s("高企还在申报中")[0]).toMatchObject({ status: "高新技术企业", certainty: "pending" });
    expect(s("我们不是高企")[0]).toMatchObject({ status: "高新技术企业", negated: true });
  });

  it("a need is not a fact, and a status naming a support is what is asked for", () => {
    const r = asker("想找银行贷款").asker;
    expect(r.statuses).toEqual([]);
    expect(r.needs.map((n) => n.term)).toEqual(["银行贷款"]);
    expect(asker("能申请科技贷款贴息吗").asker.statuses).toEqual([]);
    expect(asker("我们手上有笔科技贷款").asker.statuses.map((x) => x.status)).toEqual(["科技贷款"]);
  });

  it("a bare project has no level and is no status; a national one is", () => {
    expect(asker("我们有个项目想申请支持").asker.statuses).toEqual([]);
    expect(asker("我们牵头了国家重点研发计划项目").asker.statuses.map((x) => [x.status, x.level, x.lead])).toEqual([["科技项目", "national", true]]);
  });
});
