import { beforeAll, describe, expect, it } from "vitest";
import { checkEligibility, impliedApplicants, interpretReply } from "./eligibility.js";
import { realKnowledge, type RealKnowledge } from "./testing/real-knowledge.js";
import type { Profile, StatusClaim, TopicCard } from "./types.js";

let k: RealKnowledge;
beforeAll(async () => {
  k = await realKnowledge();
});
const card = (id: number): TopicCard => k.corpus.topics.find((t) => t.id === id)!;
const p = (over: Partial<Profile>): Profile => ({ applicants: [], stages: [], needs: [], ...over });
const claim = (over: Partial<StatusClaim> & Pick<StatusClaim, "status">): StatusClaim => ({ state: "held", term: over.status, ...over });
const verdict = (id: number, profile: Profile, question = "") =>
  checkEligibility(card(id), profile, { vocabulary: k.corpus.vocabulary, question, year: 2026 });

describe("checkEligibility: types with definitions", () => {
  it("a 科技型中小企业 is a technology business within the SME limits", () => {
    const loan = [claim({ status: "科技贷款" })];
    expect(verdict(14, p({ applicants: ["科技型中小企业"], statuses: loan })).verdict).toBe("eligible");
    expect(verdict(14, p({ applicants: ["企业"], sector: "tech", size: "sme", statuses: loan })).verdict).toBe("eligible");
    expect(verdict(14, p({ applicants: ["企业"], size: "large", statuses: loan })).verdict).toBe("ineligible");
    expect(verdict(14, p({ applicants: ["企业"], sector: "nonTech", statuses: loan })).verdict).toBe("ineligible");
    // An enterprise that says nothing of its field or size: ask.
    const open = verdict(14, p({ applicants: ["企业"], statuses: loan }));
    expect(open.verdict).toBe("uncertain");
    expect(open.missing?.facet).toBe("applicant");
  });

  it("an overlapping type, an affiliate, or a questioned type is neither in nor out", () => {
    expect(verdict(3, p({ applicants: ["新型研发机构"] })).verdict).toBe("uncertain");
    expect(verdict(2, p({ applicants: ["医疗机构"], affiliates: ["高校"] })).verdict).toBe("uncertain");
    expect(verdict(1, p({ applicants: ["个人"], negatedApplicants: ["高校", "科研院所"] })).verdict).toBe("ineligible");
  });
});

describe("checkEligibility: statuses with polarity, level, role and recency", () => {
  it("新获批: recent yes, old no, pending no, unstated open", () => {
    const q = "高企后补助";
    const hnte = (over: Partial<StatusClaim>) => p({ applicants: ["高新技术企业"], statuses: [claim({ status: "高新技术企业", ...over })] });
    expect(verdict(9, hnte({ recency: "recent" }), q).verdict).toBe("eligible");
    expect(verdict(9, hnte({ year: 2019 }), q).verdict).toBe("ineligible");
    expect(verdict(9, hnte({ state: "pending" }), q).verdict).toBe("ineligible");
    expect(verdict(9, hnte({}), q).verdict).toBe("uncertain");
  });

  it("a provincial award is no 国家科技奖; a participant is no lead", () => {
    const award = (over: Partial<StatusClaim>) => p({ applicants: ["高校"], location: "武汉市", locationHome: true, statuses: [claim({ status: "科技奖", ...over })] });
    expect(verdict(10, award({ level: "national", lead: true }), "国家科技奖配套").verdict).toBe("eligible");
    expect(verdict(10, award({ level: "provincial", lead: true }), "国家科技奖配套").verdict).toBe("ineligible");
    expect(verdict(10, award({ level: "national", lead: false }), "国家科技奖配套").verdict).toBe("ineligible");
    expect(verdict(10, award({ level: "national" }), "国家科技奖配套").verdict).toBe("uncertain");
  });

  it("a need is no loan; a denied loan is a no", () => {
    const sme = { applicants: ["科技型中小企业"] };
    expect(verdict(14, p({ ...sme, needs: ["贷款"] })).verdict).toBe("uncertain");
    expect(verdict(14, p({ ...sme, statuses: [claim({ status: "科技贷款", state: "negated" })] })).verdict).toBe("ineligible");
  });
});

