import { describe, expect, it } from "vitest";
import { TextRateLimits } from "./rate-limits.js";
import { ROOM_RATE_TEXT, USER_RATE_TEXT } from "./replies.js";

describe("TextRateLimits", () => {
  it("allows up to the user budget, then one notice, then silence, and resets after the window", () => {
    const limits = new TextRateLimits({ userMax: 2, userWindowS: 60 });
    expect(limits.check("u", 0).action).toBe("allow");
    expect(limits.check("u", 1).action).toBe("allow");
    expect(limits.check("u", 2)).toEqual({ action: "notice", scope: "user", text: USER_RATE_TEXT });
    expect(limits.check("u", 3)).toEqual({ action: "silent", scope: "user" });
    expect(limits.check("other", 3).action).toBe("allow");
    expect(limits.check("u", 60_000).action).toBe("allow");
  });

  it("stops a busy room before any member's own budget is spent", () => {
    const limits = new TextRateLimits({ userMax: 10, userWindowS: 60, roomMax: 2, roomWindowS: 60 });
    expect(limits.check("a", 0, "r").action).toBe("allow");
    expect(limits.check("b", 0, "r").action).toBe("allow");
    expect(limits.check("c", 0, "r")).toEqual({ action: "notice", scope: "room", text: ROOM_RATE_TEXT });
    expect(limits.check("c", 0, "r").action).toBe("silent");
    // Outside the room the same user is still fine.
    expect(limits.check("c", 0).action).toBe("allow");
  });
});
