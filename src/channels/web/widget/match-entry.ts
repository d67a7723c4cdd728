// Entry of /widget-match.js: the 我的单位 / 政策匹配 panel as an ES module, which widget.js imports on
// the first click on 我的单位 (see widget-bundle.ts). Its stylesheet travels with it.
export { createProfilePanel } from "./profile-panel.js";

/** Injected by the bundler: match.css, minified. */
declare const __MATCH_CSS__: string;

export const css: string = __MATCH_CSS__;
