// The 我的单位 panel: the visitor states the unit's profile once and gets every 专题 judged.
// It lies over the chat panel (absolute, inside it) so the chat keeps its place underneath; the
// server remembers the profile in the session, so later chat answers use it.
import { WidgetError } from "./api.js";
import { h } from "./dom.js";
import {
  buildMatchRequest,
  fetchProfileOptions,
  fetchSessionProfile,
  isEmptyProfile,
  optionLabel,
  postMatch,
  stateFromProfile,
  type FormState,
  type Lang,
  type MatchReport,
  type MatchResult,
  type ProfileOption,
  type ProfileOptions,
} from "./match-api.js";
import { expandForPrint, renderReport, setPrintTarget, supplementPrompt } from "./match-report.js";

export interface ProfilePanelContext {
  base: string;
  session: { get(): string | undefined; set(id: string): void };
  lang: Lang;
}

export interface ProfilePanel {
  element: HTMLElement;
  open(): void;
  close(): void;
}

const T = {
  zh: {
    title: "我的单位 · 政策匹配",
    close: "关闭我的单位",
    toggle: "English",
    toggleLabel: "Switch to English",
    intro: "填写贵单位的基本情况，逐一对照方案的 19 个专题，看哪些符合、哪些不符合、哪些还需补充信息。填写的信息会用于本次对话中的后续回答。",
    unitType: "单位类型",
    size: "企业规模",
    sizeHint: "企业填写",
    statuses: "资质与状态",
    statusesHint: "可多选",
    location: "所在地",
    choose: "请选择",
    activities: "想做的事",
    submit: "查看匹配结果",
    busy: "正在匹配…",
    loading: "正在加载选项…",
    retry: "重试",
    needUnitType: "请先选择单位类型。",
    edit: "修改单位信息",
    print: "打印 / 保存为PDF",
    loadFailed: "选项加载失败，请稍后再试。",
  },
  en: {
    title: "My organisation · Policy match",
    close: "Close my organisation",
    toggle: "中文",
    toggleLabel: "切换到中文",
    intro: "Tell us about your organisation and every one of the plan's 19 topics is checked: which you qualify for, which not, and which need more information. What you enter is also used by later answers in this conversation.",
    unitType: "Type of organisation",
    size: "Company size",
    sizeHint: "companies only",
    statuses: "Status and qualifications",
    statusesHint: "any number",
    location: "Location",
    choose: "Please choose",
    activities: "What you want to do",
    submit: "Show the match",
    busy: "Matching…",
    loading: "Loading the choices…",
    retry: "Try again",
    needUnitType: "Please choose the type of organisation first.",
    edit: "Edit my organisation",
    print: "Print / save as PDF",
    loadFailed: "The choices could not be loaded. Please try again later.",
  },
} as const;

const EMPTY: FormState = { unitType: "", size: "", statuses: [], location: "", activities: [] };

let ids = 0;

