// Entry of /widget.js: a floating button that opens a chat panel inside a shadow root, so the host
// page's CSS and ours never meet. Bundled for the browser by ../widget-bundle.ts.
import {
  checkOrigin,
  fetchSession,
  fetchTopics,
  sendFeedback,
  streamChat,
  WidgetError,
  type ApiContext,
  type ResumedTurn,
  type WidgetAnswer,
  type WidgetTopic,
} from "./api.js";
import { renderAnswer, setMarkdown, type AnswerViewContext } from "./answer-view.js";
import { h } from "./dom.js";
import { icon } from "./icons.js";
import { parseOptions, type WidgetOptions } from "./options.js";
import type { ProfilePanel } from "./profile-panel.js";
import { browserStorage, createSessionStore } from "./session-store.js";
import { STRINGS, type Strings } from "./strings.js";

/** Injected by the bundler: widget.css, minified, and the version of /widget-match.js to import. */
declare const __WIDGET_CSS__: string;
declare const __MATCH_VERSION__: string;

type MatchModule = typeof import("./match-entry.js");

const constructedSheets = typeof CSSStyleSheet !== "undefined" && "replaceSync" in CSSStyleSheet.prototype;

/** Add a stylesheet to the shadow root; false when the browser cannot construct one (use the <link>). */
function adopt(root: ShadowRoot, css: string): boolean {
  if (!constructedSheets || !("adoptedStyleSheets" in root)) return false;
  // Constructed sheets need no network and are not blocked by a host page's style-src.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  return true;
}

function applyStyles(root: ShadowRoot, base: string): void {
  // The fallback /widget.css carries the match panel's rules too.
  if (!adopt(root, __WIDGET_CSS__)) root.append(h("link", { attrs: { rel: "stylesheet", href: `${base}/widget.css` } }));
}

/** Dark or light text on the accent, whichever reads better (WCAG relative luminance of the colour). */
function textOn(color: string): string {
  const ctx = document.createElement("canvas").getContext("2d");
  if (!ctx) return "#fff";
  ctx.fillStyle = color; // the browser's own colour parser: any CSS colour syntax works
  ctx.fillRect(0, 0, 1, 1);
  const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data;
  const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  // White on the colour passes 4.5:1 only below ~0.18; above that dark text contrasts more.
  return luminance > 0.18 ? "#111827" : "#fff";
}

