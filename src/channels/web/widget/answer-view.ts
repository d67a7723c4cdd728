// Renders one finished answer: Markdown body, verdict, the clarifying question (once), 专题 chips, the
// sources by their human label, and — for a logged answer — the rating row with its 👎 comment box.
import type { WidgetAnswer, WidgetCitation } from "./api.js";
import { quoteInAnswer, withoutFollowUp } from "./answer-content.js";
import { h } from "./dom.js";
import { icon } from "./icons.js";
import { renderMarkdown } from "./markdown.js";
import type { Strings } from "./strings.js";

/** Markdown body; markdown-it runs with html:false and a link allow-list, so its output is inert. */
export function setMarkdown(el: HTMLElement, text: string): void {
  el.innerHTML = renderMarkdown(text);
}

export type RateFn = (messageId: string, rating: "up" | "down", comment?: string) => Promise<void>;

export interface AnswerViewContext {
  t: Strings;
  onAskTopic: (topic: WidgetAnswer["topics"][number]) => void;
  /** Absent for resumed turns: they have no messageId to rate. */
  onRate?: RateFn;
}

/** The feedback API's limit on a comment (POST /api/feedback). */
export const COMMENT_MAX = 500;

export function renderAnswer(bubble: HTMLElement, a: Omit<WidgetAnswer, "sessionId">, ctx: AnswerViewContext): void {
  const { t } = ctx;
  bubble.replaceChildren();
  bubble.classList.toggle("refused", a.refused);

  if (a.verdict) bubble.append(h("div", { class: `verdict ${a.verdict}`, text: t.verdict[a.verdict] }));

  // The clarifying question belongs in its box; an older answer text may still carry it too.
  const followUp = a.followUp?.trim();
  const body = followUp ? withoutFollowUp(a.answer, followUp) : { answer: a.answer, inBody: false };
  const md = h("div", { class: "md" });
  setMarkdown(md, body.answer);
  bubble.append(md);

  if (followUp && !body.inBody) {
    bubble.append(
      h("div", { class: "followup", attrs: { role: "note" } }, [
        h("div", { class: "followup-label", text: t.followUpLabel }),
        h("div", { class: "followup-text", text: followUp }),
        h("div", { class: "followup-hint", text: t.followUpHint }),
      ]),
    );
  }

  if (a.topics.length > 0) {
    bubble.append(
      h("div", { class: "chips", attrs: { role: "group", "aria-label": t.topicsLabel } }, [
        h("span", { class: "chips-label", attrs: { "aria-hidden": "true" }, text: t.topicsLabel }),
        ...a.topics.map((topic) =>
          h("button", {
            class: "chip",
            text: t.topicChip(topic.id, topic.name),
            attrs: { type: "button", title: t.topicChipTitle(topic.program) },
            on: { click: () => ctx.onAskTopic(topic) },
          }),
        ),
      ]),
    );
  }

  if (a.citations.length > 0) {
    bubble.append(
      h("div", { class: "sources" }, [
        h("div", { class: "sources-label", text: t.sources(a.citations.length) }),
        ...a.citations.map((c) => source(c, a.answer)),
      ]),
    );
  }
  // Thumbs only when the server logged this answer (no messageId → nothing to rate).
  if (a.messageId && ctx.onRate) bubble.append(thumbs(a.messageId, ctx.onRate, t));
}

/**
 * One source by its label. The quote is shown only when the body does not already quote it (the
 * clause appears once); an English rendering, when given, sits under the Chinese original with its
 * "unofficial" note. With nothing to expand, the label stands alone.
 */
function source(c: WidgetCitation, answer: string): HTMLElement {
  const label = c.label?.trim() || c.title;
  const quote = quoteInAnswer(answer, c.quote) ? undefined : c.quote;
  const translation = c.translation && !quoteInAnswer(answer, c.translation.text) ? c.translation : undefined;
  if (!quote && !translation) return h("div", { class: "source source-plain", text: label });
  // The Chinese clause already in the body: its English rendering shows right away, not folded.
  const attrs: Record<string, string> = quote ? {} : { open: "" };
  return h("details", { class: "source", attrs }, [
    h("summary", { text: label }),
    quote ? h("blockquote", { class: "source-quote", attrs: { lang: "zh-CN" }, text: quote }) : null,
    translation
      ? h("div", { class: "source-translation", attrs: { lang: "en" } }, [
          h("p", { class: "translation-text", text: translation.text }),
          h("p", { class: "translation-note", text: translation.note }),
        ])
      : null,
  ]);
}

