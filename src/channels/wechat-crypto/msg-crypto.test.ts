import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeAesKey, makeMsgCrypto, signatureMatches, wechatSignature, WechatCryptoError } from "./msg-crypto.js";

// Tencent's published 公众号 sample (WXBizMsgCrypt Sample, as reproduced in
// github.com/fotock/WXbizMsgCrypt-Node README): token "spamtest", EncodingAESKey
// "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", AppID "wx2c2769f8efd9abc2", and this msg_signature/Encrypt.
const SAMPLE = {
  token: "spamtest",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  appId: "wx2c2769f8efd9abc2",
  timestamp: "1409735669",
  nonce: "1320562132",
  msgSignature: "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
  encrypt:
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=",
};

// Independent reference implementation, written from the spec with node:crypto only.
const refKey = (k: string) => Buffer.from(k + "=", "base64");
function refDecrypt(k: string, b64: string): { msg: string; id: string } {
  const key = refKey(k);
  const d = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([d.update(Buffer.from(b64, "base64")), d.final()]);
  const body = plain.subarray(0, plain.length - plain[plain.length - 1]);
  const n = body.readUInt32BE(16);
  return { msg: body.subarray(20, 20 + n).toString(), id: body.subarray(20 + n).toString() };
}
function refEncrypt(k: string, id: string, msg: string, random: Buffer): string {
  const key = refKey(k);
  const m = Buffer.from(msg);
  const len = Buffer.from([m.length >>> 24, (m.length >>> 16) & 255, (m.length >>> 8) & 255, m.length & 255]);
  const raw = Buffer.concat([random, len, m, Buffer.from(id)]);
  const pad = 32 - (raw.length % 32);
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.concat([raw, Buffer.alloc(pad, pad)])), c.final()]).toString("base64");
}

describe("wechat message crypto", () => {
  it("computes the published sample's msg_signature", () => {
    const { token, timestamp, nonce, encrypt, msgSignature } = SAMPLE;
    expect(wechatSignature(token, timestamp, nonce, encrypt)).toBe(msgSignature);
    const sorted = [token, timestamp, nonce, encrypt].sort().join("");
    expect(createHash("sha1").update(sorted).digest("hex")).toBe(msgSignature);
  });

  it("decrypts the published sample and checks its AppID", () => {
    const xml = makeMsgCrypto(SAMPLE.aesKey, SAMPLE.appId).decrypt(SAMPLE.encrypt);
    expect(xml).toBe(refDecrypt(SAMPLE.aesKey, SAMPLE.encrypt).msg);
    expect(xml).toMatch(/^<xml>[\s\S]*<\/xml>$/);
    expect(refDecrypt(SAMPLE.aesKey, SAMPLE.encrypt).id).toBe(SAMPLE.appId);
    expect(() => makeMsgCrypto(SAMPLE.aesKey, "wx0000000000000000").decrypt(SAMPLE.encrypt)).toThrow(WechatCryptoError);
  });

  it("encrypts exactly as the spec says (fixed random prefix), padding to 32-byte blocks", () => {
    const random = Buffer.from("0123456789abcdef");
    for (const msg of ["", "a", "<xml>政策助手</xml>", "x".repeat(12), "x".repeat(44)]) {
      const got = makeMsgCrypto(SAMPLE.aesKey, SAMPLE.appId).encrypt(msg, random);
      expect(got).toBe(refEncrypt(SAMPLE.aesKey, SAMPLE.appId, msg, random));
      expect(Buffer.from(got, "base64").length % 32).toBe(0);
      expect(refDecrypt(SAMPLE.aesKey, got)).toEqual({ msg, id: SAMPLE.appId });
    }
    // An empty message with this AppID is 16 + 4 + 0 + 18 = 38 bytes: 64 with 32-byte padding, 48 with AES's 16.
    expect(Buffer.from(makeMsgCrypto(SAMPLE.aesKey, SAMPLE.appId).encrypt("", random), "base64").length).toBe(64);
  });

  it("round-trips with a random prefix and refuses tampered or foreign ciphertexts", () => {
    const c = makeMsgCrypto(SAMPLE.aesKey, "ww_corp");
    const enc = c.encrypt("你好");
    expect(c.decrypt(enc)).toBe("你好");
    expect(enc).not.toBe(c.encrypt("你好"));
    expect(() => c.decrypt("not base64 blocks")).toThrow(WechatCryptoError);
    expect(() => c.decrypt(refEncrypt(SAMPLE.aesKey, "ww_other", "你好", Buffer.alloc(16)))).toThrow(/CorpID/);
    const bad = Buffer.from(enc, "base64");
    bad[bad.length - 1] ^= 0xff;
    expect(() => c.decrypt(bad.toString("base64"))).toThrow(WechatCryptoError);
  });

  it("validates the EncodingAESKey and compares signatures exactly", () => {
    expect(decodeAesKey(SAMPLE.aesKey)).toEqual(refKey(SAMPLE.aesKey));
    expect(() => decodeAesKey("short")).toThrow(WechatCryptoError);
    expect(() => decodeAesKey(SAMPLE.aesKey + "H")).toThrow(WechatCryptoError);
    expect(signatureMatches(SAMPLE.msgSignature, SAMPLE.msgSignature)).toBe(true);
    expect(signatureMatches(SAMPLE.msgSignature, SAMPLE.msgSignature.toUpperCase())).toBe(true);
    expect(signatureMatches(SAMPLE.msgSignature, SAMPLE.msgSignature.slice(0, -1) + "0")).toBe(false);
    expect(signatureMatches(SAMPLE.msgSignature, "")).toBe(false);
    expect(signatureMatches(SAMPLE.msgSignature, undefined)).toBe(false);
  });
});
