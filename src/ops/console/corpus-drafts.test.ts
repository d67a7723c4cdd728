import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../config.js";
import { cardPath, checkDraft, draftDestination, DRAFT_MAX_AGE_DAYS, DraftError, DraftStore, plainChinese, sanitizeUploadName, shownFile } from "./corpus-drafts.js";

let tmp: string;
let corpusDir: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "kjzs-drafts-"));
  corpusDir = path.join(tmp, "corpus");
  await mkdir(path.join(corpusDir, "topics"), { recursive: true });
  await writeFile(path.join(corpusDir, "topics", "01-a.md"), "---\nid: 1\n---\n");
  await writeFile(path.join(tmp, "secret.md"), "secret");
  await symlink(path.join(tmp, "secret.md"), path.join(corpusDir, "topics", "02-link.md"));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const refused = async (name: string) => {
  const err = await cardPath(corpusDir, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, name).toBeInstanceOf(DraftError);
  return err as DraftError;
};

describe("cardPath", () => {
  it("resolves a card directly in topics/", async () => {
    expect(await cardPath(corpusDir, "01-a.md")).toBe(path.join(corpusDir, "topics", "01-a.md"));
  });

  it("refuses traversal, other folders, absolute paths, other extensions and symlinks", async () => {
    for (const name of ["../../package.json", "../secret.md", "..%2Fsecret.md", "/etc/passwd.md", "sub/01-a.md", "..\\x.md", "01-a.yaml", ".hidden.md"]) {
      expect((await refused(name)).status).toBe(400);
    }
    expect((await refused("02-link.md")).message).toContain("链接");
    expect((await refused("99-missing.md")).status).toBe(404);
  });
});

describe("sanitizeUploadName", () => {
  it("drops folders, keeps Chinese and refuses formats the parsers cannot read, in their words", () => {
    expect(sanitizeUploadName("C:\\fakepath\\2025年度科技金融计划申报指南.docx")).toBe("2025年度科技金融计划申报指南.docx");
    expect(sanitizeUploadName("../../etc/关于申报的通知.PDF")).toBe("关于申报的通知.PDF");
    expect(sanitizeUploadName("a<b>:c?.xlsx")).toBe("a_b__c_.xlsx");
    expect(sanitizeUploadName("~$锁定文件.docx")).toBe("锁定文件.docx");
    expect(() => sanitizeUploadName("setup.exe")).toThrow(/不支持「\.exe」文件/);
    expect(() => sanitizeUploadName("旧版.doc")).toThrow(/旧版 Word 格式（\.doc）.*\.docx/);
    expect(() => sanitizeUploadName("x.yaml")).toThrow(DraftError);
    expect(() => sanitizeUploadName("noext")).toThrow(/没有扩展名/);
    expect(() => sanitizeUploadName("..")).toThrow(DraftError);
  });

  it("a run of dots inside the name becomes one, the extension kept, so the draft's destination is accepted", () => {
    for (const [sent, kept] of [
      ["2025年度..指南.pdf", "2025年度.指南.pdf"],
      ["a...b....docx", "a.b.docx"],
      ["通知..pdf", "通知.pdf"],
      ["通知.pdf..", "通知.pdf"],
      ["通知.pdf. ", "通知.pdf"],
    ]) {
      const name = sanitizeUploadName(sent);
      expect(name, sent).toBe(kept);
      expect(draftDestination(corpusDir, { kind: "guideline", target: `guidelines/${name}` })).toBe(path.join(corpusDir, "guidelines", name));
    }
  });
});

describe("drafts", () => {
  it("stores a draft outside the corpus and reads it back", async () => {
    const store = new DraftStore(path.join(tmp, "data"));
    const d = await store.save({ kind: "card", target: "topics/01-a.md", content: Buffer.from("x"), createdBy: "editor1", replaces: true });
    expect(store.dir.startsWith(path.join(tmp, "data"))).toBe(true);
    expect((await store.get(d.id))?.target).toBe("topics/01-a.md");
    expect((await store.content(d)).toString()).toBe("x");
    expect(await store.get("../../x")).toBeUndefined();
    expect((await store.list()).map((x) => x.id)).toEqual([d.id]);
    await store.remove(d.id);
    expect(await store.get(d.id)).toBeUndefined();
  });

  it("opening the store deletes drafts older than DRAFT_MAX_AGE_DAYS, and nothing newer", async () => {
    const data = path.join(tmp, "data-prune");
    const store = new DraftStore(data);
    const old = await store.save({ kind: "card", target: "topics/01-a.md", content: Buffer.from("old"), createdBy: "e", replaces: true });
    const fresh = await store.save({ kind: "card", target: "topics/01-a.md", content: Buffer.from("new"), createdBy: "e", replaces: true });
    const day = 24 * 3600 * 1000;
    await writeFile(path.join(store.dir, `${old.id}.json`), JSON.stringify({ ...old, createdAt: Date.now() - (DRAFT_MAX_AGE_DAYS + 1) * day }));
    await writeFile(path.join(store.dir, `${fresh.id}.json`), JSON.stringify({ ...fresh, createdAt: Date.now() - (DRAFT_MAX_AGE_DAYS - 1) * day }));
    const opened = await DraftStore.open(data);
    expect((await opened.list()).map((d) => d.id)).toEqual([fresh.id]);
    expect((await readdir(store.dir)).sort()).toEqual([`${fresh.id}.data`, `${fresh.id}.json`]);
  });

  it("validates the real corpus with a broken card applied, at the draft's line, without touching the corpus", async () => {
    const card = path.join(ROOT_DIR, "corpus", "topics", "14-keji-jinrong.md");
    const text = await readFile(card, "utf8");
    const broken = text.replace("applicants: [科技型中小企业]", "applicants: [科技型中小企业, 外星公司]");
    const draft = { id: "0123456789abcdef", kind: "card" as const, target: "topics/14-keji-jinrong.md", createdBy: "t", createdAt: 0, bytes: 0, sha256: "", replaces: true };
    const r = await checkDraft({ CORPUS_DIR: path.join(ROOT_DIR, "corpus"), DATA_DIR: path.join(tmp, "data") }, draft, Buffer.from(broken));
    expect(r.ok).toBe(false);
    const line = broken.split("\n").findIndex((l) => l.includes("外星公司")) + 1;
    expect(r.issues.some((i) => i.file === "corpus/topics/14-keji-jinrong.md" && i.line === line)).toBe(true);
    expect(r.current?.toString("utf8")).toBe(text);
    expect(await readFile(card, "utf8")).toBe(text);
  }, 60_000);
});

describe("messages", () => {
  it("says the validators' common mistakes in Chinese and names files as corpus/…", () => {
    expect(plainChinese("frontmatter is not closed by a `---` line")).toContain("属性区没有结束");
    expect(plainChinese("idd: unknown key")).toBe("idd 不是卡片允许的属性名（拼写有误？）");
    expect(plainChinese("常见问法: needs at least 12 bullet questions, found 9")).toBe("常见问法至少要有 12 条，现在只有 9 条");
    expect(plainChinese("something else")).toBe("something else");
    expect(shownFile("../../tmp/x/corpus/topics/1.md", "/work/main", "/tmp/x/corpus")).toBe("corpus/topics/1.md");
    expect(shownFile("eval/questions.jsonl", "/work/main", "/tmp/x/corpus")).toBe("eval/questions.jsonl");
  });
});
