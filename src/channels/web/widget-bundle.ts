// Builds the widget from widget/*.ts with esbuild, once per process, in memory:
//   /widget.js        the chat widget (IIFE, one <script> tag on the host page)
//   /widget-match.js  the 我的单位 / 政策匹配 panel (ES module), imported by widget.js on first use, so
//                     visitors who only chat never download it and widget.js stays within its size budget
//   /widget.css       every stylesheet, for browsers without constructed stylesheets
// Bundling at start keeps the browser code type-checked with the rest of the project and pulls in
// markdown-it without a vendored copy. Under the `npm start` bundle the result is kept next to it,
// keyed by the build, so later starts read it instead of starting esbuild.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createHash } from "node:crypto";
import type { BuildOptions, Plugin } from "esbuild";
import { readBuildCache, writeBuildCache } from "../../build/build-cache.js";
import { BUILD_ID } from "../../build/build-id.js";
import { ROOT_DIR } from "../../config.js";

export interface WidgetAssets {
  js: string;
  matchJs: string;
  /** All stylesheets, concatenated in cascade order (the <link> fallback). */
  css: string;
  /** Content hash of widget.js and the stylesheets: their ETag. */
  version: string;
  /** Content hash of widget-match.js: its ETag and the `?v=` widget.js asks for it with. */
  matchVersion: string;
}

// From the project root, not import.meta.dirname: in the `npm start` bundle that is .build/.
const WIDGET_DIR = path.join(ROOT_DIR, "src", "channels", "web", "widget");

/** The chat widget's stylesheet, then the match panel's (which may refine it); absent files are skipped. */
const CHAT_CSS = "widget.css";
const MATCH_CSS = "match.css";

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
  if (saved?.matchJs !== undefined) return saved;
  const assets = await bundleWidget();
  writeBuildCache(dir, "widget", key, assets);
  return assets;
}

/**
 * Libraries swapped for browser stand-ins, each to keep widget.js small:
 * - `entities`: its table of HTML named references is 16 KB gzipped; the browser's parser has one
 *   (widget/html-entities.ts).
 * - `linkify-it`: markdown-it always constructs it but only calls it with `linkify: true`, which the
 *   widget does not use (answers carry no bare URLs; Markdown links still work) — 3 KB gzipped saved.
 */
const browserStandIns: Plugin = {
  name: "browser-stand-ins",
  setup(b) {
    b.onResolve({ filter: /^entities$/ }, () => ({ path: path.join(WIDGET_DIR, "html-entities.ts") }));
    b.onResolve({ filter: /^linkify-it$/ }, () => ({ path: "linkify-it", namespace: "stand-in" }));
    b.onLoad({ filter: /^linkify-it$/, namespace: "stand-in" }, () => ({ contents: "export class LinkifyIt {}", loader: "js" }));
  },
};

async function readCss(file: string): Promise<string> {
  const full = path.join(WIDGET_DIR, file);
  if (!existsSync(full)) return "";
  const { transform } = await import("esbuild");
  return (await transform(await readFile(full, "utf8"), { loader: "css", minify: true })).code;
}

async function bundleWidget(): Promise<WidgetAssets> {
  const { build } = await import("esbuild"); // only when there is no saved bundle
  const common: BuildOptions = {
    bundle: true,
    write: false,
    platform: "browser",
    target: ["es2020", "chrome90", "firefox90", "safari15"],
    minify: true,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    plugins: [browserStandIns],
  };
  const [chatCss, matchCss] = await Promise.all([readCss(CHAT_CSS), readCss(MATCH_CSS)]);

  const match = await build({
    ...common,
    entryPoints: [path.join(WIDGET_DIR, "match-entry.ts")],
    format: "esm",
    define: { __MATCH_CSS__: JSON.stringify(matchCss) },
  });
  const matchJs = match.outputFiles?.[0]?.text;
  if (matchJs === undefined) throw new Error("esbuild produced no widget-match bundle");
  // widget.js names the match module's version, so a cached old one is never paired with a new widget.
  const matchVersion = createHash("sha256").update(matchJs).digest("base64url").slice(0, 16);

  const chat = await build({
    ...common,
    entryPoints: [path.join(WIDGET_DIR, "widget.ts")],
    format: "iife",
    define: { __WIDGET_CSS__: JSON.stringify(chatCss), __MATCH_VERSION__: JSON.stringify(matchVersion) },
  });
  const js = chat.outputFiles?.[0]?.text;
  if (!js) throw new Error("esbuild produced no widget bundle");
  const css = chatCss + matchCss;
  const version = createHash("sha256").update(js).update(css).digest("base64url").slice(0, 22);
  return { js, matchJs, css, version, matchVersion };
}
