import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.js";
import { RecentIds } from "./recent-ids.js";
import { sessionKey } from "./session-key.js";

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
});

describe("RecentIds", () => {
  it("reports duplicates and evicts the oldest past capacity", () => {
    const ids = new RecentIds(2);
    expect(ids.add("a")).toBe(true);
    expect(ids.add("a")).toBe(false);
    ids.add("b");
    ids.add("c");
    expect(ids.size).toBe(2);
    expect(ids.add("a")).toBe(true); // evicted, so new again
    expect(ids.add("c")).toBe(false);
  });
});

describe("sessionKey", () => {
  it("is a salted sha256 that separates private and group conversations", () => {
    const k = sessionKey("salt", "wxid_1");
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(k).not.toBe(sessionKey("other-salt", "wxid_1"));
    expect(sessionKey("salt", "wxid_1", "r@chatroom")).not.toBe(k);
    expect(sessionKey("salt", "wxid_1")).toBe(k);
  });
});
