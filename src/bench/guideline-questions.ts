// Questions a visitor asks about an annual guideline (amount, deadline, materials, portal, contact), naming a 专题
// of the generated documents by number or by name, some naming an older year. The ingest benchmark sends them
// with the eval questions, so its query latency covers the guideline answers over the big index.
import type { DocSpec } from "./guideline-docs.js";

export function guidelineQuestions(specs: readonly DocSpec[]): string[] {
  const topics = new Map<number, { name: string; years: number[] }>();
  for (const s of specs) {
    const t = topics.get(s.topic.id) ?? { name: s.topic.name, years: [] };
    t.years.push(s.year);
    topics.set(s.topic.id, t);
  }
  const out: string[] = [];
  for (const [id, t] of [...topics].sort((a, b) => a[0] - b[0])) {
    const oldest = Math.min(...t.years);
    out.push(
      `专题${id}的补助标准最高多少万元？`,
      `${t.name}什么时候截止申报？`,
      `${oldest}年度${t.name}的申报截止时间是哪天？`,
      `申报专题${id}需要准备哪些材料？`,
      `${t.name}在哪个网站申报？`,
      `专题${id}的联系电话是多少？`,
    );
  }
  return out;
}
