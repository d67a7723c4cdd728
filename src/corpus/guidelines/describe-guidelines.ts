// What ingest says about each guideline document: what it is taken to be, and which of that was read from the
// document rather than its sidecar — for staff to confirm, or correct by writing the sidecar.
import path from "node:path";
import type { Corpus, GuidelineDoc } from "../../core/types.js";

const FIELD_ZH: Record<GuidelineDoc["detected"][number], string> = {
  title: "标题",
  issuer: "发布单位",
  year: "年度",
  published: "发布日期",
  deadlines: "截止日期",
  topicIds: "专题",
  inForce: "是否现行",
};

export function describeGuidelines(corpus: Pick<Corpus, "guidelines" | "chunks">): string[] {
  const lines: string[] = [];
  for (const g of corpus.guidelines) {
    const chunks = corpus.chunks.filter((c) => c.docId === g.docId).length;
    const facts = [
      `《${g.title}》`,
      g.year !== undefined ? `${g.year}年度` : "年度未知",
      g.issuer ?? "",
      g.published ? `发布 ${g.published}` : "",
      g.deadlines.length ? `截止 ${g.deadlines.map((d) => d.date).join("、")}` : "",
      g.topicIds.length ? `专题${g.topicIds.join("、")}` : "专题未识别",
      g.inForce ? "现行" : "非现行",
      `${chunks} 段`,
    ].filter(Boolean);
    lines.push(`guideline: ${g.file}  ${facts.join(" · ")}`);
    const detected = g.detected.filter((f) => f !== "inForce" || !g.inForce);
    if (detected.length) {
      const sidecar = g.sidecar ?? g.file.replace(/\.[^.]+$/, ".yaml");
      lines.push(`  detected from the document: ${detected.map((f) => FIELD_ZH[f]).join("、")} — confirm, or correct in ${path.basename(sidecar)}`);
    }
  }
  return lines;
}
