// Entry of /widget.js: a floating button that opens a chat panel inside a shadow root, so the host
// page's CSS and ours never meet. Bundled for the browser by ../widget-bundle.ts.
import { fetchTopics, sendFeedback, streamChat, WidgetError, type WidgetAnswer, type WidgetTopic } from "./api.js";
import { renderAnswer, setMarkdown } from "./answer-view.js";
import { h } from "./dom.js";

/** Injected by the bundler: the contents of widget.css. */
declare const __WIDGET_CSS__: string;

const SUGGESTIONS = [
  "我们是科技型中小企业，银行贷款利息能补贴吗？",
  "新获批的高新技术企业能申请什么支持？",
  "高校青年教师想自主选题做基础研究，适合哪个专题？",
  "想建中试平台或概念验证中心，归哪个专项？",
];

interface WidgetOptions {
  base: string;
  title: string;
}

function readOptions(): WidgetOptions | undefined {
  const script = document.currentScript as HTMLScriptElement | null;
  const src = script?.src;
  if (!src) return undefined;
  return {
    base: (script.dataset.api ?? new URL(src).origin).replace(/\/+$/, ""),
    title: script.dataset.title?.trim() || "科技计划政策助手",
  };
}

function applyStyles(root: ShadowRoot, base: string): void {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet !== "undefined" && "replaceSync" in CSSStyleSheet.prototype) {
    // Constructed sheets need no network and are not blocked by a host page's style-src.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(__WIDGET_CSS__);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(h("link", { attrs: { rel: "stylesheet", href: `${base}/widget.css` } }));
  }
}

