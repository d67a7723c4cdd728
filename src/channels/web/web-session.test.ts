import { describe, expect, it } from "vitest";
import { makeWebSessions } from "./web-session.js";

describe("web sessions", () => {
  const s = makeWebSessions("secret-one");

  it("issues a fresh, unguessable store id when the client has none", () => {
    const a = s.open(undefined);
    const b = s.open(undefined);
    expect(a).toMatch(/^web:[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
  });

  it("returns the same store id for a token it issued", () => {
    const id = s.open(undefined);
    const token = s.tokenFor(id);
    expect(token).toMatch(/^[A-Za-z0-9._-]{1,128}$/); // fits the API's sessionId pattern
    expect(s.open(token)).toBe(id);
  });

  it("never lets a client choose or reach an id: chosen names, other channels' keys, tampered and foreign tokens start fresh", () => {
    const token = s.tokenFor(s.open(undefined));
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    const foreign = makeWebSessions("secret-two").tokenFor("web:" + token.split(".")[0]);
    const wechatKey = "a".repeat(64);
    for (const given of ["demo-user", wechatKey, "web:demo-user", "cli:staff", tampered, foreign, ".", "x."]) {
      const opened = s.open(given);
      expect(opened, given).toMatch(/^web:[A-Za-z0-9_-]{22}$/);
      expect(opened).not.toBe("web:" + given);
      expect(opened).not.toBe("web:" + token.split(".")[0]);
    }
  });
});
