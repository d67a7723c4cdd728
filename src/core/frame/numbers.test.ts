import { describe, expect, it } from "vitest";
import { companyFigures, parseNumber } from "./numbers.js";

describe("numbers", () => {
  it("reads Chinese and mixed numerals", () => {
    expect(parseNumber("三千")).toBe(3000);
    expect(parseNumber("十几")).toBe(12);
    expect(parseNumber("几百")).toBe(200);
    expect(parseNumber("两万")).toBe(20000);
    expect(parseNumber("1.5")).toBe(1.5);
    expect(parseNumber("5千")).toBe(5000);
    expect(parseNumber("很多")).toBeUndefined();
  });

  it("finds head counts and revenue with where they are said", () => {
    expect(companyFigures("我们是员工三千多人的大型制造集团").employees).toBe(3000);
    expect(companyFigures("a large group with 5000 staff").employees).toBe(5000);
    expect(companyFigures("年营收几百亿").revenueYuan).toBe(200 * 1e8);
    const f = companyFigures("公司有80人");
    expect(f.employees).toBe(80);
    expect(f.spans).toEqual([{ start: 3, end: 6 }]);
    expect(companyFigures("我们想申请补助").spans).toEqual([]);
  });
});
