import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../config.js";
import { buildApp } from "../app.js";
import { makeFakeAssistant } from "../testing/fake-assistant.js";
import { loadWidgetAssets, type WidgetAssets } from "../widget-bundle.js";

/** The budget for what a visitor downloads to get the widget. */
const GZIP_BUDGET_BYTES = 40 * 1024;

let app: FastifyInstance;
let assets: WidgetAssets;

beforeAll(async () => {
  app = await buildApp({ assistant: makeFakeAssistant(), config: loadConfig({ LOG_LEVEL: "silent" }) });
  assets = await loadWidgetAssets();
});
afterAll(async () => {
  await app?.close();
});

describe("widget assets", () => {
  it(`widget.js is served gzipped within ${GZIP_BUDGET_BYTES / 1024} KB, and brotli smaller still`, async () => {
    const gz = await app.inject({ url: "/widget.js", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(String(gz.headers.vary)).toMatch(/accept-encoding/i);
    expect(gunzipSync(gz.rawPayload).toString("utf8")).toBe(assets.js);
    expect(gz.rawPayload.length).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);

    const br = await app.inject({ url: "/widget.js", headers: { "accept-encoding": "br, gzip;q=0.8" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.rawPayload).toString("utf8")).toBe(assets.js);
    expect(br.rawPayload.length).toBeLessThan(gz.rawPayload.length);

    // A client that asks for nothing gets the plain file.
    const plain = await app.inject({ url: "/widget.js" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(assets.js);
  });

  it("widget.js: short max-age with a weak ETag (its URL is pasted on partner sites), 304 on revalidation", async () => {
    const res = await app.inject({ url: "/widget.js", headers: { "accept-encoding": "br" } });
    expect(res.headers["cache-control"]).toBe("public, max-age=300");
    expect(res.headers.etag).toBe(`W/"${assets.version}"`);
    const again = await app.inject({ url: "/widget.js", headers: { "accept-encoding": "br", "if-none-match": String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it("widget-match.js: immutable under the version widget.js asks for, short otherwise, readable cross-origin", async () => {
    expect(assets.js).toContain(`/widget-match.js?v=`);
    expect(assets.js).toContain(assets.matchVersion);
    const current = await app.inject({ url: `/widget-match.js?v=${assets.matchVersion}`, headers: { "accept-encoding": "gzip" } });
    expect(current.statusCode).toBe(200);
    expect(current.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect(current.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(current.headers["access-control-allow-origin"]).toBe("*");
    expect(gunzipSync(current.rawPayload).toString("utf8")).toBe(assets.matchJs);
    expect(assets.matchJs).toMatch(/export\s*\{/); // an ES module: widget.js import()s it
    const stale = await app.inject({ url: "/widget-match.js?v=old" });
    expect(stale.headers["cache-control"]).toBe("public, max-age=300");
  });

  it("widget.css (the <link> fallback) carries both stylesheets, chat first", async () => {
    const css = (await app.inject("/widget.css")).body;
    expect(css.indexOf(".launcher")).toBeGreaterThanOrEqual(0);
    expect(css).toBe(assets.css);
    expect(css.indexOf(".pp")).toBeGreaterThan(css.indexOf(".launcher"));
  });

  it("the browser bundle leaves out the entities table and linkify-it (stand-ins in widget-bundle.ts)", () => {
    // entities' decode table starts with this packed run; linkify-it carries its TLD list. (Plain
    // booleans: a failing toContain would print the whole bundle.)
    expect(assets.js.includes("!}.&u%}'&}*'~!6*)%&,~!J~!J~%L~y<~!R")).toBe(false);
    expect(assets.js.includes("biz|com|edu|gov|net|org|pro|web|xxx|aero|asia|coop|info|museum|name|shop")).toBe(false);
  });
});
