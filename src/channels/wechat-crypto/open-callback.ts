// What both callback channels (公众号 安全模式 and 企业微信) do with a request before reading it: check the message
// signature, decrypt, parse the XML — each failure mapped to the HTTP error the protocol tests expect (401 for a
// signature, 400 for a message that cannot be read).
import { ApiError } from "../web/errors.js";
import { CallbackXmlError, parseCallbackXml } from "./callback-xml.js";
import { signatureMatches, wechatSignature, WechatCryptoError, type MsgCrypto } from "./msg-crypto.js";

export interface SignedQuery {
  timestamp?: string;
  nonce?: string;
  msg_signature?: string;
}

/** The plaintext of `encrypted`, once its msg_signature over token, timestamp, nonce and ciphertext matches. */
export function openEncrypted(crypto: MsgCrypto, token: string, q: SignedQuery, encrypted: string | undefined): string {
  if (!q.timestamp || !q.nonce || !encrypted || !signatureMatches(wechatSignature(token, q.timestamp, q.nonce, encrypted), q.msg_signature)) {
    throw new ApiError("unauthorized", "消息签名校验失败。");
  }
  try {
    return crypto.decrypt(encrypted);
  } catch (err) {
    if (err instanceof WechatCryptoError) throw new ApiError("invalid_request", "消息无法解密。", { cause: err });
    throw err;
  }
}

/** The callback XML's fields; malformed XML is a 400. */
export function parseCallbackBody(xml: string): ReturnType<typeof parseCallbackXml> {
  try {
    return parseCallbackXml(xml);
  } catch (err) {
    if (err instanceof CallbackXmlError) throw new ApiError("invalid_request", "消息不是合法的 XML。", { cause: err });
    throw err;
  }
}
