import { describe, expect, it } from "vitest";
import { makeAccessTokenCache } from "./access-token.js";

describe("access_token cache", () => {
  it("fetches once for concurrent callers, reuses until 5 minutes before expiry, then refreshes", async () => {
    let t = 0;
    let n = 0;
    const cache = makeAccessTokenCache(async () => ({ token: `tok${++n}`, expiresIn: 7200 }), () => t);
    expect(await Promise.all([cache.get(), cache.get()])).toEqual(["tok1", "tok1"]);
    t = (7200 - 301) * 1000;
    expect(await cache.get()).toBe("tok1");
    t = (7200 - 299) * 1000;
    expect(await cache.get()).toBe("tok2");
    expect(n).toBe(2);
  });

  it("drops an invalidated token, but not a newer one", async () => {
    let n = 0;
    const cache = makeAccessTokenCache(async () => ({ token: `tok${++n}`, expiresIn: 7200 }));
    expect(await cache.get()).toBe("tok1");
    cache.invalidate("tok1");
    expect(await cache.get()).toBe("tok2");
    cache.invalidate("tok1");
    expect(await cache.get()).toBe("tok2");
  });

  it("does not cache a failed fetch", async () => {
    let n = 0;
    const cache = makeAccessTokenCache(async () => {
      if (++n === 1) throw new Error("network");
      return { token: "ok", expiresIn: 7200 };
    });
    await expect(cache.get()).rejects.toThrow("network");
    expect(await cache.get()).toBe("ok");
  });
});
