import { describe, expect, it } from "vitest";
import { parseTemplates, render } from "./templates.js";
import { checkGrounding, numbersIn } from "./grounding.js";

describe("templates", () => {
  const t = parseTemplates("<!-- staff note -->\n## a\n标题 {{x}}\n- 期限：{{d}}\n\n\n尾\n## b\nB");
  it("parses sections and drops comments", () => {
    expect(Object.keys(t)).toEqual(["a", "b"]);
    expect(t.a).not.toContain("staff note");
  });
  it("fills variables and drops lines whose variables are empty", () => {
    expect(render(t, "a", { x: "X", d: "" })).toBe("标题 X\n\n尾");
    expect(render(t, "a", { x: "X", d: "3-5年" })).toContain("期限：3-5年");
  });
  it("names a missing template", () => {
    expect(() => render(t, "zzz", {})).toThrow(/zzz/);
  });
});

describe("grounding guard", () => {
  it("ignores 专题 numbers, flags numbers absent from the sources", () => {
    expect(numbersIn("专题14 可补助 30 万元")).toEqual(["30"]);
    expect(checkGrounding("给予3-5年支持", "给予3-5年持续稳定支持")).toEqual([]);
    expect(checkGrounding("最高补助500万元", "择优给予补助").map((i) => i.detail)).toEqual(["500"]);
  });
  it("flags citations that were not retrieved", () => {
    const issues = checkGrounding("x", "x", ["plan#1", "plan#9"], new Set(["plan#1"]));
    expect(issues).toEqual([{ kind: "citation", detail: "plan#9" }]);
  });
});
