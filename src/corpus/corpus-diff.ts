// What an ingest changes, told to staff before the new index replaces the old: documents (the plan, each card,
// each guideline with its sidecar) and chunks added, removed or changed, compared with the corpus the current
// index was built from.
import path from "node:path";
import type { Corpus } from "../core/types.js";

export interface Changes {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface CorpusDiff {
  documents: Changes;
  chunks: { added: number; removed: number; changed: number; unchanged: number };
}

/** A sidecar (x.yaml beside x.docx) is part of its document: editing it changes the document. */
function documentsOf(corpus: Pick<Corpus, "files" | "guidelines">): Map<string, string> {
  const owner = new Map<string, string>();
  for (const g of corpus.guidelines) if (g.sidecar) owner.set(g.sidecar, g.file);
  const docs = new Map<string, string>();
  for (const f of corpus.files) {
    const name = owner.get(f.name) ?? f.name;
    docs.set(name, (docs.get(name) ?? "") + "\0" + f.content);
  }
  return docs;
}

export function diffCorpora(before: Pick<Corpus, "files" | "guidelines" | "chunks"> | undefined, after: Pick<Corpus, "files" | "guidelines" | "chunks">): CorpusDiff {
  const a = before ? documentsOf(before) : new Map<string, string>();
  const b = documentsOf(after);
  const documents: Changes = { added: [], removed: [], changed: [] };
  for (const [name, content] of b) {
    if (!a.has(name)) documents.added.push(name);
    else if (a.get(name) !== content) documents.changed.push(name);
  }
  for (const name of a.keys()) if (!b.has(name)) documents.removed.push(name);
  const old = new Map((before?.chunks ?? []).map((c) => [c.id, c.text]));
  const chunks = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  const seen = new Set<string>();
  for (const c of after.chunks) {
    seen.add(c.id);
    const prev = old.get(c.id);
    if (prev === undefined) chunks.added++;
    else if (prev !== c.text) chunks.changed++;
    else chunks.unchanged++;
  }
  for (const id of old.keys()) if (!seen.has(id)) chunks.removed++;
  for (const list of Object.values(documents)) list.sort();
  return { documents, chunks };
}

/** A first ingest adds every file: the report names a screenful, then counts the rest. */
const LISTED_MAX = 20;

/** Lines for the ingest report. */
export function formatDiff(d: CorpusDiff): string[] {
  const { added, removed, changed } = d.documents;
  if (added.length + removed.length + changed.length === 0) return ["changes    none (the index is rebuilt from the same files)"];
  const short = (f: string) => f.split("/").slice(-2).join("/") || path.basename(f);
  const listed = [...added.map((f) => `  + ${short(f)}`), ...removed.map((f) => `  − ${short(f)}`), ...changed.map((f) => `  ~ ${short(f)}`)];
  return [
    `changes    documents +${added.length} −${removed.length} ~${changed.length}; chunks +${d.chunks.added} −${d.chunks.removed} ~${d.chunks.changed} (${d.chunks.unchanged} unchanged)`,
    ...(listed.length > LISTED_MAX ? [...listed.slice(0, LISTED_MAX), `  … and ${listed.length - LISTED_MAX} more`] : listed),
  ];
}
