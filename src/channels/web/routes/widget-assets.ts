// GET /widget.js and /widget.css — the embeddable widget, bundled once at start and served from memory.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loadWidgetAssets } from "../widget-bundle.js";

export async function registerWidgetRoutes(app: FastifyInstance): Promise<void> {
  const assets = await loadWidgetAssets(); // fail at start, not on a visitor's first request

  const serve = (type: string, body: string) => (req: FastifyRequest, reply: FastifyReply) => {
    void reply
      .header("cache-control", "public, max-age=300")
      .header("etag", assets.etag)
      .header("vary", "Accept-Encoding");
    if (req.headers["if-none-match"] === assets.etag) return reply.code(304).send();
    return reply.type(type).send(body);
  };

  app.get("/widget.js", serve("application/javascript; charset=utf-8", assets.js));
  app.get("/widget.css", serve("text/css; charset=utf-8", assets.css));
}
