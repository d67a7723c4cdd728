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

describe("公众号 and 企业微信 settings", () => {
  const KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  it("are off by default and point at the official API hosts", () => {
    const c = loadConfig({});
    expect([c.WECHAT_MP_TOKEN, c.WECOM_TOKEN]).toEqual([undefined, undefined]);
    expect([c.WECHAT_API_BASE, c.WECOM_API_BASE]).toEqual(["https://api.weixin.qq.com", "https://qyapi.weixin.qq.com"]);
  });

  it("take a complete set", () => {
    const c = loadConfig({
      WECHAT_MP_TOKEN: "tok123", WECHAT_MP_AES_KEY: KEY, WECHAT_MP_APP_ID: "wx1",
      WECOM_TOKEN: "tok", WECOM_AES_KEY: KEY, WECOM_CORP_ID: "ww1", WECOM_CORP_SECRET: "s", WECOM_AGENT_ID: "1000002",
      WECOM_API_BASE: "http://127.0.0.1:9999",
    });
    expect([c.WECHAT_MP_AES_KEY, c.WECOM_AGENT_ID, c.WECOM_API_BASE]).toEqual([KEY, 1000002, "http://127.0.0.1:9999"]);
  });

  it("reject an EncodingAESKey that is not 43 characters and a channel missing what its protocol needs", () => {
    expect(issues({ WECHAT_MP_AES_KEY: KEY.slice(1) })).toEqual([expect.objectContaining({ variable: "WECHAT_MP_AES_KEY" })]);
    expect(issues({ WECOM_AES_KEY: KEY + "=" })).toEqual([expect.objectContaining({ variable: "WECOM_AES_KEY" })]);
    expect(issues({ WECHAT_MP_TOKEN: "tok123", WECHAT_MP_AES_KEY: KEY })).toEqual([
      { variable: "WECHAT_MP_APP_ID", message: "is required when WECHAT_MP_AES_KEY is set" },
    ]);
    expect(issues({ WECOM_TOKEN: "tok", WECOM_AES_KEY: KEY }).map((i) => i.variable)).toEqual(["WECOM_CORP_ID", "WECOM_CORP_SECRET", "WECOM_AGENT_ID"]);
    expect(issues({ WECOM_AGENT_ID: "abc" })).toEqual([expect.objectContaining({ variable: "WECOM_AGENT_ID" })]);
  });
});

describe("REDIS_URL", () => {
  it("is off by default, takes redis:// and rediss:// URLs, and names the variable for anything else", () => {
    expect(loadConfig({}).REDIS_URL).toBeUndefined();
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379/0" }).REDIS_URL).toBe("redis://127.0.0.1:6379/0");
    expect(loadConfig({ REDIS_URL: "rediss://cache.example:6380" }).REDIS_URL).toBe("rediss://cache.example:6380");
    expect(() => loadConfig({ REDIS_URL: "http://127.0.0.1:6379" })).toThrow(/REDIS_URL: must be a URL such as redis:/);
  });
});

describe("DATABASE_URL and INDEX_DIR", () => {
  it("DATABASE_URL is off by default, takes postgres:// and postgresql:// URLs, and names the variable for anything else", () => {
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: "postgres://kjzs@db:5432/kjzs" }).DATABASE_URL).toBe("postgres://kjzs@db:5432/kjzs");
    expect(loadConfig({ DATABASE_URL: "postgresql://kjzs@db/kjzs" }).DATABASE_POOL_MAX).toBe(10);
    expect(() => loadConfig({ DATABASE_URL: "mysql://db/kjzs" })).toThrow(/DATABASE_URL: must be a URL such as postgres:/);
  });

  it("INDEX_DIR defaults to DATA_DIR/index and is resolved against the project root when set", () => {
    const c = loadConfig({ DATA_DIR: "/srv/kjzs" });
    expect(c.INDEX_DIR).toBe("/srv/kjzs/index");
    expect(loadConfig({ INDEX_DIR: "/mnt/shared/index" }).INDEX_DIR).toBe("/mnt/shared/index");
  });
});
