import { describe, expect, it } from "vitest";
import { sayNotStatedOnce } from "./say-once.js";

const templates = {
  not_stated: "方案未规定，以年度申报指南为准",
  not_stated_short: "方案未规定",
  note: "金额、比例、申报时间、申报渠道和材料等，方案未规定，以年度申报指南为准。",
};

describe("方案未规定，以年度申报指南为准 at most once", () => {
  it("drops the generic note when a sentence of the answer already says what is not stated", () => {
    const a = "- **怎么支持**：后补助。补助标准：方案未规定，以年度申报指南为准。\n\n" + templates.note;
    expect(sayNotStatedOnce(a, templates)).toBe("- **怎么支持**：后补助。补助标准：方案未规定，以年度申报指南为准。");
  });

  it("keeps later specific mentions in the short form, including a half-width comma", () => {
    const a = "申报时间：方案未规定，以年度申报指南为准。\n\n认定条件：方案未规定,以年度申报指南为准。";
    const out = sayNotStatedOnce(a, templates);
    expect(out.match(/以年度申报指南为准/g)).toHaveLength(1);
    expect(out).toContain("认定条件：方案未规定。");
  });

  it("leaves an answer that says it once alone", () => {
    expect(sayNotStatedOnce(templates.note, templates)).toBe(templates.note);
  });
});
