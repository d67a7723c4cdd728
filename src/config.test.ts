import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const issues = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
};

describe("retention settings", () => {
  it("default to keeping answers 180 days and feedback 730, deleting 1000 rows per transaction", () => {
    const c = loadConfig({});
    expect([c.MESSAGE_RETENTION_DAYS, c.FEEDBACK_RETENTION_DAYS, c.RETENTION_BATCH_ROWS]).toEqual([180, 730, 1000]);
  });

  it("take whole numbers in range; an empty value means the default", () => {
    const c = loadConfig({ MESSAGE_RETENTION_DAYS: "30", FEEDBACK_RETENTION_DAYS: "", RETENTION_BATCH_ROWS: "250" });
    expect([c.MESSAGE_RETENTION_DAYS, c.FEEDBACK_RETENTION_DAYS, c.RETENTION_BATCH_ROWS]).toEqual([30, 730, 250]);
  });

  it("reject zero (delete everything at once), fractions and words, naming the variable", () => {
    expect(issues({ MESSAGE_RETENTION_DAYS: "0" })).toEqual([expect.objectContaining({ variable: "MESSAGE_RETENTION_DAYS" })]);
    expect(issues({ FEEDBACK_RETENTION_DAYS: "1.5" })).toEqual([
      { variable: "FEEDBACK_RETENTION_DAYS", message: 'must be a whole number (got "1.5")' },
    ]);
    expect(issues({ RETENTION_BATCH_ROWS: "lots" })).toEqual([expect.objectContaining({ variable: "RETENTION_BATCH_ROWS" })]);
    expect(issues({ RETENTION_BATCH_ROWS: "1" })).toEqual([expect.objectContaining({ variable: "RETENTION_BATCH_ROWS" })]);
  });
});
