import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay", () => {
  it("doubles from the initial delay and stops at the cap", () => {
    const opts = { initialMs: 1000, maxMs: 10_000, jitter: 0 };
    expect([0, 1, 2, 3, 4, 5, 100].map((a) => backoffDelay(a, opts))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });

  it("jitter stays within ±spread and inside [initial, max]", () => {
    const opts = { initialMs: 1000, maxMs: 10_000, jitter: 0.2 };
    expect(backoffDelay(2, opts, () => 0)).toBe(3200);
    expect(backoffDelay(2, opts, () => 1)).toBe(4800);
    expect(backoffDelay(0, opts, () => 0)).toBe(1000);
    expect(backoffDelay(9, opts, () => 1)).toBe(10_000);
  });
});
