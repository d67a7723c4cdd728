// markdown-it set up for untrusted answer text: raw HTML off, images off, and links only to
// http/https/mailto, opened in a new tab without opener or referrer. Bare URLs are not linked
// (linkify off): answers carry none, and the browser bundle leaves linkify-it out (widget-bundle.ts).
// The CJK-friendly plugin lets `**想确认一下：**贵单位` close its emphasis: CommonMark's flanking rule
// refuses a `**` between a full-width punctuation mark and a Han character, and answers are written that way.
import markdownit, { type MarkdownIt } from "markdown-it";
import cjkFriendly from "markdown-it-cjk-friendly";

const SAFE_LINK = /^(https?:|mailto:)/i;

export function createMarkdown(): MarkdownIt {
  const md = markdownit({ html: false, linkify: false, breaks: true, typographer: false });
  md.use(cjkFriendly);
  md.disable(["image"]); // no remote images: nothing should load from an answer
  md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
  const defaultLinkOpen =
    md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet("target", "_blank");
    tokens[idx].attrSet("rel", "noopener noreferrer");
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

let shared: MarkdownIt | undefined;

/** Render answer Markdown to HTML that is safe to assign to innerHTML. */
export function renderMarkdown(text: string): string {
  shared ??= createMarkdown();
  return shared.render(text);
}
