// Ranks the plan's 专题 for a question: topic-level BM25 over each card's fields, fused with the
// hybrid chunk retriever's evidence, name/alias matches and applicant fit; scores calibrated to 0..1.
import type { Profile, RetrievedChunk, TopicCard } from "./types.js";
import { impliedApplicants } from "./eligibility.js";
import { features, queryFeatures, type QueryTokenizer } from "./text-features.js";

export interface TopicScore {
  card: TopicCard;
  score: number; // calibrated 0..1
  raw: number;
  reasons: string[];
}

// Field weights: what a card says it is about counts more than how it says it.
const FIELD_WEIGHTS: [(c: TopicCard) => string, number][] = [
  [(c) => c.name, 3],
  [(c) => c.aliases.join(" "), 2.5],
  [(c) => c.summary, 1.2],
  [(c) => c.sections.支持对象, 1.2],
  [(c) => c.sections.支持内容, 1],
  [(c) => c.sections.常见问法.join(" "), 1],
  [(c) => c.sections.原文依据, 1],
  [(c) => c.sections.支持方式, 0.4],
];

const K1 = 1.2;
const B = 0.5;

interface TopicDoc {
  card: TopicCard;
  tf: Map<string, number>; // weighted term frequency
  len: number;
}

/** A 专题 named in a text: which card, by which name, where. Callers must not mutate it (it is remembered). */
export interface NameMatch {
  card: TopicCard;
  name: string;
  start: number;
  end: number;
}

export class TopicRanker {
  private readonly docs: TopicDoc[];
  private readonly idf = new Map<string, number>();
  private readonly df = new Map<string, number>();
  /** Document frequency over what each card says its 专题 is about (not how people ask or what is unstated). */
  private readonly contentDf = new Map<string, number>();
  private readonly avgLen: number;
  private readonly names: { card: TopicCard; name: string; lower: string }[];
  private readonly nameMemo = new Map<string, NameMatch[]>();
  private readonly spanMemo = new Map<string, [number, number][]>();
  /** Inverted index: term → the cards that have it and how often, so ranking touches only matching cards. */
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();

  constructor(
    private readonly cards: TopicCard[],
    private readonly tok: QueryTokenizer,
    private readonly applicantImplies: Record<string, string[]> = {},
  ) {
    this.docs = cards.map((card) => {
      const tf = new Map<string, number>();
      let len = 0;
      for (const [get, w] of FIELD_WEIGHTS) {
        for (const f of features(tok, get(card))) {
          tf.set(f, (tf.get(f) ?? 0) + w);
          len += w;
        }
      }
      return { card, tf, len };
    });
    this.avgLen = this.docs.reduce((s, d) => s + d.len, 0) / Math.max(1, this.docs.length);
    this.docs.forEach((d, doc) => {
      for (const [t, tf] of d.tf) {
        const list = this.postings.get(t) ?? [];
        list.push({ doc, tf });
        this.postings.set(t, list);
      }
    });
    for (const d of this.docs) for (const t of d.tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    for (const card of cards) {
      const about = [card.name, ...card.aliases, card.summary, card.sections.支持对象, card.sections.支持内容, card.sections.原文依据].join(" ");
      for (const w of new Set(tok.cut(about))) this.contentDf.set(w, (this.contentDf.get(w) ?? 0) + 1);
    }
    const n = this.docs.length;
    for (const [t, k] of this.df) this.idf.set(t, Math.log(1 + (n - k + 0.5) / (k + 0.5)));
    this.names = cards.flatMap((card) =>
      [...new Set([card.name, ...card.aliases])].filter((a) => a.length >= 2).map((name) => ({ card, name, lower: name.toLowerCase() })),
    );
  }

  /**
   * The 专题 names and aliases in `lower` (lowercased text), longest first and without overlaps: in
   * "科技成果转化公共服务平台" 专题11's "成果转化公共服务平台" is named, not 专题13's "科技成果转化".
   */
  nameMatches(lower: string): NameMatch[] {
    // The pipeline asks about the same text several times (ranking, each card's nameAt): remember recent texts.
    const hit = this.nameMemo.get(lower);
    if (hit) return hit;
    const all: NameMatch[] = [];
    for (const { card, name, lower: n } of this.names) {
      for (let i = lower.indexOf(n); i >= 0; i = lower.indexOf(n, i + 1)) all.push({ card, name, start: i, end: i + n.length });
    }
    all.sort((x, y) => y.end - y.start - (x.end - x.start) || x.start - y.start);
    const kept: NameMatch[] = [];
    for (const m of all) if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
    kept.sort((x, y) => x.start - y.start);
    if (this.nameMemo.size >= 256) this.nameMemo.delete(this.nameMemo.keys().next().value as string);
    this.nameMemo.set(lower, kept);
    return kept;
  }

  /** Whether [start, end) of `text` lies inside a 专题 name or alias, short of its last character. */
  insideName(text: string, start: number, end: number): boolean {
    return this.nameSpans(text).some(([i, j]) => i <= start && end < j);
  }

  // Where any name or alias occurs in `text`: found once per text, since the frame asks for every term in it.
  private nameSpans(text: string): [number, number][] {
    const hit = this.spanMemo.get(text);
    if (hit) return hit;
    const spans: [number, number][] = [];
    for (const { name } of this.names) {
      for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) spans.push([i, i + name.length]);
    }
    if (this.spanMemo.size >= 256) this.spanMemo.delete(this.spanMemo.keys().next().value as string);
    this.spanMemo.set(text, spans);
    return spans;
  }