describe("checkEligibility: the parts of a 专题, activities and what the plan is silent on", () => {
  it("专题16's lead rule is the 都市圈 project's", () => {
    const xiaogan = p({ applicants: ["企业"], location: "孝感市", locationHome: false, lead: "lead" });
    expect(verdict(16, xiaogan, "我们想牵头武汉都市圈项目").verdict).toBe("ineligible");
    expect(verdict(16, xiaogan, "能申请长江中游城市群合作项目吗").verdict).toBe("uncertain");
    const wuhan = p({ applicants: ["企业"], location: "武汉市", locationHome: true, lead: "lead" });
    expect(verdict(16, wuhan, "光谷科创大走廊合作").verdict).toBe("eligible");
  });

  it("an enterprise must fund its challenge (专题3); a university need not", () => {
    expect(verdict(3, p({ applicants: ["企业"] }), "我们不想出钱，只想政府出").verdict).toBe("ineligible");
    expect(verdict(3, p({ applicants: ["高校"] }), "揭榜答题").verdict).toBe("eligible");
  });

  it("an activity of the asker's counts; a partner's does not; trade is no S&T cooperation", () => {
    expect(verdict(4, p({ applicants: ["科研院所"] }), "我们承担国家实验室建设").verdict).toBe("eligible");
    expect(verdict(4, p({ applicants: ["科研院所"] }), "我们是国家实验室的合作单位").verdict).toBe("uncertain");
    expect(verdict(15, p({ applicants: ["企业"], sector: "nonTech" }), "跟法国公司有进出口业务往来").verdict).toBe("ineligible");
  });

  it("denying the named members of an open list (…等) leaves it open; a closed condition denied is a no", () => {
    const open = verdict(5, p({ applicants: ["科研院所"] }), "我们是省重点实验室 不是湖北实验室");
    expect(open.verdict).toBe("uncertain");
    expect(open.checks.find((c) => c.requirement.facet === "activity")?.state).toBe("unknown");
    expect(verdict(3, p({ applicants: ["企业"] }), "我们不出资").verdict).toBe("ineligible");
  });

  it("research with a partner abroad meets international cooperation whatever the verb; without research it stays open", () => {
    const ctx = (question: string) => ({ vocabulary: k.corpus.vocabulary, question, year: 2026, derived: ["国际科技合作"] });
    const research = checkEligibility(card(15), p({ applicants: ["企业"], sector: "tech" }), ctx("我们跟芬兰一所大学一起研发电池"));
    expect(research.verdict).toBe("eligible");
    const unstated = checkEligibility(card(15), p({ applicants: ["企业"] }), ctx("我们跟芬兰一所大学有往来"));
    expect(unstated.checks.find((c) => c.requirement.facet === "activity")?.state).toBe("unknown");
  });

  it("ownership, a registration elsewhere and an individual leave the verdict uncertain, with the reason", () => {
    const r = verdict(6, p({ applicants: ["医疗机构"], ownership: "民办" }), "建临床医学中心");
    expect(r.verdict).toBe("uncertain");
    expect(r.caveats.join()).toMatch(/所有制/);
    expect(verdict(7, p({ applicants: ["企业"], sector: "tech", ownership: "民办" })).verdict).toBe("eligible"); // a private company is ordinary
    expect(verdict(17, p({ applicants: ["孵化载体"], location: "鄂州市", locationHome: false })).caveats.join()).toMatch(/鄂州市/);
    expect(verdict(19, p({ applicants: ["个人"] }), "我想办科普活动").verdict).toBe("uncertain");
  });

  it("nothing the question touches settles anything: ask the first condition", () => {
    const r = verdict(10, p({ applicants: ["企业"] }), "能申请产业创新政策补助吗");
    expect(r.verdict).toBe("uncertain");
    expect(r.missing).toBe(card(10).requirements[0]);
  });
});

describe("helpers", () => {
  it("implied applicants follow the chain", () => {
    expect([...impliedApplicants(["科技型中小企业"], k.corpus.vocabulary.applicantImplies)].sort()).toEqual(["企业", "科技企业", "科技型中小企业"].sort());
  });
  it("short replies", () => {
    expect(interpretReply("有的")).toBe("yes");
    expect(interpretReply("没有")).toBe("no");
    expect(interpretReply("我们在孝感")).toBeUndefined();
  });
});
