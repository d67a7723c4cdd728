// The 我的单位 panel: the visitor states the unit's profile once and gets every 专题 judged.
// It lies over the chat panel (absolute, inside it) so the chat keeps its place underneath.
import { h } from "./dom.js";

export interface ProfilePanelContext {
  base: string;
  session: { get(): string | undefined; set(id: string): void };
  lang: "zh" | "en";
}

export interface ProfilePanel {
  element: HTMLElement;
  open(): void;
  close(): void;
}

export function createProfilePanel(ctx: ProfilePanelContext): ProfilePanel {
  const zh = ctx.lang === "zh";
  const closeBtn = h("button", { class: "pp-close", text: "×", attrs: { type: "button", "aria-label": zh ? "关闭我的单位" : "Close" } });
  const heading = h("h2", { attrs: { id: "kjzs-pp-title", tabindex: "-1" }, text: zh ? "我的单位 · 政策匹配" : "My organisation · Policy match" });
  const element = h("section", {
    class: "pp",
    attrs: { role: "dialog", "aria-modal": "true", "aria-labelledby": "kjzs-pp-title" },
  }, [h("header", { class: "pp-head" }, [heading, closeBtn])]);
  element.hidden = true;

  let returnFocus: HTMLElement | null = null;
  const open = () => {
    const active = element.getRootNode() instanceof ShadowRoot ? (element.getRootNode() as ShadowRoot).activeElement : document.activeElement;
    returnFocus = active instanceof HTMLElement ? active : null;
    element.hidden = false;
    heading.focus();
  };
  const close = () => {
    element.hidden = true;
    returnFocus?.focus();
  };
  closeBtn.addEventListener("click", close);
  element.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      close();
    }
  });
  return { element, open, close };
}
