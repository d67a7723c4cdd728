import { describe, expect, it } from "vitest";
import { extractTopicRefs } from "./extract-topic-refs.js";

const ids = (q: string) => extractTopicRefs(q).map((r) => r.id);

describe("extractTopicRefs", () => {
  it("reads 专题 numbers in every usual form, in order, once each", () => {
    expect(ids("专题3和专题7有什么区别")).toEqual([3, 7]);
    expect(ids("第14个专题是干嘛的")).toEqual([14]);
    expect(ids("专题十四支持什么")).toEqual([14]);
    expect(ids("第9个专题和第17个专题分别是啥")).toEqual([9, 17]);
    expect(ids("专题3和7")).toEqual([3, 7]);
    expect(ids("What is topic 5?")).toEqual([5]);
    expect(ids("专题14 支持什么，专题14 呢")).toEqual([14]);
  });

  it("keeps numbers the plan may not have, and ignores other numbers", () => {
    expect(ids("专题20是什么？")).toEqual([20]);
    expect(ids("员工300人，贷款500万")).toEqual([]);
  });
});
