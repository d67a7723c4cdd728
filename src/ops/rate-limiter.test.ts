import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.js";

describe("RateLimiter", () => {
  it("allows max per window, then one notice, then silence; resets after the window", () => {
    const rl = new RateLimiter(2, 60_000);
    expect([0, 1, 2, 3, 4].map((i) => rl.hit("u", 1000 + i))).toEqual(["allow", "allow", "notice", "silent", "silent"]);
    expect(rl.wouldAllow("u", 60_999)).toBe(false);
    expect(rl.wouldAllow("u", 61_000)).toBe(true);
    expect(rl.hit("u", 61_000)).toBe("allow");
  });

  it("keeps keys apart and wouldAllow counts nothing", () => {
    const rl = new RateLimiter(1, 1000);
    expect(rl.wouldAllow("a", 0)).toBe(true);
    expect(rl.wouldAllow("a", 0)).toBe(true);
    expect(rl.hit("a", 0)).toBe("allow");
    expect(rl.hit("b", 0)).toBe("allow");
    expect(rl.hit("a", 1)).toBe("notice");
  });

  it("forgets expired windows once many keys are tracked", () => {
    const rl = new RateLimiter(1, 1000);
    for (let i = 0; i < 1500; i++) rl.hit(`k${i}`, 0);
    rl.hit("late", 5000);
    expect(rl.size).toBe(1);
  });

  it("says how long until a key over its limit may send again", () => {
    const rl = new RateLimiter(1, 60_000);
    expect(rl.retryAfterMs("ip", 1000)).toBe(0);
    rl.hit("ip", 1000);
    expect(rl.retryAfterMs("ip", 11_000)).toBe(50_000);
    expect(rl.retryAfterMs("ip", 61_000)).toBe(0);
  });
});
