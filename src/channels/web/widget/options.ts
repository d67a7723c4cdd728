// What the host page configures on the one <script> tag: data-title, data-color, data-position,
// data-lang, data-open, data-api. A value the widget cannot use falls back to the default and is
// reported (console.warn), so a typo never breaks the widget.
import type { Lang } from "./strings.js";

export interface WidgetOptions {
  /** API base URL without a trailing slash. */
  base: string;
  /** Panel title; undefined → the language's default. */
  title?: string;
  /** Accent colour (launcher, header, send button), already validated as a CSS colour. */
  color?: string;
  position: "left" | "right";
  lang: Lang;
  /** Open the panel on load (desktop only: on a phone it would cover the page). */
  open: boolean;
}

export interface ScriptTag {
  src: string;
  dataset: Record<string, string | undefined>;
}

const FLAG_ON = new Set(["", "true", "1", "yes", "open"]);
const FLAG_OFF = new Set(["false", "0", "no"]);

/** Parse the tag's attributes; `isColor` is the browser's CSS parser (CSS.supports) in production. */
export function parseOptions(script: ScriptTag, isColor: (value: string) => boolean): { options: WidgetOptions; warnings: string[] } {
  const d = script.dataset;
  const warnings: string[] = [];
  const bad = (attr: string, value: string, fallback: string) => warnings.push(`data-${attr}="${value}" ignored; using ${fallback}`);

  let base = new URL(script.src).origin;
  if (d.api !== undefined) {
    try {
      const api = new URL(d.api, script.src);
      if (api.protocol !== "http:" && api.protocol !== "https:") throw new Error("not http(s)");
      base = api.href.replace(/\/+$/, "");
    } catch {
      bad("api", d.api, base);
    }
  }

  const color = d.color?.trim();
  const position = d.position?.trim().toLowerCase();
  const lang = d.lang?.trim().toLowerCase();
  const open = d.open?.trim().toLowerCase();
  if (color && !isColor(color)) bad("color", color, "the default colour");
  if (position && position !== "left" && position !== "right") bad("position", position, "right");
  if (lang && !/^(zh|en)([-_].*)?$/.test(lang)) bad("lang", lang, "zh");
  if (open !== undefined && !FLAG_ON.has(open) && !FLAG_OFF.has(open)) bad("open", open, "closed");

  return {
    options: {
      base,
      ...(d.title?.trim() ? { title: d.title.trim() } : {}),
      ...(color && isColor(color) ? { color } : {}),
      position: position === "left" ? "left" : "right",
      lang: lang?.startsWith("en") ? "en" : "zh",
      open: open !== undefined && FLAG_ON.has(open),
    },
    warnings,
  };
}
