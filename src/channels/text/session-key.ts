// WeChat ids never reach the pipeline, the session store or the logs: only salted hashes do.
import { createHash } from "node:crypto";

/**
 * sha256(HASH_SALT + ":" + contactId [+ ":" + roomId]), hex. The room is part of the key so a person
 * has separate memories in a private chat and in each group.
 */
export function sessionKey(salt: string, contactId: string, roomId?: string): string {
  const parts = [salt, contactId];
  if (roomId) parts.push(roomId);
  return createHash("sha256").update(parts.join(":")).digest("hex");
}
