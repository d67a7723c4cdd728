// Is the request about something the plan does not cover? Reads corpus/scope.yaml's domains, other levels of
// government and the plan's own national-level items against the request clauses only, and only where the cue is
// what is asked for: not background ("带娃看完科普活动，地铁末班车几点" asks about the metro), not a fact the asker
// holds ("我们拿了国家科技进步奖"), and not a modifier of a plan activity ("专利转化有什么支持" asks about 转化).
import type { ScopeDomain } from "../types.js";
import { clauseAt, requestClauses, type Clause } from "./clauses.js";
import type { FrameLexicon, InScopeItem, Level } from "./frame-lexicon.js";
import type { PlaceMention } from "./extract-places.js";

export interface Declined {
  kind: "domain" | "level" | "place";
  /** What the matter is, for people: 税收优惠, 国家层面的科技计划和奖励, 上海市的政策. */
  name: string;
  handler: string;
  term: string;
  start: number;
  end: number;
  domain?: string;
}

export interface ExternalProgramme {
  level: Exclude<Level, "municipal">;
  term: string;
  start: number;
  end: number;
  held: boolean;
}

export interface ScopeFacts {
  declined?: Declined;
  /** Programmes of other governments named in the message ("国家自然科学基金", "省重点研发计划"). */
  external: ExternalProgramme[];
  /** The plan's own national-level items the message names, when held or not asked for as such. */
  inScope: InScopeItem[];
  /** The message has some word tying it to S&T support at all. */
  planSign: boolean;
}

// Held: a possession or completion verb before the cue, or Chinese perfective aspect — the adverbs 刚/已/曾
// ("刚认定高企", "已通过评价") or 了/过 right after it ("认定了高企") — which report a fact, not a request.
const HELD_BEFORE = /(刚刚|刚|已经|已|曾经|曾|我们有|我们已有|手上有|手里有|已经有|有了|拥有|拿到|拿了|拿下|拿的是|获得|获得了|取得|获|得了|得的是|已有|持有|承担|承担了|牵头|参与|参加|主持|中了|立项|荣获|获批|带头)[^，,。；;]{0,10}$/;
const HELD_AFTER = /^[了过](?![吗么没])|^[^，,。；;]{0,4}(获批|立项|到手|拿下|结题|在研)|^(的)?(牵头单位|牵头方|参与单位|承担单位|主持单位|完成单位|合作单位|第一完成人|负责人)/;
// The plan's support named right after the item ("国家科技奖配套", "国家科技项目补助") — the city's support is asked.
const SUPPORT_AFTER = /^(的)?(配套|补助|补贴|奖励|支持|后补助)/;
// Support asked for in the same clause, in either order ("matching funds for national awards").
const SUPPORT_IN_CLAUSE = /(配套|补助|补贴|奖励|支持|后补助|matching|subsid|support|funding)/i;

export interface ScopeInput {
  text: string;
  clauses: readonly Clause[];
  planText: string;
  otherGovernment?: PlaceMention;
  /** Whether `text` is evidence of a 专题 on its own (plan content that ranks a 专题). */
  hasTopicEvidence(text: string): boolean;
  /** Places in `text`, which are not plan content ("落户武汉需要啥材料" asks about 落户). */
  places: { start: number; end: number }[];
  /** The question was asked in English (its reading keeps English word order). */
  english?: boolean;
  /** Words that say what kind of organisation someone is: they say who, not what is asked ("学校怎么选"). */
  typeSpans: { start: number; end: number }[];
}

