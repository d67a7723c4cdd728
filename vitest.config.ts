import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "eval/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native addons (hnswlib, jieba, sqlite) are safest in forks on a 2-core box.
    pool: "forks",
  },
});
