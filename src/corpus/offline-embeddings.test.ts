import { describe, expect, it } from "vitest";
import { OfflineEmbeddings } from "./offline-embeddings.js";

const lexicon = [{ term: "科技型中小企业", variants: ["科小", "SME"] }];
const docs = [
  "专题14 科技金融计划：支持科技型中小企业科技信贷融资，对企业科技贷款利息及保费给予补助。",
  "专题17 众创孵化载体：支持科技企业孵化器、众创空间、星创天地等建设，择优给予补助。",
  "专题15 国际科技合作：支持高校院所和企业承担国际科技合作项目，建立一带一路联合实验室。",
];
const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe("OfflineEmbeddings", () => {
  const e = new OfflineEmbeddings({ dimensions: 256, lexicon, userWords: ["科技金融计划"] }).fit(docs);

  it("returns L2-normalised vectors of the configured dimension, deterministically", async () => {
    const [v] = await e.embedDocuments([docs[0]]);
    expect(v).toHaveLength(256);
    expect(cos(v, v)).toBeCloseTo(1, 10);
    expect(await e.embedQuery(docs[0])).toEqual(v);
    expect(e.id).toBe("offline-hash-tfidf@1");
  });

  it("puts a question nearest the chunk it is about, including through lexicon variants", async () => {
    const vs = await e.embedDocuments(docs);
    const best = async (q: string) => {
      const v = await e.embedQuery(q);
      const sims = vs.map((d) => cos(v, d));
      return sims.indexOf(Math.max(...sims));
    };
    expect(await best("科技贷款利息能补助吗")).toBe(0);
    expect(await best("孵化器有补助吗")).toBe(1);
    expect(await best("一带一路国际合作")).toBe(2);
    expect(await best("我们是科小")).toBe(0); // 科小 → 科技型中小企业
  });

  it("gives a zero vector for text with no word seen in the corpus", async () => {
    expect((await e.embedQuery("zzz qqq")).every((x) => x === 0)).toBe(true);
  });

  it("round-trips through toJSON/fromJSON with identical vectors", async () => {
    const copy = OfflineEmbeddings.fromJSON(JSON.parse(JSON.stringify(e.toJSON())) as ReturnType<typeof e.toJSON>);
    expect(copy.dimensions).toBe(256);
    expect(await copy.embedQuery("科小贷款贴息")).toEqual(await e.embedQuery("科小贷款贴息"));
  });

  it("refuses a state from another embedder version", () => {
    expect(() => OfflineEmbeddings.fromJSON({ ...e.toJSON(), id: "offline-hash-tfidf@0" })).toThrow(/expected "offline-hash-tfidf@1"/);
  });
});
