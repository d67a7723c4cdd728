// The callback routes take XML (WeChat sends text/xml; some proxies rewrite it to text/plain), as a string
// the route parses itself. Scoped to the channel's own plugin: the JSON API still refuses these types.
import type { FastifyInstance } from "fastify";

export function registerXmlBody(scope: FastifyInstance): void {
  scope.addContentTypeParser(["text/xml", "application/xml", "text/plain"], { parseAs: "string" }, (_req, body, done) => {
    done(null, body);
  });
}
