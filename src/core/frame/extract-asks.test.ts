import { describe, expect, it } from "vitest";
import { extractAsks } from "./extract-asks.js";

describe("extractAsks", () => {
  it("reads questions about the document itself", () => {
    expect(extractAsks("这个方案是哪个部门印发的").meta).toBe("issuer");
    expect(extractAsks("方案什么时候生效").meta).toBe("effective");
    expect(extractAsks("哪次会议审议通过的").meta).toBe("meeting");
    // "项目的" contains 目的 but is not a question about the plan's purpose.
    expect(extractAsks("能申请国家科技项目的补助吗").meta).toBeUndefined();
    // A status approved is no question about the approving meeting.
    expect(extractAsks("We just got our high-tech enterprise status approved last month").meta).toBeUndefined();
  });

  it("separates unstated details from eligibility", () => {
    expect(extractAsks("贷款贴息最多补多少钱").unknownDetail).toBe("amount");
    // The standard of a support is its amount, with or without 的 between them.
    expect(extractAsks("科技保险保费补助的标准是什么").unknownDetail).toBe("amount");
    expect(extractAsks("孵化器的资助强度怎么样").unknownDetail).toBe("amount");
    expect(extractAsks("今年什么时候开始申报").unknownDetail).toBe("deadline");
    expect(extractAsks("孵化器补助找谁咨询，电话多少").unknownDetail).toBe("contact");
    expect(extractAsks("我们是高校，能申请贷款贴息吗").eligibility).toBe(true);
    expect(extractAsks("Can a university apply for this?").eligibility).toBe(true);
    expect(extractAsks("孵化器有什么支持").eligibility).toBe(false);
  });

  it("lists, overviews, restarts, references", () => {
    expect(extractAsks("19个专题都有哪些").listTopics).toBe(true);
    expect(extractAsks("一共有几个专项").programOverview).toBe(true);
    expect(extractAsks("Which programme fits a startup?").programOverview).toBe(false);
    expect(extractAsks("重新开始").restart).toBe(true);
    expect(extractAsks("重新开始申报要注意什么").restart).toBe(false);
    expect(extractAsks("它归哪个专项").pronounRef).toBe(true);
    expect(extractAsks("这个属于哪个专项？").pronounRef).toBe(true);
    expect(extractAsks("这个方案是谁发的").pronounRef).toBe(false);
  });

  it("which-questions and can-we questions", () => {
    expect(extractAsks("我们能申请哪个专题").asksWhich).toBe(true);
    expect(extractAsks("我们能申请吗").canWe).toBe(true);
    expect(extractAsks("特区计划支持几年").canWe).toBe(false);
  });
});
