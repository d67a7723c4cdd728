import { describe, expect, it } from "vitest";
import { RecentIds } from "./recent-ids.js";
import { sessionKey } from "./session-key.js";

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
