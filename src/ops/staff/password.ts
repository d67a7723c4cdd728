// Staff passwords, hashed with scrypt from node:crypto (memory-hard, no native add-on). The stored form
// carries its own parameters, so raising the cost later still verifies older hashes.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

// OWASP's scrypt settings of equal strength: N=2^17 r=8 p=1 (128 MiB a login) … N=2^15 r=8 p=3 (32 MiB).
// The last keeps memory per login small on a shared server; p=3 costs ~150 ms of CPU here.
const DEFAULT = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LEN = 32;

/** Length rules only (NIST 800-63B): long passphrases beat composition rules. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function passwordProblem(password: string): string | undefined {
  if ([...password].length < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 个字符`;
  if ([...password].length > PASSWORD_MAX) return `密码最多 ${PASSWORD_MAX} 个字符`;
  return undefined;
}

export async function hashPassword(password: string, params = DEFAULT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFKC"), salt, KEY_LEN, { ...params, maxmem: 256 * params.N * params.r });
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await scrypt(password.normalize("NFKC"), Buffer.from(salt, "base64url"), expected.length, {
    ...params,
    maxmem: 256 * params.N * params.r,
  });
  return timingSafeEqual(actual, expected);
}

/** Verifies against a throwaway hash so an unknown username costs as long as a wrong password. */
let dummy: Promise<string> | undefined;
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(12).toString("hex"));
  await verifyPassword(password, await dummy);
}