  /** Where the card is first named in `lower` (see nameMatches), or -1. */
  nameAt(card: TopicCard, lower: string): number {
    return this.nameMatches(lower).find((m) => m.card.id === card.id)?.start ?? -1;
  }

  /**
   * Words of `text` that name plan content: they occur in what some cards say their 专题 is about, and in fewer
   * than half of the cards at all (a positive BM25 idf) — "转化", "孵化器", not "支持", "补贴", "条件" or "材料",
   * which every card's notes on unstated details repeat.
   */
  topicalWords(text: string): string[] {
    const half = this.docs.length / 2;
    // The plan terms a lexicon variant stands for count as what they stand for ("clinical medical center").
    const words = [...this.tok.cut(text), ...this.tok.expand(text).flatMap((t) => this.tok.cut(t))];
    // A single character is a function word or a morpheme ("按", "交"), not a term.
    return words.filter((w) => w.length > 1 && (this.contentDf.get(w) ?? Infinity) < half && (this.df.get(w) ?? Infinity) < half);
  }

  /**
   * `nameText` is where names count (the question without the asker's self-description, so "我们是新型研发机构"
   * names no 专题); the rest of the evidence reads `q`.
   */
  rank(q: string, opts: { retrieved?: RetrievedChunk[]; profile?: Profile; nameText?: string; explicit?: number[] } = {}): TopicScore[] {
    const { features: qf } = queryFeatures(this.tok, q);
    const qset = new Map<string, number>();
    for (const f of qf) qset.set(f, (qset.get(f) ?? 0) + 1);
    const lower = (opts.nameText ?? q).toLowerCase();
    const explicitIds = new Set(opts.explicit ?? []);
    const named = this.nameMatches(lower);

    // Evidence from the chunk retriever: best fused score per topic (confusion sections name other topics, skip them).
    // Which 专题 is asked about is the plan's structure: guideline passages detail a 专题, they never choose one.
    const chunkBest = new Map<number, number>();
    let maxFused = 0;
    for (const r of opts.retrieved ?? []) {
      const id = r.chunk.topicId;
      if (!id || r.chunk.section === "不适用或易混淆" || r.chunk.kind === "guideline") continue;
      maxFused = Math.max(maxFused, r.score);
      chunkBest.set(id, Math.max(chunkBest.get(id) ?? 0, r.vectorScore ?? 0));
    }

    const p = opts.profile;
    const implied = p && p.applicants.length > 0 ? impliedApplicants(p.applicants, this.applicantImplies) : undefined;
    // Per card, the terms are summed in the query's order, as a per-card loop over the query would.
    const bm25 = new Float64Array(this.docs.length);
    for (const [t, qtf] of qset) {
      const list = this.postings.get(t);
      if (!list) continue;
      const idf = this.idf.get(t) ?? 0;
      for (const { doc, tf } of list) {
        const norm = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.docs[doc]!.len) / this.avgLen));
        bm25[doc]! += idf * norm * Math.min(qtf, 2);
      }
    }
    const scored: TopicScore[] = this.docs.map((d, doc) => {
      const reasons: string[] = [];
      let raw = bm25[doc]!;
      const nameHit = named.find((m) => m.card.id === d.card.id)?.name;
      if (nameHit) {
        raw += 4 + Math.min(nameHit.length, 6);
        reasons.push(`名称匹配「${nameHit}」`);
      }
      if (explicitIds.has(d.card.id)) {
        raw += 30;
        reasons.push("明确提到专题编号");
      }
      const vec = chunkBest.get(d.card.id) ?? 0;
      raw += vec * 6;
      if (implied) {
        if (d.card.applicants.some((a) => implied.has(a))) {
          raw += 1.5;
          reasons.push("申报主体相符");
        }
      }
      return { card: d.card, raw, score: 0, reasons };
    });

    scored.sort((a, b) => b.raw - a.raw);
    // Calibrate: absolute evidence (saturating) times the margin over the runner-up.
    const top = scored[0]?.raw ?? 0;
    for (const s of scored) {
      const absolute = 1 - Math.exp(-s.raw / 10);
      const relative = top > 0 ? s.raw / top : 0;
      s.score = Number((absolute * (0.5 + 0.5 * relative)).toFixed(4));
    }
    return scored;
  }
}
