import { describe, expect, it } from "vitest";
import { dayOf, formatTime, percent, startOfDay } from "./format.js";

describe("console formats", () => {
  it("reads days in China Standard Time", () => {
    const ms = Date.UTC(2026, 11, 1, 16, 30); // 00:30 on 2 Dec in Beijing
    expect(dayOf(ms)).toBe("2026-12-02");
    expect(formatTime(ms)).toBe("2026/12/02 00:30:00");
    expect(startOfDay("2026-12-02")).toBe(Date.UTC(2026, 11, 1, 16));
  });

  it("rejects days that do not exist and shows no rate without a whole", () => {
    expect(startOfDay("2026-02-30")).toBeUndefined();
    expect(startOfDay("yesterday")).toBeUndefined();
    expect(percent(1, 3)).toBe("33.3%");
    expect(percent(0, 0)).toBe("—");
  });
});
