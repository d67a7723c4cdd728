import { describe, expect, it } from "vitest";
import { emptyProfile, mergeProfile } from "./profile.js";

describe("mergeProfile", () => {
  it("a new type statement replaces the old; unstated facts stay", () => {
    const base = { ...emptyProfile(), applicants: ["企业"], location: "武汉市", locationHome: true, size: "sme" as const };
    const m = mergeProfile(base, { applicants: ["科研院所"] });
    expect(m.applicants).toEqual(["科研院所"]);
    expect([m.location, m.locationHome, m.size]).toEqual(["武汉市", true, "sme"]);
  });

  it("a later detail refines a status; a later role corrects every status", () => {
    const first = mergeProfile(emptyProfile(), { statuses: [{ status: "科技奖", state: "held", term: "国家科技进步奖", level: "national" }] });
    const second = mergeProfile(first, { lead: "participant" });
    expect(second.statuses).toEqual([{ status: "科技奖", state: "held", term: "国家科技进步奖", level: "national", lead: false }]);
    const third = mergeProfile(second, { lead: "lead" });
    expect(third.statuses?.[0].lead).toBe(true);
    expect(third.lead).toBe("lead");
  });

  it("needs accumulate and never become statuses", () => {
    const m = mergeProfile(mergeProfile(emptyProfile(), { needs: ["贷款"] }), { needs: ["融资"] });
    expect(m.needs).toEqual(["贷款", "融资"]);
    expect(m.statuses).toBeUndefined();
  });
});
