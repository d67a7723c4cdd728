import { describe, expect, it } from "vitest";
import { DEFAULT_SECTIONS, FULL_PLAN, QUICK_PLAN, parseSections } from "./bench-plan.js";

describe("parseSections", () => {
  it("runs every section but the opt-in scale1m when --only is absent", () => {
    expect(parseSections(undefined, FULL_PLAN)).toEqual(["pipeline", "http", "replicas", "coldStart", "scale", "ingest"]);
    expect(parseSections(undefined, QUICK_PLAN)).toEqual([...DEFAULT_SECTIONS]);
    expect(DEFAULT_SECTIONS).not.toContain("scale1m");
  });

  it("takes the named sections in run order, trimmed, scale1m included when named", () => {
    expect(parseSections("scale1m, scale", FULL_PLAN)).toEqual(["scale", "scale1m"]);
    expect(parseSections("ingest,pipeline", FULL_PLAN)).toEqual(["pipeline", "ingest"]);
  });

  it("rejects unknown names, an empty list and scale1m with --quick", () => {
    expect(() => parseSections("pipline", FULL_PLAN)).toThrow('unknown section "pipline"');
    expect(() => parseSections(" , ", FULL_PLAN)).toThrow(/no section/);
    expect(() => parseSections("scale1m", QUICK_PLAN)).toThrow(/no --quick version/);
  });
});

describe("plans", () => {
  it("keeps the 1M step out of --quick and checks at most its queries by brute force", () => {
    expect(QUICK_PLAN.scaleLarge).toBeNull();
    expect(QUICK_PLAN.scaleSizes.every((s) => s < 100_000)).toBe(true);
    const large = FULL_PLAN.scaleLarge!;
    expect(large.sizes).toEqual([1_000_000]);
    expect(large.exactQueries).toBeGreaterThanOrEqual(100);
    expect(large.exactQueries).toBeLessThanOrEqual(large.queries);
  });
});
