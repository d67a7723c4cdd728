import { describe, expect, it } from "vitest";
import { isAuthorized } from "./admin-auth.js";
import { hashId } from "./hash.js";

describe("isAuthorized", () => {
  const token = "s3cret-token-abcdefgh";
  it("accepts exactly `Bearer <token>`", () => {
    expect(isAuthorized(`Bearer ${token}`, token)).toBe(true);
  });
  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["wrong token", "Bearer s3cret-token-abcdefgX"],
    ["prefix of the token", "Bearer s3cret"],
    ["token plus extra", `Bearer ${token}x`],
    ["other scheme", `Basic ${token}`],
    ["no scheme", token],
    ["two spaces", `Bearer  ${token}`],
  ])("refuses %s", (_name, header) => {
    expect(isAuthorized(header, token)).toBe(false);
  });
});

describe("hashId", () => {
  it("is stable per salt, differs across salts, and does not contain the input", () => {
    const a = hashId("salt-a", "203.0.113.7");
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(hashId("salt-a", "203.0.113.7")).toBe(a);
    expect(hashId("salt-b", "203.0.113.7")).not.toBe(a);
    expect(hashId("salt-a", "203.0.113.8")).not.toBe(a);
  });
});