/**
 * Rating row. A click on either thumb stores the rating at once (so leaving the page still counts);
 * 👎 then offers "哪里不对？" — 提交 sends the same rating again with the comment (the store keeps the
 * latest rating and comment per answer), 跳过 just closes the box.
 */
function thumbs(messageId: string, onRate: RateFn, t: Strings): HTMLElement {
  const status = h("span", { class: "rate-status", attrs: { role: "status" } });
  const button = (rating: "up" | "down", label: string) =>
    h("button", {
      class: `rate rate-${rating}`,
      attrs: { type: "button", "aria-label": label, title: label, "aria-pressed": "false" },
      on: { click: () => void rate(rating) },
    }, [icon(rating === "up" ? "thumbUp" : "thumbDown", 16)]);
  const up = button("up", t.rateUp);
  const down = button("down", t.rateDown);
  const row = h("div", { class: "rating", attrs: { role: "group", "aria-label": t.rateLabel } }, [
    h("span", { class: "rating-label", attrs: { "aria-hidden": "true" }, text: t.rateQuestion }),
    up,
    down,
    status,
  ]);
  const wrap = h("div", { class: "feedback" }, [row]);

  const rate = async (rating: "up" | "down") => {
    if (up.getAttribute("aria-disabled") === "true") return; // one rating per answer; the comment adds to it
    up.disabled = down.disabled = true;
    status.textContent = "";
    try {
      await onRate(messageId, rating);
      (rating === "up" ? up : down).setAttribute("aria-pressed", "true");
      // Rated: aria-disabled rather than disabled, so focus can come back to 👎 when the comment box closes.
      for (const b of [up, down]) {
        b.disabled = false;
        b.setAttribute("aria-disabled", "true");
      }
      status.textContent = t.thanks;
      if (rating === "down") wrap.append(commentBox(messageId, onRate, t, status, () => down.focus()));
    } catch (err) {
      up.disabled = down.disabled = false;
      status.textContent = err instanceof Error && err.message ? err.message : t.rateFailed;
    }
  };
  return wrap;
}

function commentBox(messageId: string, onRate: RateFn, t: Strings, status: HTMLElement, refocus: () => void): HTMLElement {
  const id = `kjzs-comment-${messageId}`;
  const text = h("textarea", {
    class: "comment-input",
    attrs: { id, rows: "2", maxlength: String(COMMENT_MAX), placeholder: t.commentPlaceholder },
  });
  const submit = h("button", { class: "comment-submit", text: t.commentSubmit, attrs: { type: "submit" } });
  const skip = h("button", { class: "comment-skip", text: t.commentSkip, attrs: { type: "button" } });
  const error = h("p", { class: "comment-error", attrs: { role: "alert" } });
  const form = h("form", { class: "comment" }, [
    h("label", { class: "comment-label", text: t.commentLabel, attrs: { for: id } }),
    text,
    h("div", { class: "comment-actions" }, [submit, skip]),
    error,
  ]);
  const finish = (message?: string) => {
    form.remove();
    if (message) status.textContent = message;
    refocus();
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const comment = text.value.trim();
    if (!comment) return finish();
    submit.disabled = skip.disabled = true;
    error.textContent = "";
    onRate(messageId, "down", [...comment].slice(0, COMMENT_MAX).join("")).then(
      () => finish(t.commentThanks),
      (err: unknown) => {
        submit.disabled = skip.disabled = false;
        error.textContent = err instanceof Error && err.message ? err.message : t.rateFailed;
      },
    );
  });
  skip.addEventListener("click", () => finish());
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.stopPropagation(); // closes the box, not the whole panel
      finish();
    }
  });
  queueMicrotask(() => text.focus());
  return form;
}
