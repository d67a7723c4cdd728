// Random bytes for ids on every request: one randomFillSync per 4 KiB instead of one system call per id
// (randomBytes(16) per request showed up at ~7 % of a cached answer's server time).
import { randomFillSync } from "node:crypto";

const POOL = Buffer.alloc(4096);
let offset = POOL.length;

/** `n` (≤ 256) cryptographically random bytes, copied out of the pool. */
export function randomBytesPooled(n: number): Buffer {
  if (n > 256) throw new RangeError("at most 256 bytes at a time");
  if (offset + n > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const out = Buffer.from(POOL.subarray(offset, offset + n));
  offset += n;
  return out;
}
