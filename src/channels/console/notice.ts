// The line a page shows after a change ("已保存标注"). It travels in the redirect's query, so it is signed:
// a link someone else crafted (…?notice=请到某网站重新登录) shows nothing. The key lives only in this
// process; a notice from before a restart is simply not shown.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const KEY = randomBytes(32);
const MAX_CHARS = 300;

const mac = (text: string) => createHmac("sha256", KEY).update(text).digest("base64url").slice(0, 22);

/** Query string carrying a signed notice: `notice=…&ns=…`. */
export function noticeQuery(text: string): string {
  const t = text.slice(0, MAX_CHARS);
  return `notice=${encodeURIComponent(t)}&ns=${mac(t)}`;
}

/** The notice of a request's query when its signature is right; undefined otherwise. */
export function verifiedNotice(query: unknown): string | undefined {
  const q = query as Record<string, unknown> | undefined;
  const text = q?.notice;
  const sig = q?.ns;
  if (typeof text !== "string" || typeof sig !== "string" || !text) return undefined;
  const want = Buffer.from(mac(text));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? text : undefined;
}
