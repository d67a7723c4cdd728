// Bearer-token check for the admin API. Both sides are hashed first so the comparison is
// constant-time regardless of the length of what the caller sent.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** True when `header` is exactly `Bearer <token>`. */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const m = /^Bearer ([^\s]+)$/.exec(header ?? "");
  const given = m ? m[1]! : "";
  // Compare even when the header is malformed, so timing does not tell the two cases apart.
  const same = timingSafeEqual(digest(given), digest(token));
  return m !== null && same;
}
