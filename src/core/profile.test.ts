import { describe, expect, it } from "vitest";
import { extractProfile, mergeProfile, emptyProfile } from "./profile.js";

describe("extractProfile", () => {
  it("maps everyday words to applicant types", () => {
    expect(extractProfile("我们是一所高校").applicants).toContain("高校");
    expect(extractProfile("我们是科小").applicants).toContain("科技型中小企业");
    expect(extractProfile("We run an incubator in Optics Valley").applicants).toContain("孵化载体");
    expect(extractProfile("我是武大的青年教师").applicants).toEqual(expect.arrayContaining(["高校", "青年科技人才"]));
  });

  it("does not take a category named as the object of a request as a claim", () => {
    const p = extractProfile("我们是高校，能申请新获批高企的后补助吗");
    expect(p.applicants).toEqual(["高校"]);
    expect(p.stages).not.toContain("新获批高新技术企业");
    expect(extractProfile("我们刚评上高企").stages).toContain("新获批高新技术企业");
  });

  it("records negations separately", () => {
    const p = extractProfile("我们还不是高企");
    expect(p.stages).not.toContain("已是高新技术企业");
    expect(p.negatedApplicants.concat(p.negatedStages).length).toBeGreaterThan(0);
  });

  it("prefers a stated other location over a mention of Wuhan", () => {
    expect(extractProfile("我们是上海的企业，想参加武汉都市圈项目").location).toBe("上海");
    expect(extractProfile("我们在光谷").location).toBe("武汉");
  });

  it("merges: a newly stated applicant type replaces the old one, stages accumulate", () => {
    const a = mergeProfile(emptyProfile(), { applicants: ["企业"], stages: ["初创期"] });
    const b = mergeProfile(a, { applicants: ["高校"], stages: ["有科技贷款"] });
    expect(b.applicants).toEqual(["高校"]);
    expect(b.stages).toEqual(["初创期", "有科技贷款"]);
  });
});
