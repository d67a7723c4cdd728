// Pseudonymous user ids for logs and the database: an HMAC with the secret HASH_SALT, so the same
// visitor is countable but an IP or WeChat id cannot be recovered (or brute-forced without the salt).
import { createHmac } from "node:crypto";

export function hashId(salt: string, value: string): string {
  return createHmac("sha256", salt).update(value).digest("hex").slice(0, 16);
}
