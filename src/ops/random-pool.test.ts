import { describe, expect, it } from "vitest";
import { randomBytesPooled } from "./random-pool.js";

describe("randomBytesPooled", () => {
  it("hands out distinct bytes across pool refills, never the same slice twice", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(randomBytesPooled(16).toString("hex")); // ~4 refills
    expect(seen.size).toBe(1000);
    expect(randomBytesPooled(7)).toHaveLength(7);
    expect(() => randomBytesPooled(257)).toThrow(RangeError);
  });

  it("returns copies: changing one does not change the pool or later ids", () => {
    const a = randomBytesPooled(16);
    const before = a.toString("hex");
    a.fill(0);
    expect(randomBytesPooled(16).toString("hex")).not.toBe("0".repeat(32));
    expect(before).not.toBe("0".repeat(32));
  });
});
