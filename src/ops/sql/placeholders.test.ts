import { describe, expect, it } from "vitest";
import { toDollarParams } from "./placeholders.js";

describe("toDollarParams", () => {
  it("numbers ? in order and leaves ? inside quoted strings and identifiers alone", () => {
    expect(toDollarParams("SELECT * FROM t WHERE a = ? AND b IN (?, ?)")).toBe("SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
    expect(toDollarParams(`SELECT '?', "a?b" FROM t WHERE c = ? AND d LIKE 'x''?'`)).toBe(`SELECT '?', "a?b" FROM t WHERE c = $1 AND d LIKE 'x''?'`);
  });
});
