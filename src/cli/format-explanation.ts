// `npm run ask -- --explain "…"`: how a question was read and decided, in words staff can follow — the frame,
// the rules that fired, the ranking, and each condition of an eligibility check.
import type { PartExplanation } from "../core/answer-pipeline.js";
import type { InjectionFacts } from "../core/frame/extract-injection.js";

const yes = (b: boolean) => (b ? "是" : "否");

function facts(p: PartExplanation): string[] {
  const f = p.frame;
  const a = f.asker;
  const out: string[] = [];
  const role = (r: { holder: string; negated: boolean; certainty: string; recency?: string; year?: number }) =>
    [r.holder !== "asker" ? r.holder : "", r.negated ? "否定" : "", r.certainty !== "stated" ? r.certainty : "", r.recency ?? "", r.year ? `${r.year}年` : ""]
      .filter(Boolean)
      .join("/");
  const list = (label: string, xs: { term: string }[], show: (x: never) => string) => {
    if (xs.length) out.push(`  ${label}：${xs.map((x) => show(x as never)).join("；")}`);
  };
  list("提问者类型", a.types, (t: { type: string; term: string }) => `${t.type}（「${t.term}」）`);
  list("说明不是", a.negatedTypes, (t: { type: string }) => t.type);
  list("问自己是否算", a.questionedTypes, (t: { type: string }) => t.type);
  list("隶属/依托", a.affiliateTypes, (t: { type: string }) => t.type);
  list("合作方", f.partners, (t: { type: string }) => t.type);
  list("身份/状态", a.statuses, (s: { status: string; term: string; level?: string; lead?: boolean; role: Parameters<typeof role>[0] }) =>
    `${s.status}（「${s.term}」${s.level ? ` ${s.level}` : ""}${s.lead === undefined ? "" : s.lead ? " 牵头" : " 参与"}${role(s.role) ? ` ${role(s.role)}` : ""}）`,
  );
  list("需求（不是事实）", a.needs, (n: { term: string }) => n.term);
  if (a.ownership) out.push(`  所有制/性质：${a.ownership.ownership}`);
  if (a.sector) out.push(`  行业：${a.sector.sector === "tech" ? "科技类" : "非科技类"}（${a.sector.field}，「${a.sector.term}」）`);
  if (a.size) out.push(`  规模：${a.size.size === "sme" ? "中小企业" : "大型"}（${a.size.why}）`);
  if (a.lead) out.push(`  角色：${a.lead.value === "lead" ? "牵头" : "参与"}`);
  if (f.places.location) out.push(`  所在地：${f.places.location.place.name}${f.places.location.place.home ? "（武汉地区）" : ""}`);
  if (f.places.partners.length) out.push(`  合作方所在地：${f.places.partners.map((x) => x.place.name).join("、")}`);
  if (f.places.activity.length) out.push(`  活动地点：${f.places.activity.map((x) => x.place.name).join("、")}`);
  return out;
}

export function formatExplanation(exp: { injection: InjectionFacts; parts: PartExplanation[] }): string {
  const lines: string[] = [];
  if (exp.injection.present) lines.push(`提示注入：已忽略「${exp.injection.removed.join("」「")}」`);
  exp.parts.forEach((p, i) => {
    const f = p.frame;
    if (exp.parts.length > 1) lines.push(`—— 第 ${i + 1} 个问题 ——`);
    lines.push(`问题：${p.question}`);
    if (f.lang === "en") lines.push(`  英文读作：${f.text}`);
    lines.push(`  提问部分：${f.request}`);
    const asks = Object.entries(f.asks).filter(([, v]) => v).map(([k, v]) => (v === true ? k : `${k}=${String(v)}`));
    lines.push(`  问的是：${asks.join("、") || "（无特别问法）"}`);
    lines.push(...facts(p));
    if (f.topicRefs.length) lines.push(`  专题编号：${f.topicRefs.map((r) => r.id).join("、")}`);
    const s = f.scope;
    if (s.declined) lines.push(`  范围：不在方案内 — ${s.declined.name}（「${s.declined.term}」），由${s.declined.handler}办理`);
    if (s.external.length) lines.push(`  其他层级的计划：${s.external.map((e) => `${e.term}（${e.level}${e.held ? "，已获得" : ""}）`).join("；")}`);
    if (s.inScope.length) lines.push(`  方案内的国家级事项：${s.inScope.map((x) => x.name).join("；")}`);
    lines.push(`  与科技政策相关的词：${yes(s.planSign)}`);
    lines.push(`  排序依据的文字：${f.rankText.trim()}`);
    lines.push(`  排序：${p.ranked.map((r) => `专题${r.id} ${r.name} ${r.score.toFixed(2)}${r.reasons.length ? `（${r.reasons.join("，")}）` : ""}`).join("；")}`);
    lines.push(`  规则：专题 ← ${p.topicRule}；回答 ← ${p.intentRule}（${p.intent}）`);
    if (p.eligibility) {
      lines.push(`  资格判断：${p.eligibility.verdict}`);
      for (const c of p.eligibility.checks) lines.push(`    - [${c.state}] ${c.requirement.facet}：${c.requirement.text} — ${c.why}`);
      for (const c of p.eligibility.caveats) lines.push(`    - [方案未规定] ${c}`);
      if (p.eligibility.missing) lines.push(`    追问：${p.eligibility.missing.ask}`);
    }
  });
  return lines.join("\n");
}
