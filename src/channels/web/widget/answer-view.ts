// Renders one finished answer: Markdown body, verdict, clarifying question, 专题 chips and
// expandable sources with the quoted clause.
import type { WidgetAnswer } from "./api.js";
import { h } from "./dom.js";
import { renderMarkdown } from "./markdown.js";

const VERDICT_TEXT: Record<NonNullable<WidgetAnswer["verdict"]>, string> = {
  eligible: "初步判断：符合条件",
  ineligible: "初步判断：可能不符合",
  uncertain: "初步判断：尚需确认",
};

/** Markdown body; markdown-it runs with html:false and a link allow-list, so its output is inert. */
export function setMarkdown(el: HTMLElement, text: string): void {
  el.innerHTML = renderMarkdown(text);
}

export type RateFn = (messageId: string, rating: "up" | "down") => Promise<void>;

export function renderAnswer(
  bubble: HTMLElement,
  a: WidgetAnswer,
  onAskTopic: (topic: WidgetAnswer["topics"][number]) => void,
  onRate?: RateFn,
): void {
  bubble.replaceChildren();
  if (a.refused) bubble.classList.add("refused");

  if (a.verdict) bubble.append(h("div", { class: `verdict ${a.verdict}`, text: VERDICT_TEXT[a.verdict] }));

  const body = h("div", { class: "md" });
  setMarkdown(body, a.answer);
  bubble.append(body);

  if (a.followUp) {
    bubble.append(
      h("div", { class: "followup", attrs: { role: "note" } }, [
        h("div", { class: "followup-label", text: "需要向您确认" }),
        h("div", { class: "followup-text", text: a.followUp }),
        h("div", { class: "followup-hint", text: "直接在下方回复即可。" }),
      ]),
    );
  }

  if (a.topics.length > 0) {
    bubble.append(
      h("div", { class: "chips", attrs: { role: "group", "aria-label": "相关专题" } }, [
        h("span", { class: "chips-label", text: "相关专题" }),
        ...a.topics.map((t) =>
          h("button", {
            class: "chip",
            text: `专题${t.id} ${t.name}`,
            attrs: { type: "button", title: `${t.program} · 点击了解该专题` },
            on: { click: () => onAskTopic(t) },
          }),
        ),
      ]),
    );
  }

  if (a.citations.length > 0) {
    bubble.append(
      h("div", { class: "sources" }, [
        h("div", { class: "sources-label", text: `依据（${a.citations.length}）` }),
        ...a.citations.map((c) =>
          h("details", { class: "source" }, [
            h("summary", { text: c.title }),
            h("blockquote", { text: c.quote }),
            h("div", { class: "source-ref", text: `出处：${c.source}` }),
          ]),
        ),
      ]),
    );
  }
  // Thumbs only when the server logged this answer (no messageId → nothing to rate).
  if (a.messageId && onRate) bubble.append(thumbs(a.messageId, onRate));
}

/** 👍/👎 row: one click sends the rating; the row then says thanks (or why it failed, with a retry). */
function thumbs(messageId: string, onRate: RateFn): HTMLElement {
  const status = h("span", { class: "rate-status", attrs: { role: "status" } });
  const button = (rating: "up" | "down", label: string, icon: string) =>
    h("button", {
      class: `rate rate-${rating}`,
      text: icon,
      attrs: { type: "button", "aria-label": label, title: label, "aria-pressed": "false" },
      on: { click: () => void rate(rating) },
    });
  const up = button("up", "这个回答有帮助", "👍");
  const down = button("down", "这个回答没有帮助", "👎");
  const rate = async (rating: "up" | "down") => {
    up.disabled = down.disabled = true;
    status.textContent = "";
    try {
      await onRate(messageId, rating);
      (rating === "up" ? up : down).setAttribute("aria-pressed", "true");
      status.textContent = "感谢反馈！";
    } catch (err) {
      up.disabled = down.disabled = false;
      status.textContent = err instanceof Error && err.message ? err.message : "反馈未能提交，请重试。";
    }
  };
  return h("div", { class: "rating", attrs: { role: "group", "aria-label": "评价这个回答" } }, [
    h("span", { class: "rating-label", text: "回答有帮助吗？" }),
    up,
    down,
    status,
  ]);
}
