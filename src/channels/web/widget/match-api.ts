// Browser-side calls and pure helpers for 政策匹配 (see /api/profile-options, /api/match, /api/session).
// Failures become a WidgetError with a line fit to show in the panel, in the panel's language.
import { WidgetError } from "./api.js";

export type Lang = "zh" | "en";

export interface ProfileOption {
  value: string;
  label: string;
  labelEn: string;
}

export interface ProfileOptions {
  unitTypes: ProfileOption[];
  sizes: ProfileOption[];
  statuses: ProfileOption[];
  locations: ProfileOption[];
  activities: ProfileOption[];
}

/** What /api/match takes and /api/session returns: values from the options. */
export interface ProfileForm {
  unitType?: string;
  size?: string;
  statuses?: string[];
  location?: string;
  activities?: string[];
}

export interface MatchCitation {
  id: string;
  title: string;
  label: string;
  source: string;
  quote: string;
  translation?: { text: string; note: string };
}

export type Verdict = "eligible" | "uncertain" | "ineligible";

export interface MatchCondition {
  text: string;
  state: "met" | "not_met" | "unknown";
  why: string;
  citation?: MatchCitation;
}

export interface MatchResult {
  topic: { id: number; name: string; nameEn: string; program: string; programEn: string };
  verdict: Verdict;
  verdictText: string;
  reason: string;
  conditions: MatchCondition[];
  missing: string[];
  caveats: string[];
  /** The 专题's clause (absent only if the corpus lacks one). */
  citation?: MatchCitation;
}

export interface MatchReport {
  sessionId: string;
  lang: Lang;
  profile: ProfileForm;
  profileText: string;
  summary: { eligible: number; uncertain: number; ineligible: number };
  results: MatchResult[];
  note: string;
}

export interface MatchRequest {
  profile: ProfileForm;
  sessionId?: string;
  lang: Lang;
}

/** The form's raw state: what is checked/selected, as the controls report it. */
export interface FormState {
  unitType: string;
  size: string;
  statuses: string[];
  location: string;
  activities: string[];
}

const MESSAGES: Record<Lang, Record<string, string>> = {
  zh: {
    network: "网络连接失败，请检查网络后重试。",
    rate_limited: "操作太频繁了，请稍等片刻再试。",
    server: "服务暂时不可用，请稍后再试。",
    client: "请求失败，请稍后再试。",
  },
  en: {
    network: "Could not reach the service. Please check your connection and try again.",
    rate_limited: "Too many requests. Please wait a moment and try again.",
    server: "The service is unavailable at the moment. Please try again later.",
    client: "The request failed. Please try again later.",
  },
};

/**
 * Keep only values the options offer, in the options' order, and leave out what is unset, so the
 * request never carries a stale value the server would reject (a refilled profile after the staff
 * changed the vocabulary) and equal choices always make the same request.
 */
export function profileFromState(state: FormState, options: ProfileOptions): ProfileForm {
  const one = (value: string, list: ProfileOption[]) => (list.some((o) => o.value === value) ? value : undefined);
  const many = (values: string[], list: ProfileOption[]) => list.filter((o) => values.includes(o.value)).map((o) => o.value);
  const profile: ProfileForm = {};
  const unitType = one(state.unitType, options.unitTypes);
  if (unitType) profile.unitType = unitType;
  const size = one(state.size, options.sizes);
  if (size) profile.size = size;
  const statuses = many(state.statuses, options.statuses);
  if (statuses.length) profile.statuses = statuses;
  const location = one(state.location, options.locations);
  if (location) profile.location = location;
  const activities = many(state.activities, options.activities);
  if (activities.length) profile.activities = activities;
  return profile;
}

/** A stored profile back into form state (unknown values dropped), to refill the panel. */
export function stateFromProfile(profile: ProfileForm | undefined, options: ProfileOptions): FormState {
  const p = profileFromState(
    {
      unitType: profile?.unitType ?? "",
      size: profile?.size ?? "",
      statuses: profile?.statuses ?? [],
      location: profile?.location ?? "",
      activities: profile?.activities ?? [],
    },
    options,
  );
  return { unitType: p.unitType ?? "", size: p.size ?? "", statuses: p.statuses ?? [], location: p.location ?? "", activities: p.activities ?? [] };
}

export function isEmptyProfile(profile: ProfileForm): boolean {
  return Object.keys(profile).length === 0;
}

export function buildMatchRequest(state: FormState, options: ProfileOptions, sessionId: string | undefined, lang: Lang): MatchRequest {
  return { profile: profileFromState(state, options), ...(sessionId ? { sessionId } : {}), lang };
}

export function optionLabel(option: ProfileOption, lang: Lang): string {
  return lang === "en" ? option.labelEn || option.label : option.label;
}

async function responseError(res: Response, lang: Lang): Promise<WidgetError> {
  const m = MESSAGES[lang];
  if (res.status === 429) return new WidgetError(m.rate_limited, "rate_limited");
  if (res.status >= 500) return new WidgetError(m.server, "server");
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    // The API's messages are Chinese; in English the generic line reads better than a Chinese one.
    if (body.error?.message && lang === "zh") return new WidgetError(body.error.message, body.error.code ?? "client");
    if (body.error?.code) return new WidgetError(m.client, body.error.code);
  } catch {
    // not JSON: the generic line
  }
  return new WidgetError(m.client, "client");
}

async function getJson<T>(url: string, init: RequestInit, lang: Lang): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: "application/json", ...init.headers } });
  } catch {
    throw new WidgetError(MESSAGES[lang].network, "network");
  }
  if (!res.ok) throw await responseError(res, lang);
  return (await res.json()) as T;
}

export function fetchProfileOptions(base: string, lang: Lang): Promise<ProfileOptions> {
  return getJson<ProfileOptions>(`${base}/api/profile-options`, {}, lang);
}

export function postMatch(base: string, request: MatchRequest): Promise<MatchReport> {
  return getJson<MatchReport>(
    `${base}/api/match`,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) },
    request.lang,
  );
}

/** The profile the session remembers; undefined when the session is unknown or has none. */
export async function fetchSessionProfile(base: string, sessionId: string, lang: Lang): Promise<ProfileForm | undefined> {
  try {
    const body = await getJson<{ profile?: ProfileForm }>(`${base}/api/session?sessionId=${encodeURIComponent(sessionId)}`, {}, lang);
    return body.profile;
  } catch (err) {
    if (err instanceof WidgetError && err.code === "not_found") return undefined;
    throw err;
  }
}