function mount(opts: WidgetOptions): void {
  const host = h("div", { attrs: { id: "kjzs-widget", "data-kjzs-widget": "" } });
  const root = host.attachShadow({ mode: "open" });
  applyStyles(root, opts.base);

  let sessionId: string | undefined; // kept for the page's lifetime only
  let busy = false;
  let topicsShown = false;

  const launcher = h("button", {
    class: "launcher",
    attrs: { type: "button", "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": "kjzs-panel" },
  }, [h("span", { class: "launcher-icon", attrs: { "aria-hidden": "true" }, text: "💬" }), h("span", { text: "政策咨询" })]);

  const closeBtn = h("button", { class: "close", text: "×", attrs: { type: "button", "aria-label": "关闭对话" } });
  const log = h("div", { class: "log", attrs: { role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" } });
  const errorLine = h("div", { class: "error", attrs: { role: "alert" } });
  errorLine.hidden = true;
  const input = h("textarea", {
    class: "input",
    attrs: { rows: "2", maxlength: "1000", placeholder: "请输入您的问题（Enter 发送，Shift+Enter 换行）", "aria-label": "输入您的问题" },
  });
  const sendBtn = h("button", { class: "send", text: "发送", attrs: { type: "submit" } });
  const form = h("form", { class: "composer" }, [input, sendBtn]);

  const panel = h("section", {
    class: "panel",
    attrs: { id: "kjzs-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "kjzs-title" },
  }, [
    h("header", { class: "head" }, [
      h("div", {}, [
        h("h2", { attrs: { id: "kjzs-title" }, text: opts.title }),
        h("p", { class: "sub", text: "解读《武汉市科技计划体系改革优化方案》" }),
      ]),
      closeBtn,
    ]),
    log,
    errorLine,
    form,
    h("p", { class: "foot", text: "回答依据方案原文；金额、时间、材料等以年度申报指南为准。" }),
  ]);
  panel.hidden = true;
  root.append(launcher, panel);

  const scrollDown = () => {
    log.scrollTop = log.scrollHeight;
  };
  /** Follow a growing answer, but never scroll its question out of view: long answers read from the top. */
  const follow = (question: HTMLElement) => {
    const questionTop = log.scrollTop + question.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    log.scrollTop = Math.min(log.scrollHeight - log.clientHeight, questionTop);
  };

  const showError = (message: string | undefined) => {
    errorLine.textContent = message ?? "";
    errorLine.hidden = !message;
  };

  const open = () => {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.classList.add("is-open");
    input.focus();
  };
  const close = () => {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.classList.remove("is-open");
    launcher.focus();
  };

  const ask = async (question: string) => {
    const q = question.trim();
    if (!q || busy) return;
    busy = true;
    sendBtn.disabled = true;
    panel.setAttribute("aria-busy", "true");
    showError(undefined);
    input.value = "";

    const userMsg = h("div", { class: "msg user" }, [h("div", { class: "bubble", text: q })]);
    log.append(userMsg);
    const bubble = h("div", { class: "bubble" }, [h("span", { class: "typing", attrs: { "aria-label": "正在回答" } }, [h("i"), h("i"), h("i")])]);
    const msg = h("div", { class: "msg bot" }, [bubble]);
    log.append(msg);
    scrollDown();

    // Streamed text is re-rendered at most once per frame.
    let text = "";
    let pending = false;
    let finished = false; // once the final answer is rendered, a late frame must not overwrite it
    const body = h("div", { class: "md" });
    const onDelta = (piece: string) => {
      text += piece;
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        if (finished) return;
        if (!body.isConnected) bubble.replaceChildren(body);
        setMarkdown(body, text);
        follow(userMsg);
      });
    };

    try {
      const result: WidgetAnswer = await streamChat(opts.base, { question: q, ...(sessionId ? { sessionId } : {}) }, { onDelta });
      sessionId = result.sessionId;
      finished = true;
      renderAnswer(
        bubble,
        result,
        (t) => void ask(`专题${t.id}「${t.name}」支持什么？哪些单位可以申报？`),
        (messageId, rating) => sendFeedback(opts.base, { messageId, rating }),
      );
      msg.classList.add("done");
    } catch (err) {
      finished = true;
      const message = err instanceof WidgetError ? err.message : "出现问题，请稍后再试。";
      if (text) {
        // Keep what already arrived, marked as incomplete.
        bubble.replaceChildren(body);
        setMarkdown(body, text);
        msg.classList.add("partial");
      } else msg.remove();
      showError(message);
      if (!input.value) input.value = q; // let the visitor retry without retyping
    } finally {
      busy = false;
      sendBtn.disabled = false;
      panel.removeAttribute("aria-busy");
      follow(userMsg);
    }
  };

  const showTopics = async (button: HTMLButtonElement) => {
    if (topicsShown) return;
    button.disabled = true;
    try {
      const topics = await fetchTopics(opts.base);
      topicsShown = true;
      button.remove();
      log.append(topicList(topics, (t) => void ask(`专题${t.id}「${t.name}」支持什么？哪些单位可以申报？`)));
      scrollDown();
    } catch (err) {
      button.disabled = false;
      showError(err instanceof WidgetError ? err.message : "专题列表加载失败，请稍后再试。");
    }
  };

  const browse = h("button", { class: "browse", text: "浏览专题", attrs: { type: "button" } });
  browse.addEventListener("click", () => void showTopics(browse));
  log.append(
    h("div", { class: "msg bot welcome" }, [
      h("div", { class: "bubble" }, [
        h("p", { text: `您好，我是${opts.title}。` }),
        h("p", {
          text: "我可以解答《武汉市科技计划体系改革优化方案》各专项、各专题的问题：哪个专题适合您、能否申报、方案原文怎么说。",
        }),
        h("div", { class: "suggest", attrs: { role: "group", "aria-label": "推荐问题" } },
          SUGGESTIONS.map((s) => h("button", { class: "suggestion", text: s, attrs: { type: "button" }, on: { click: () => void ask(s) } })),
        ),
        browse,
      ]),
    ]),
  );

  launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      close();
    }
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void ask(input.value);
  });
  input.addEventListener("keydown", (e) => {
    // isComposing: Enter that confirms a pinyin IME candidate must not send.
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void ask(input.value);
    }
  });

  document.body.append(host);
}

/** Grouped by 专项 in plan order (the API already returns them in order). */
function topicList(topics: WidgetTopic[], onPick: (t: WidgetTopic) => void): HTMLElement {
  const groups = new Map<string, WidgetTopic[]>();
  for (const t of topics) groups.set(t.program, [...(groups.get(t.program) ?? []), t]);
  return h("div", { class: "msg bot topics" }, [
    h("div", { class: "bubble" }, [
      h("p", { text: `方案共 ${groups.size} 个专项、${topics.length} 个专题，点选一个了解详情：` }),
      ...[...groups.entries()].map(([program, list]) =>
        h("div", { class: "topic-group" }, [
          h("div", { class: "topic-program", text: list[0]?.programTheme ? `${program}（${list[0].programTheme}）` : program }),
          h("ul", {}, list.map((t) =>
            h("li", {}, [
              h("button", { class: "topic", attrs: { type: "button", title: t.summary }, on: { click: () => onPick(t) } }, [
                h("span", { class: "topic-name", text: `专题${t.id} ${t.name}` }),
                h("span", { class: "topic-summary", text: t.summary }),
              ]),
            ]),
          )),
        ]),
      ),
    ]),
  ]);
}

const w = window as unknown as { __kjzsWidgetLoaded?: boolean };
const options = readOptions();
if (options && !w.__kjzsWidgetLoaded) {
  w.__kjzsWidgetLoaded = true;
  if (document.body) mount(options);
  else document.addEventListener("DOMContentLoaded", () => mount(options), { once: true });
}
