// GET /widget.js, /widget-match.js and /widget.css — the embeddable widget, bundled once at start and
// served from memory (compressed by @fastify/compress, see plugins/compress.ts).
//
// Caching. Partner sites paste a fixed `<script src=".../widget.js">`, so widget.js cannot carry a
// version in its URL: it gets a short max-age and an ETag — a deploy reaches every visitor within five
// minutes, and in between a revisit costs a 304 without a body. widget-match.js is only ever requested
// by widget.js with `?v=<its content hash>`, so under that exact URL it never changes and is cached for
// a year (immutable); any other `v` (an old widget.js) gets the short policy. The ETags are weak: one
// validator covers the identity, gzip and brotli forms of the same content.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loadWidgetAssets } from "../widget-bundle.js";

const SHORT = "public, max-age=300";
const IMMUTABLE = "public, max-age=31536000, immutable";

export async function registerWidgetRoutes(app: FastifyInstance): Promise<void> {
  const assets = await loadWidgetAssets(); // fail at start, not on a visitor's first request
  const etag = `W/"${assets.version}"`;
  const matchEtag = `W/"${assets.matchVersion}"`;

  const send = (reply: FastifyReply, req: FastifyRequest, type: string, body: string, tag: string, cache: string) => {
    void reply.header("cache-control", cache).header("etag", tag).header("vary", "Accept-Encoding");
    if (req.headers["if-none-match"] === tag) return reply.code(304).send();
    return reply.type(type).send(body);
  };

  app.get("/widget.js", (req, reply) => send(reply, req, "application/javascript; charset=utf-8", assets.js, etag, SHORT));
  app.get("/widget.css", (req, reply) => send(reply, req, "text/css; charset=utf-8", assets.css, etag, SHORT));
  app.get<{ Querystring: { v?: string } }>("/widget-match.js", (req, reply) => {
    // Imported as a module from the host page's origin: module scripts are fetched in CORS mode.
    void reply.header("access-control-allow-origin", "*");
    const cache = req.query.v === assets.matchVersion ? IMMUTABLE : SHORT;
    return send(reply, req, "application/javascript; charset=utf-8", assets.matchJs, matchEtag, cache);
  });
}
