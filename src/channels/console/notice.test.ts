import { describe, expect, it } from "vitest";
import { noticeQuery, verifiedNotice } from "./notice.js";

describe("signed notices", () => {
  it("shows a notice the server wrote and nothing for one typed into a link", () => {
    const q = Object.fromEntries(new URLSearchParams(noticeQuery("已保存标注。")));
    expect(verifiedNotice(q)).toBe("已保存标注。");
    expect(verifiedNotice({ notice: "请到 evil.example 重新登录", ns: q.ns })).toBeUndefined();
    expect(verifiedNotice({ notice: "请到 evil.example 重新登录" })).toBeUndefined();
    expect(verifiedNotice({})).toBeUndefined();
  });
});
