// The guideline documents among the corpus files, each with its sidecar (when staff wrote one) or what was
// detected in it. A document that could not be read is left out with a warning naming it and why; a sidecar
// mistake is an error at its line, like any other corpus file.
import path from "node:path";
import type { CorpusIssue } from "../corpus-error.js";
import type { IssueList } from "../corpus-error.js";
import type { GuidelineDoc, GuidelineFields } from "../../core/types.js";
import { detectFields, parseSidecar, settleInForce, type Sidecar, type TopicName } from "./guideline-meta.js";
import { GUIDELINE_DIR, isGuidelineDocument, readGuidelineEntry } from "./read-guidelines.js";
import type { ParsedGuideline } from "./parse/types.js";

export interface GuidelineDocs {
  docs: GuidelineDoc[];
  parsed: Map<string, ParsedGuideline>;
  warnings: CorpusIssue[];
}

export function readGuidelineDocs(
  contents: ReadonlyMap<string, string>,
  corpusDir: string,
  rel: (abs: string) => string,
  topics: readonly TopicName[],
  issues: IssueList,
): GuidelineDocs {
  const dir = path.join(corpusDir, GUIDELINE_DIR);
  const all = [...contents.keys()].filter((f) => !path.relative(dir, f).startsWith("..")).sort();
  const documents = all.filter((f) => isGuidelineDocument(f, corpusDir));
  const sidecars = all.filter((f) => /\.ya?ml$/i.test(f));
  const stemOf = (f: string) => f.slice(0, f.length - path.extname(f).length);
  const warnings: CorpusIssue[] = [];
  const topicIds = new Set(topics.map((t) => t.id));

  // A sidecar belongs to the document with the same name; one without a document is a mistake (a renamed file).
  const byStem = new Map<string, string[]>();
  for (const d of documents) byStem.set(stemOf(d), [...(byStem.get(stemOf(d)) ?? []), d]);
  for (const s of sidecars) {
    if (!byStem.has(stemOf(s))) issues.add(rel(s), 1, `没有同名的指南文件（${path.basename(stemOf(s))}.pdf / .docx / .xlsx / .html / .md），这个说明文件不知道说的是哪份文件`);
  }
  for (const [stem, docs] of byStem) {
    if (docs.length > 1 && sidecars.some((s) => stemOf(s) === stem)) {
      issues.add(rel(docs[1]), 1, `与 ${rel(docs[0])} 同名，同名的说明文件 ${path.basename(stem)}.yaml 无法区分两者，请改名其中一个`);
    }
  }

  const parsed = new Map<string, ParsedGuideline>();
  const docs: (Omit<GuidelineDoc, "inForce"> & { inForce?: boolean })[] = [];
  const usedIds = new Set<string>();
  for (const f of documents) {
    const file = rel(f);
    const entry = readGuidelineEntry(contents.get(f) ?? "");
    if (!entry) {
      warnings.push({ file, line: 1, message: "未收录：无法读取这份指南的解析结果，请重新运行 npm run ingest" });
      continue;
    }
    if (entry.error || !entry.parsed) {
      // The parser's message names the file; the warning is already at the file.
      const why = (entry.error?.message ?? "无法解析").replace(`${file}：`, "");
      warnings.push({ file, line: 1, message: `未收录：${why}` });
      continue;
    }
    const sidecarPath = sidecars.find((s) => stemOf(s) === stemOf(f));
    const sidecar: Sidecar | undefined = sidecarPath ? parseSidecar(contents.get(sidecarPath)!, rel(sidecarPath), topicIds, issues) : undefined;
    if (sidecarPath && !sidecar) continue; // its errors are reported
    const detected = detectFields(entry.parsed, path.basename(stemOf(f)), topics);
    const given: Partial<GuidelineFields> = {
      ...(sidecar?.title && { title: sidecar.title }),
      ...(sidecar?.issuer && { issuer: sidecar.issuer }),
      ...(sidecar?.year !== undefined && { year: sidecar.year }),
      ...(sidecar?.published && { published: sidecar.published }),
      ...(sidecar?.deadlines && { deadlines: sidecar.deadlines }),
      ...(sidecar?.topics && { topicIds: sidecar.topics }),
      ...(sidecar?.inForce !== undefined && { inForce: sidecar.inForce }),
    };
    const fields = { ...detected, ...given };
    const docId = uniqueId(`guideline-${path.relative(dir, stemOf(f)).split(path.sep).join("-")}`, usedIds);
    parsed.set(docId, entry.parsed);
    docs.push({
      docId,
      file,
      ...(sidecarPath && { sidecar: rel(sidecarPath) }),
      format: entry.parsed.format,
      ...fields,
      detected: (["title", "issuer", "year", "published", "deadlines", "topicIds"] as const).filter((k) => given[k] === undefined && detected[k] !== undefined),
    });
    if (fields.topicIds.length === 0) {
      warnings.push({ file, line: 1, message: `没有识别出这份指南涉及哪个专题，它不会用于回答具体专题的问题；请在 ${path.basename(stemOf(f))}.yaml 中写 topics: [专题编号]` });
    }
  }
  return { docs: settleInForce(docs), parsed, warnings };
}

function uniqueId(id: string, used: Set<string>): string {
  let out = id;
  for (let n = 2; used.has(out); n++) out = `${id}-${n}`;
  used.add(out);
  return out;
}
