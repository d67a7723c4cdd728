// Web conversations are addressed by ids the server issues: 128 random bits plus an HMAC over them, so a
// client can neither pick an id ("demo-user") nor reach another channel's sessions (WeChat keys are
// hashes; the store sees web ids only as "web:<random>"). An id that does not verify starts a fresh
// conversation — it is never an error, since an old tab may hold an id from before a restart.
import { createHmac, timingSafeEqual } from "node:crypto";
import { randomBytesPooled } from "../../ops/random-pool.js";

const PREFIX = "web:";
const RANDOM_BYTES = 16;
const MAC_BYTES = 16;

export interface WebSessions {
  /** The store's id for a client's token, or a new one when the token is absent or forged. */
  open(token: string | undefined): string;
  /** The token a client gets back for a store id issued by open(). */
  tokenFor(storeId: string): string;
  /** The store's id for a token that verifies; undefined for an absent or forged one (nothing is issued). */
  find(token: string | undefined): string | undefined;
}

export function makeWebSessions(secret: string): WebSessions {
  // A key of its own, derived from the deployment secret, so session MACs never equal hashed user ids.
  const key = createHmac("sha256", secret).update("web-session-v1").digest();
  const mac = (random: string) => createHmac("sha256", key).update(random).digest().subarray(0, MAC_BYTES);

  const verify = (token: string): string | undefined => {
    const dot = token.indexOf(".");
    if (dot <= 0) return undefined;
    const random = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), "base64url");
    if (given.length !== MAC_BYTES || Buffer.from(random, "base64url").length !== RANDOM_BYTES) return undefined;
    return timingSafeEqual(given, mac(random)) ? random : undefined;
  };

  return {
    open(token) {
      const random = (token && verify(token)) || randomBytesPooled(RANDOM_BYTES).toString("base64url");
      return PREFIX + random;
    },
    find(token) {
      const random = token ? verify(token) : undefined;
      return random ? PREFIX + random : undefined;
    },
    tokenFor(storeId) {
      if (!storeId.startsWith(PREFIX)) throw new Error("not a web session id");
      const random = storeId.slice(PREFIX.length);
      return `${random}.${mac(random).toString("base64url")}`;
    },
  };
}
