// markdown-it set up for untrusted answer text: raw HTML off, images off, and links only to
// http/https/mailto, opened in a new tab without opener or referrer.
import markdownit, { type MarkdownIt } from "markdown-it";

const SAFE_LINK = /^(https?:|mailto:)/i;

export function createMarkdown(): MarkdownIt {
  const md = markdownit({ html: false, linkify: true, breaks: true, typographer: false });
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
