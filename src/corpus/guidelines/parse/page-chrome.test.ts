import { describe, expect, it } from "vitest";
import { isPageNumber } from "./page-chrome.js";

describe("isPageNumber", () => {
  it("knows the usual page-number lines", () => {
    for (const t of ["3", "- 3 -", "— 12 —", "第3页", "第 3 页 共 9 页", "3 / 9", "Page 3 of 9"]) {
      expect(isPageNumber(t), t).toBe(true);
    }
  });

  it("leaves content alone, numbers included", () => {
    for (const t of ["88万元", "第3条", "2099年3月31日", "1 示例方向甲", "共3页材料"]) {
      expect(isPageNumber(t), t).toBe(false);
    }
  });
});
