// Builds /widget.js (and /widget.css) from widget/*.ts with esbuild, once per process, in memory.
// Bundling at start keeps the browser code type-checked with the rest of the project and pulls in
// markdown-it without a vendored copy. Under the `npm start` bundle the result is kept next to it,
// keyed by the build, so later starts read it instead of starting esbuild.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createHash } from "node:crypto";
import { readBuildCache, writeBuildCache } from "../../build/build-cache.js";
import { BUILD_ID } from "../../build/build-id.js";
import { ROOT_DIR } from "../../config.js";

export interface WidgetAssets {
  js: string;
  css: string;
  /** Content hash, used as the ETag. */
  etag: string;
}

// From the project root, not import.meta.dirname: in the `npm start` bundle that is .build/.
const WIDGET_DIR = path.join(ROOT_DIR, "src", "channels", "web", "widget");

/** Stylesheets of the widget folder, in cascade order; a later file may refine an earlier one. */
const CSS_FILES = ["widget.css", "match.css"];

let cached: Promise<WidgetAssets> | undefined;

export function loadWidgetAssets(): Promise<WidgetAssets> {
  cached ??= loadOrBundle().catch((err: unknown) => {
    cached = undefined; // let a later call retry instead of caching the failure
    throw err;
  });
  return cached;
}

async function loadOrBundle(): Promise<WidgetAssets> {
  if (!BUILD_ID) return bundleWidget();
  const dir = path.join(ROOT_DIR, ".build");
  const key = BUILD_ID.slice(0, 16);
  const saved = readBuildCache<WidgetAssets>(dir, "widget", key);
  if (saved) return saved;
  const assets = await bundleWidget();
  writeBuildCache(dir, "widget", key, assets);
  return assets;
}

async function bundleWidget(): Promise<WidgetAssets> {
  const { build, transform } = await import("esbuild"); // only when there is no saved bundle
  const present = CSS_FILES.map((f) => path.join(WIDGET_DIR, f)).filter((f) => existsSync(f));
  const rawCss = (await Promise.all(present.map((f) => readFile(f, "utf8")))).join("\n");
  const css = (await transform(rawCss, { loader: "css", minify: true })).code;
  const result = await build({
    entryPoints: [path.join(WIDGET_DIR, "widget.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: ["es2020", "chrome90", "firefox90", "safari15"],
    minify: true,
    legalComments: "none",
    charset: "utf8",
    define: { __WIDGET_CSS__: JSON.stringify(css) },
    logLevel: "silent",
    plugins: [
      {
        // The browser decodes HTML character references itself (widget/html-entities.ts); the
        // `entities` package's table would be a third of the gzipped bundle.
        name: "browser-entities",
        setup(b) {
          b.onResolve({ filter: /^entities$/ }, () => ({ path: path.join(WIDGET_DIR, "html-entities.ts") }));
        },
      },
    ],
  });
  const js = result.outputFiles[0]?.text;
  if (!js) throw new Error("esbuild produced no widget bundle");
  const etag = `"${createHash("sha256").update(js).update(css).digest("base64url").slice(0, 22)}"`;
  return { js, css, etag };
}
