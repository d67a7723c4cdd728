// Message ids that sort by creation time (the UUID version 7 layout: 48-bit milliseconds, then random
// bits), so new rows land at the end of the primary-key B-tree instead of at random pages.
import { randomBytesPooled } from "./random-pool.js";

export function timeOrderedId(now = Date.now()): string {
  const b = randomBytesPooled(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70; // version 7
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