export function extractScope(x: ScopeInput, lex: FrameLexicon): ScopeFacts {
  const { text } = x;
  const asked = requestClauses(x.clauses);
  const inRequest = (start: number) => clauseAt(asked, start);
  const held = (start: number, end: number) => {
    const clause = clauseAt(x.clauses, start);
    const before = text.slice(clause?.start ?? 0, start);
    return HELD_BEFORE.test(before) || HELD_AFTER.test(text.slice(end, clause?.end ?? text.length));
  };
  // The cue is the head of what is asked when no plan content follows it in its clause.
  const isHead = (end: number, clause: Clause) => {
    // In English order what follows "for/in" names who or where, not what ("the tax rate 为高新技术企业").
    let tail = text.slice(end, clause.end);
    const prep = x.english ? tail.search(/[为给在]|关于|对于/) : -1;
    if (prep >= 0) tail = tail.slice(0, prep).padEnd(tail.length, " ");
    for (const p of x.places) if (p.start >= end && p.end <= clause.end) tail = tail.slice(0, p.start - end) + " ".repeat(p.end - p.start) + tail.slice(p.end - end);
    return !x.hasTopicEvidence(tail);
  };

  const external = externalProgrammes(x, lex, held);
  const inScope = lex.inScope
    .findAll(text)
    .filter((h) => h.value.role !== "held" || held(h.start, h.end) || SUPPORT_AFTER.test(text.slice(h.end, h.end + 4)))
    .map((h) => h.value);
  const planSign = lex.planSigns.has(text);

  // Another government's policy first: "上海的科技小巨人项目" is Shanghai's, whatever else it is.
  let declined: Declined | undefined;
  if (x.otherGovernment && inRequest(x.otherGovernment.start)) {
    const g = x.otherGovernment;
    declined = { kind: "place", name: `${g.place.name}的政策`, handler: `${g.place.name}当地的有关部门`, term: g.term, start: g.start, end: g.end };
  }
  // When no request clause has plan content of its own, the background says what it is about
  // ("孩子小升初，武昌区的学校怎么选").
  const bare = (c: Clause) => {
    let t = c.text;
    for (const s of [...x.places, ...x.typeSpans]) if (s.start >= c.start && s.end <= c.end) t = t.slice(0, s.start - c.start) + " ".repeat(s.end - s.start) + t.slice(s.end - c.start);
    return !x.hasTopicEvidence(t);
  };
  // Only asked when a cue sits outside the request clauses: it reads the topic evidence of every request clause.
  let requestIsBare: boolean | undefined;
  const isRequestBare = () => (requestIsBare ??= asked.every(bare));
  for (const h of declined ? [] : lex.domains.findAll(text)) {
    const clause = inRequest(h.start) ?? (isRequestBare() ? clauseAt(x.clauses, h.start) : undefined);
    if (!clause || held(h.start, h.end)) continue;
    // "退休教授", "专精特新企业": the cue describes who is asking (the type word is the head), it is not asked for.
    if (x.typeSpans.some((t) => t.start === h.end || (t.start <= h.start && h.end <= t.end))) continue;
    if (h.value.kind !== "task" && !isHead(lex.domains.reach(text, h.start, h.end), clause)) continue;
    declined = domainDecline(h.value, h.term, h.start, h.end);
    break;
  }
  if (!declined) {
    const target = external.find((e) => {
      const clause = inRequest(e.start);
      return !e.held && clause && !SUPPORT_IN_CLAUSE.test(clause.text);
    });
    if (target) {
      const level = lex.knowledge.scope.levels[target.level];
      declined = { kind: "level", name: level.name, handler: level.handler, term: target.term, start: target.start, end: target.end };
    }
  }
  return { ...(declined && { declined }), external, inScope, planSign };
}

function domainDecline(d: ScopeDomain, term: string, start: number, end: number): Declined {
  return { kind: "domain", name: d.name, handler: d.handler, term, start, end, domain: d.id };
}

/**
 * A level word directly followed by a programme word names another government's programme, unless the phrase is
 * the plan's own ("国家实验室", "国家科技项目"): "国家自然科学基金面上项目", "湖北省重点研发计划", "省科技进步奖".
 */
/** Characters of modifier between a level word and its programme word ("湖北省|重点研发|计划"). */
const MODIFIER_MAX = 4;
/** A possessor's tail after the level word before 的 ("省|里|的", "国家|的"): a word ending, not a phrase. */
const POSSESSOR_TAIL_MAX = 2;
const POSSESSED_GAP = new RegExp(`^(?:[^，,。；;？?！!的市]{0,${POSSESSOR_TAIL_MAX}}的)?[^，,。；;？?！!的市]{0,${MODIFIER_MAX}}$`);

function externalProgrammes(x: ScopeInput, lex: FrameLexicon, held: (s: number, e: number) => boolean): ExternalProgramme[] {
  const out: ExternalProgramme[] = [];
  const words = lex.programmeWords.findAll(x.text);
  for (const lv of lex.levels.findAll(x.text)) {
    if (lv.value === "municipal") continue;
    // The programme word follows the level word closely (at most MODIFIER_MAX characters of modifier, no
    // clause break, 的 or another level (市) between), or the level word heads a possessor closed by 的
    // ("省科技厅的重点研发项目", "国家的重点研发计划", "省里的项目"): the programme is still that level's.
    const word = words.find((w) => w.start >= lv.end && POSSESSED_GAP.test(x.text.slice(lv.end, w.start)));
    if (!word) continue;
    // Extend to the longest programme phrase ("国家自然科学基金面上项目").
    let end = word.end;
    for (const w of words) if (w.start >= end && w.start - end <= 2 && !/[，,。；;？?！!的]/.test(x.text.slice(end, w.start))) end = w.end;
    const term = x.text.slice(lv.start, end);
    if (inPlan(x.planText, term)) continue;
    out.push({ level: lv.value, term, start: lv.start, end, held: held(lv.start, end) });
  }
  for (const p of lex.namedProgrammes.findAll(x.text)) {
    if (!out.some((o) => o.start <= p.start && p.end <= o.end)) out.push({ level: p.value, term: p.term, start: p.start, end: p.end, held: held(p.start, p.end) });
  }
  return out;
}

function inPlan(planText: string, term: string): boolean {
  // The plan's own phrase, possibly shortened at either end ("国家科技项目" in "承担国家科技项目").
  return planText.includes(term) || (term.length > 4 && planText.includes(term.slice(0, -1)));
}
