// WXBizMsgCrypt, the message crypto of 公众号 安全模式 and 企业微信 callbacks, on node:crypto alone:
// sha1 signatures over sorted strings, AES-256-CBC with the key's first 16 bytes as IV, PKCS#7 padding to a
// 32-byte block, plaintext = 16 random bytes + 4-byte big-endian length + message + AppID/CorpID.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

const BLOCK = 32; // WeChat pads to 32 bytes, not AES's 16

export class WechatCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WechatCryptoError";
  }
}

/** sha1 hex of the parts sorted as strings and concatenated (signature / msg_signature). */
export function wechatSignature(...parts: string[]): string {
  return createHash("sha1").update([...parts].sort().join("")).digest("hex");
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(expected: string, received: string | undefined): boolean {
  return typeof received === "string" && constantTimeEqual(expected.toLowerCase(), received.toLowerCase());
}

function constantTimeEqual(x: string, y: string): boolean {
  const a = Buffer.from(x, "utf8");
  const b = Buffer.from(y, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The 43-character EncodingAESKey is base64 of the 32-byte AES key without its "=". */
export function decodeAesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) throw new WechatCryptoError("EncodingAESKey must be 43 base64 characters");
  const key = Buffer.from(encodingAesKey + "=", "base64");
  if (key.length !== 32) throw new WechatCryptoError("EncodingAESKey does not decode to 32 bytes");
  return key;
}

export interface MsgCrypto {
  /** Base64 ciphertext of `message` for `receiverId` (AppID or CorpID). */
  encrypt(message: string, random?: Buffer): string;
  /** The message inside `encrypted`; throws WechatCryptoError when it is malformed or for another receiver. */
  decrypt(encrypted: string): string;
}

export function makeMsgCrypto(encodingAesKey: string, receiverId: string): MsgCrypto {
  const key = decodeAesKey(encodingAesKey);
  const iv = key.subarray(0, 16);
  return {
    encrypt(message, random = randomBytes(16)) {
      if (random.length !== 16) throw new WechatCryptoError("random prefix must be 16 bytes");
      const body = Buffer.from(message, "utf8");
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length);
      const plain = Buffer.concat([random, length, body, Buffer.from(receiverId, "utf8")]);
      const pad = BLOCK - (plain.length % BLOCK);
      const cipher = createCipheriv("aes-256-cbc", key, iv).setAutoPadding(false);
      return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString("base64");
    },
    decrypt(encrypted) {
      const data = Buffer.from(encrypted, "base64");
      if (data.length === 0 || data.length % 16 !== 0) throw new WechatCryptoError("ciphertext is not whole AES blocks");
      let plain: Buffer;
      try {
        const decipher = createDecipheriv("aes-256-cbc", key, iv).setAutoPadding(false);
        plain = Buffer.concat([decipher.update(data), decipher.final()]);
      } catch {
        throw new WechatCryptoError("ciphertext does not decrypt");
      }
      const pad = plain[plain.length - 1];
      if (pad < 1 || pad > BLOCK || pad > plain.length) throw new WechatCryptoError("bad padding");
      const content = plain.subarray(0, plain.length - pad);
      if (content.length < 20) throw new WechatCryptoError("plaintext too short");
      const size = content.readUInt32BE(16);
      if (20 + size > content.length) throw new WechatCryptoError("message length exceeds plaintext");
      const from = content.subarray(20 + size).toString("utf8");
      // The receiver id is compared like a signature: a message for another account is refused.
      if (!constantTimeEqual(receiverId, from)) throw new WechatCryptoError("AppID/CorpID does not match");
      return content.subarray(20, 20 + size).toString("utf8");
    },
  };
}
