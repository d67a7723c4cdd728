import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password.js";

describe("staff passwords", () => {
  it("verifies the right password only, with the parameters stored in the hash", async () => {
    const stored = await hashPassword("correct horse battery", { N: 2 ** 10, r: 8, p: 1 });
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    // The same password hashes differently each time (random salt).
    expect(await hashPassword("correct horse battery", { N: 2 ** 10, r: 8, p: 1 })).not.toBe(stored);
  });

  it("reads full-width and half-width forms of a password as the same (NFKC)", async () => {
    const stored = await hashPassword("ｐａｓｓｗｏｒｄ１２３４", { N: 2 ** 10, r: 8, p: 1 });
    expect(await verifyPassword("password1234", stored)).toBe(true);
  });

  it("refuses malformed stored hashes instead of throwing, and enforces length only", async () => {
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
    expect(await verifyPassword("x", "scrypt$a$b$c$salt$key")).toBe(false);
    expect(passwordProblem("short")).toContain("至少 10");
    expect(passwordProblem("只用汉字也可以的长密码")).toBeUndefined();
  });
});
