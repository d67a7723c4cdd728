// JSON bodies must be valid UTF-8: the default parser would decode bad bytes to U+FFFD and answer a
// mangled question; here they are a 400. Parsing itself stays fastify's (prototype-poisoning safe).
import type { FastifyInstance } from "fastify";
import { ApiError } from "../errors.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (req, body: Buffer, done) => {
    // RFC 8259: JSON is UTF-8. A body declared in another charset is refused rather than misread.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers["content-type"] ?? "")?.[1]?.toLowerCase();
    if (charset && charset !== "utf-8" && charset !== "utf8") {
      done(new ApiError("unsupported_media_type", "请求须为 UTF-8 编码的 JSON。"), undefined);
      return;
    }
    let text: string;
    try {
      text = strictUtf8.decode(body);
    } catch {
      done(new ApiError("invalid_request", "请求体不是合法的 UTF-8 文本。"), undefined);
      return;
    }
    void parseJson(req, text, done);
  });
}