export function createProfilePanel(ctx: ProfilePanelContext): ProfilePanel {
  let lang: Lang = ctx.lang;
  let options: ProfileOptions | undefined;
  let state: FormState = { ...EMPTY };
  let report: MatchReport | undefined;
  let loading: Promise<void> | undefined;
  let busy = false;
  let returnFocus: HTMLElement | null = null;
  let inerted: Element[] = [];
  /** The session whose profile the panel shows; a different one (新对话, expiry) starts the form afresh. */
  let knownSession: string | undefined;
  let reportEl: HTMLElement | undefined;
  let printArmed = false;
  let undoExpand: (() => void) | undefined;
  const uid = `kjzs-pp-${++ids}`;

  const heading = h("h2", { attrs: { id: `${uid}-title`, tabindex: "-1" } });
  const langBtn = h("button", { class: "pp-lang", attrs: { type: "button" } });
  const closeBtn = h("button", { class: "pp-close", text: "×", attrs: { type: "button" } });
  const errorLine = h("div", { class: "pp-error", attrs: { role: "alert" } });
  errorLine.hidden = true;
  const body = h("div", { class: "pp-body" });
  const element = h("section", {
    class: "pp",
    attrs: { id: uid, role: "dialog", "aria-modal": "true", "aria-labelledby": `${uid}-title` },
  }, [h("header", { class: "pp-head" }, [heading, h("div", { class: "pp-head-actions" }, [langBtn, closeBtn])]), errorLine, body]);
  element.hidden = true;

  const showError = (message: string | undefined) => {
    errorLine.textContent = message ?? "";
    errorLine.hidden = !message;
  };

  const rootOf = () => element.getRootNode() as Document | ShadowRoot;

  const readState = (form: HTMLFormElement): FormState => {
    const data = new FormData(form);
    const str = (k: string) => String(data.get(k) ?? "");
    return {
      unitType: str("unitType"),
      size: str("size"),
      statuses: data.getAll("statuses").map(String),
      location: str("location"),
      activities: data.getAll("activities").map(String),
    };
  };

  const choiceGroup = (
    name: keyof FormState,
    legend: string,
    hint: string | undefined,
    list: ProfileOption[],
    type: "radio" | "checkbox",
  ): HTMLFieldSetElement => {
    const selected = state[name];
    return h("fieldset", { class: `pp-group pp-${name}` }, [
      h("legend", {}, [legend, hint ? h("span", { class: "pp-hint", text: `（${hint}）` }) : null]),
      h("div", { class: "pp-choices" }, list.map((o, i) => {
        const id = `${uid}-${name}-${i}`;
        const input = h("input", { attrs: { type, name, id, value: o.value } });
        input.checked = Array.isArray(selected) ? selected.includes(o.value) : selected === o.value;
        return h("div", { class: "pp-choice" }, [input, h("label", { attrs: { for: id }, text: optionLabel(o, lang) })]);
      })),
    ]);
  };

  const renderForm = () => {
    const t = T[lang];
    if (!options) return;
    const opts = options;
    const locationId = `${uid}-location`;
    const select = h("select", { attrs: { id: locationId, name: "location" } }, [
      h("option", { attrs: { value: "" }, text: t.choose }),
      ...opts.locations.map((o) => h("option", { attrs: { value: o.value }, text: optionLabel(o, lang) })),
    ]);
    select.value = state.location;
    const submit = h("button", { class: "pp-submit", text: t.submit, attrs: { type: "submit" } });
    const unitGroup = choiceGroup("unitType", t.unitType, undefined, opts.unitTypes, "radio");
    const form = h("form", { class: "pp-form", attrs: { novalidate: "" } }, [
      h("p", { class: "pp-intro", text: t.intro }),
      unitGroup,
      choiceGroup("size", t.size, t.sizeHint, opts.sizes, "radio"),
      choiceGroup("statuses", t.statuses, t.statusesHint, opts.statuses, "checkbox"),
      h("div", { class: "pp-group pp-location" }, [h("label", { class: "pp-legend", attrs: { for: locationId }, text: t.location }), select]),
      choiceGroup("activities", t.activities, t.statusesHint, opts.activities, "checkbox"),
      h("div", { class: "pp-actions" }, [submit]),
    ]);
    form.addEventListener("change", () => {
      state = readState(form);
      if (state.unitType && unitGroup.hasAttribute("aria-invalid")) {
        unitGroup.removeAttribute("aria-invalid");
        showError(undefined);
      }
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      state = readState(form);
      if (!state.unitType) {
        unitGroup.setAttribute("aria-invalid", "true");
        showError(t.needUnitType);
        unitGroup.querySelector("input")?.focus();
        return;
      }
      void runMatch(submit);
    });
    body.replaceChildren(form);
  };

  const renderReportView = () => {
    if (!report) return;
    const t = T[lang];
    const edit = h("button", { class: "pp-edit", text: t.edit, attrs: { type: "button" } });
    const print = h("button", { class: "pp-print", text: t.print, attrs: { type: "button" } });
    edit.addEventListener("click", () => {
      report = undefined;
      showError(undefined);
      renderForm();
      syncPrintTarget();
      body.scrollTop = 0;
      heading.focus();
    });
    print.addEventListener("click", () => {
      beforePrint();
      window.print();
    });
    reportEl = renderReport(report, lang, { onSupplement: supplement });
    body.replaceChildren(h("div", { class: "mr-toolbar" }, [edit, print]), reportEl);
    body.scrollTop = 0;
    syncPrintTarget();
  };

  // Printing is armed only while a report is on screen: Ctrl+P then prints the report too.
  const syncPrintTarget = () => {
    const on = !element.hidden && !!report && !!reportEl?.isConnected;
    if (on === printArmed) return;
    printArmed = on;
    setPrintTarget(element, on);
    if (on) {
      window.addEventListener("beforeprint", beforePrint);
      window.addEventListener("afterprint", afterPrint);
    } else {
      window.removeEventListener("beforeprint", beforePrint);
      window.removeEventListener("afterprint", afterPrint);
      afterPrint();
    }
  };
  function beforePrint() {
    if (reportEl && !undoExpand) undoExpand = expandForPrint(reportEl);
  }
  function afterPrint() {
    undoExpand?.();
    undoExpand = undefined;
  }

  const renderChrome = () => {
    const t = T[lang];
    heading.textContent = t.title;
    langBtn.textContent = t.toggle;
    langBtn.setAttribute("aria-label", t.toggleLabel);
    langBtn.setAttribute("lang", lang === "zh" ? "en" : "zh-CN");
    closeBtn.setAttribute("aria-label", t.close);
    element.setAttribute("lang", lang === "en" ? "en" : "zh-CN");
  };

  const runMatch = async (button?: HTMLButtonElement) => {
    if (!options || busy) return;
    busy = true;
    const t = T[lang];
    showError(undefined);
    element.setAttribute("aria-busy", "true");
    if (button) {
      button.disabled = true;
      button.textContent = t.busy;
    }
    try {
      const request = buildMatchRequest(state, options, ctx.session.get(), lang);
      report = await postMatch(ctx.base, request);
      ctx.session.set(report.sessionId);
      knownSession = report.sessionId;
      renderReportView();
      body.querySelector<HTMLElement>(".mr-title")?.focus();
    } catch (err) {
      showError(err instanceof WidgetError ? err.message : T[lang].loadFailed);
      if (button) {
        button.disabled = false;
        button.textContent = t.submit;
      }
    } finally {
      busy = false;
      element.removeAttribute("aria-busy");
    }
  };

  const load = async () => {
    body.replaceChildren(h("p", { class: "pp-loading", text: T[lang].loading }));
    const sessionId = ctx.session.get();
    knownSession = sessionId;
    // The options and the remembered profile are independent: fetch them together.
    const [opts, profile] = await Promise.all([
      fetchProfileOptions(ctx.base, lang),
      sessionId ? fetchSessionProfile(ctx.base, sessionId, lang).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    options = opts;
    state = profile && !isEmptyProfile(profile) ? stateFromProfile(profile, opts) : { ...EMPTY };
    renderForm();
  };

  const ensureLoaded = () => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined; // a later open retries
      showError(err instanceof WidgetError ? err.message : T[lang].loadFailed);
      const retry = h("button", { class: "pp-retry", text: T[lang].retry, attrs: { type: "button" } });
      retry.addEventListener("click", () => {
        showError(undefined);
        void ensureLoaded();
      });
      body.replaceChildren(retry);
    });
    return loading;
  };

  const setInert = (on: boolean) => {
    // The chat underneath stays out of the tab order while the panel covers it.
    if (on) {
      const parent = element.parentElement;
      inerted = parent ? [...parent.children].filter((c) => c !== element && !c.hasAttribute("inert")) : [];
      for (const c of inerted) c.setAttribute("inert", "");
    } else {
      for (const c of inerted) c.removeAttribute("inert");
      inerted = [];
    }
  };

  const open = () => {
    if (!element.hidden) return;
    // A session the panel knew has gone (新对话 or expiry): the server no longer holds this profile.
    // A session that only began since (a first chat question) keeps what was filled in.
    if (knownSession !== undefined && ctx.session.get() !== knownSession) {
      report = undefined;
      loading = undefined;
    }
    const active = rootOf().activeElement;
    returnFocus = active instanceof HTMLElement ? active : null;
    element.hidden = false;
    setInert(true);
    syncPrintTarget();
    heading.focus();
    void ensureLoaded();
  };

  const hide = () => {
    element.hidden = true;
    setInert(false);
    syncPrintTarget();
  };

  const close = () => {
    if (element.hidden) return;
    hide();
    if (returnFocus?.isConnected) returnFocus.focus();
  };

  /** 需补充: back to the chat with the input prefilled, so the visitor's answer is read against this 专题. */
  function supplement(result: MatchResult) {
    hide();
    const input = element.parentElement?.querySelector<HTMLTextAreaElement | HTMLInputElement>("textarea, input[type=text]");
    if (!input) return;
    if (!input.value.trim()) input.value = supplementPrompt(result, lang);
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  langBtn.addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    renderChrome();
    showError(undefined);
    if (report) void runMatch();
    else if (options) renderForm();
    else {
      loading = undefined;
      void ensureLoaded();
    }
  });
  closeBtn.addEventListener("click", close);
  element.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      close();
    }
  });

  renderChrome();
  return { element, open, close };
}