function mount(opts: WidgetOptions): void {
  const t: Strings = STRINGS[opts.lang];
  const title = opts.title ?? t.defaultTitle;
  const api: ApiContext = { base: opts.base, lang: opts.lang };
  const session = createSessionStore(opts.base, browserStorage());

  const host = h("div", { attrs: { id: "kjzs-widget", "data-kjzs-widget": "" } });
  if (opts.color) {
    host.style.setProperty("--kjzs-accent", opts.color);
    host.style.setProperty("--kjzs-on-accent", textOn(opts.color));
  }
  const root = host.attachShadow({ mode: "open" });
  applyStyles(root, opts.base);

  let busy = false;
  let topicsShown = false;
  /** Bumped by 新对话: work begun for an earlier conversation sees the change and drops its result. */
  let generation = 0;
  let inFlight: AbortController | undefined;

  const launcher = h("button", {
    class: "launcher",
    attrs: { type: "button", "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": "kjzs-panel" },
  }, [icon("chat", 20), h("span", { text: t.launcher })]);

  const closeBtn = h("button", { class: "head-btn close", attrs: { type: "button", "aria-label": t.close, title: t.close } }, [icon("close", 20)]);
  const newChatBtn = h("button", { class: "head-btn new-chat", attrs: { type: "button", "aria-label": t.newChatLabel, title: t.newChatLabel } }, [
    icon("plus", 16),
    h("span", { text: t.newChat }),
  ]);
  const log = h("div", {
    class: "log",
    attrs: { role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": t.logLabel, tabindex: "0" },
  });
  const errorLine = h("div", { class: "error", attrs: { role: "alert" } });
  errorLine.hidden = true;
  const input = h("textarea", {
    class: "input",
    attrs: { rows: "2", maxlength: "1000", placeholder: t.placeholder, "aria-label": t.inputLabel },
  });
  const sendBtn = h("button", { class: "send", attrs: { type: "submit" } }, [icon("send", 16), h("span", { text: t.send })]);
  const form = h("form", { class: "composer" }, [input, sendBtn]);

  const profileBtn = h("button", { class: "head-btn profile", attrs: { type: "button", "aria-label": t.profileLabel, title: t.profileLabel } }, [
    icon("building", 16),
    h("span", { text: t.profile }),
  ]);

  const panel = h("section", {
    class: "panel",
    attrs: { id: "kjzs-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "kjzs-title", lang: opts.lang === "en" ? "en" : "zh-CN" },
  }, [
    h("header", { class: "head" }, [
      h("div", { class: "head-text" }, [
        h("h2", { attrs: { id: "kjzs-title" }, text: title }),
        h("p", { class: "sub", text: t.subtitle }),
      ]),
      h("div", { class: "head-actions" }, [profileBtn, newChatBtn, closeBtn]),
    ]),
    log,
    errorLine,
    form,
    h("p", { class: "foot", text: t.foot }),
  ]);
  panel.hidden = true;
  root.append(h("div", { class: `kjzs pos-${opts.position}` }, [launcher, panel]));

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

  const open = (moveFocus = true) => {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.classList.add("is-open");
    if (moveFocus) (form.hidden ? closeBtn : input).focus();
  };
  const close = () => {
    profile?.close();
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.classList.remove("is-open");
    launcher.focus();
  };

  const askTopic = (topic: { id: number; name: string }) => void ask(t.topicQuestion(topic.id, topic.name));
  const view = (rateable: boolean): AnswerViewContext => ({
    t,
    onAskTopic: askTopic,
    ...(rateable && { onRate: (messageId, rating, comment) => sendFeedback(api, { messageId, rating, ...(comment && { comment }) }) }),
  });

  const userMessage = (q: string) => h("div", { class: "msg user" }, [h("div", { class: "bubble", text: q })]);

  const ask = async (question: string) => {
    const q = question.trim();
    if (!q || busy) return;
    const gen = generation;
    busy = true;
    sendBtn.disabled = true;
    panel.setAttribute("aria-busy", "true");
    showError(undefined);
    input.value = "";

    const userMsg = userMessage(q);
    log.append(userMsg);
    const bubble = h("div", { class: "bubble" }, [
      h("span", { class: "typing" }, [h("i"), h("i"), h("i"), h("span", { class: "sr-only", text: t.typing })]),
    ]);
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

    const controller = new AbortController();
    inFlight = controller;
    const sessionId = session.get();
    try {
      const result: WidgetAnswer = await streamChat(api, { question: q, ...(sessionId ? { sessionId } : {}) }, { onDelta }, controller.signal);
      if (gen !== generation) return;
      session.set(result.sessionId);
      finished = true;
      renderAnswer(bubble, result, view(true));
      msg.classList.add("done");
    } catch (err) {
      finished = true;
      if (gen !== generation) return; // 新对话 while answering: that conversation is gone
      const message = err instanceof WidgetError ? err.message : t.genericError;
      if (text) {
        // Keep what already arrived, marked as incomplete.
        bubble.replaceChildren(body);
        setMarkdown(body, text);
        msg.classList.add("partial");
      } else msg.remove();
      showError(message);
      if (!input.value) input.value = q; // let the visitor retry without retyping
    } finally {
      if (inFlight === controller) inFlight = undefined;
      if (gen === generation) {
        busy = false;
        sendBtn.disabled = false;
        panel.removeAttribute("aria-busy");
        follow(userMsg);
      }
    }
  };

  const showTopics = async (button: HTMLButtonElement) => {
    if (topicsShown) return;
    button.disabled = true;
    try {
      const topics = await fetchTopics(api);
      topicsShown = true;
      button.remove();
      log.append(topicList(topics, t, askTopic));
      scrollDown();
    } catch (err) {
      button.disabled = false;
      showError(err instanceof WidgetError ? err.message : t.topicsFailed);
    }
  };

  const welcome = () => {
    const browse = h("button", { class: "browse", text: t.browse, attrs: { type: "button" } });
    browse.addEventListener("click", () => void showTopics(browse));
    return h("div", { class: "msg bot welcome" }, [
      h("div", { class: "bubble" }, [
        h("p", { text: t.welcome(title) }),
        h("p", { text: t.welcomeBody }),
        h("div", { class: "suggest", attrs: { role: "group", "aria-label": t.suggestionsLabel } },
          t.suggestions.map((s) => h("button", { class: "suggestion", text: s, attrs: { type: "button" }, on: { click: () => void ask(s) } })),
        ),
        browse,
      ]),
    ]);
  };

  /** 新对话: a clean log and no session, so the next question starts a conversation of its own. */
  const newChat = () => {
    generation++;
    inFlight?.abort();
    inFlight = undefined;
    session.clear();
    busy = false;
    topicsShown = false;
    sendBtn.disabled = false;
    panel.removeAttribute("aria-busy");
    showError(undefined);
    input.value = "";
    log.replaceChildren(welcome());
    input.focus();
  };

  /** Earlier turns of the stored session, after the welcome and before anything asked since. */
  const resume = async () => {
    const token = session.get();
    if (!token) return;
    const gen = generation;
    let found: { turns: ResumedTurn[] } | "gone";
    try {
      found = await fetchSession(api, token);
    } catch {
      return; // offline or a server error: keep the token, the next question continues the session
    }
    if (gen !== generation || session.get() !== token) return;
    if (found === "gone") return session.clear();
    if (found.turns.length === 0) return;
    const nodes = found.turns.flatMap((turn) => {
      const bubble = h("div", { class: "bubble" });
      renderAnswer(bubble, turn.answer, view(false));
      return [userMessage(turn.question), h("div", { class: "msg bot done resumed" }, [bubble])];
    });
    log.firstElementChild?.after(...nodes, h("p", { class: "resumed-note", text: t.resumed }));
    scrollDown();
  };

  // 我的单位: the panel's code is a module of its own, fetched on the first click (widget-bundle.ts).
  let profile: ProfilePanel | undefined;
  let loadingProfile: Promise<ProfilePanel> | undefined;
  const loadProfile = async (): Promise<ProfilePanel> => {
    const mod = (await import(`${opts.base}/widget-match.js?v=${__MATCH_VERSION__}`)) as MatchModule;
    adopt(root, mod.css);
    const p = mod.createProfilePanel({ base: opts.base, session: { get: () => session.get(), set: (id) => session.set(id) }, lang: opts.lang });
    panel.append(p.element);
    return p;
  };
  const openProfile = async () => {
    profileBtn.setAttribute("aria-busy", "true");
    try {
      profile ??= await (loadingProfile ??= loadProfile());
      showError(undefined);
      profile.open();
    } catch {
      loadingProfile = undefined; // let a later click try again
      showError(t.profileFailed);
    } finally {
      profileBtn.removeAttribute("aria-busy");
    }
  };

  /** This page's site is not in WIDGET_ORIGINS: say so instead of failing every request with "check the network". */
  const refuse = () => {
    log.replaceChildren(
      h("div", { class: "notice", attrs: { role: "alert" } }, [icon("alert", 20), h("p", { text: t.notAllowed(location.origin) })]),
    );
    form.hidden = true;
    newChatBtn.disabled = profileBtn.disabled = true;
    if (!panel.hidden) closeBtn.focus(); // the input it may have held is gone
  };

  log.append(welcome());
  launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
  closeBtn.addEventListener("click", close);
  newChatBtn.addEventListener("click", newChat);
  profileBtn.addEventListener("click", () => void openProfile());
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
  // On a phone the panel covers the page, so data-open only opens it on wider screens.
  if (opts.open && !matchMedia("(max-width: 480px)").matches) open(false);

  void (async () => {
    // The assistant's own pages are always allowed; only an embedding site needs asking.
    const crossOrigin = new URL(opts.base).origin !== location.origin;
    if (crossOrigin && (await checkOrigin(api)) === false) return refuse();
    await resume();
  })();
}

/** Grouped by 专项 in plan order (the API already returns them in order). */
function topicList(topics: WidgetTopic[], t: Strings, onPick: (topic: WidgetTopic) => void): HTMLElement {
  const groups = new Map<string, WidgetTopic[]>();
  for (const topic of topics) groups.set(topic.program, [...(groups.get(topic.program) ?? []), topic]);
  return h("div", { class: "msg bot topics" }, [
    h("div", { class: "bubble" }, [
      h("p", { text: t.topicsIntro(groups.size, topics.length) }),
      ...[...groups.entries()].map(([program, list]) =>
        h("div", { class: "topic-group" }, [
          h("div", { class: "topic-program", text: list[0]?.programTheme ? `${program}（${list[0].programTheme}）` : program }),
          h("ul", {}, list.map((topic) =>
            h("li", {}, [
              h("button", { class: "topic", attrs: { type: "button", title: topic.summary }, on: { click: () => onPick(topic) } }, [
                h("span", { class: "topic-name", text: t.topicChip(topic.id, topic.name) }),
                h("span", { class: "topic-summary", text: topic.summary }),
              ]),
            ]),
          )),
        ]),
      ),
    ]),
  ]);
}

const w = window as unknown as { __kjzsWidgetLoaded?: boolean };
const script = document.currentScript as HTMLScriptElement | null;
if (script?.src && !w.__kjzsWidgetLoaded) {
  w.__kjzsWidgetLoaded = true;
  const { options, warnings } = parseOptions(script, (v) => CSS.supports("color", v));
  for (const warning of warnings) console.warn(`[kjzs widget] ${warning}`);
  if (document.body) mount(options);
  else document.addEventListener("DOMContentLoaded", () => mount(options), { once: true });
}
