import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSensitiveWords } from "./load-sensitive-words.js";
import { parseWordList, SensitiveWords } from "./sensitive-words.js";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "testing");

describe("parseWordList", () => {
  it("takes one word a line, trimmed and lower-cased, skipping blanks and # comments", () => {
    expect(parseWordList("\uFEFF# header\n甲乙\r\n\n  丙丁  \n#x\nFoo\n甲乙\n")).toEqual(["甲乙", "丙丁", "foo"]);
  });
});

describe("SensitiveWords", () => {
  const words = new SensitiveWords(["禁用词甲", "禁用", "badword"]);

  it("finds a listed word anywhere in the text, Latin letters in any case", () => {
    expect(words.has("请问禁用词甲怎么办")).toBe(true);
    expect(words.has("this has a BadWord in it")).toBe(true);
    expect(words.has("科技型中小企业贷款有贴息吗？")).toBe(false);
  });

  it("masks each listed word with one ＊ per character, longest match first", () => {
    expect(words.mask("A禁用词甲B禁用C")).toBe("A＊＊＊＊B＊＊C");
    expect(words.mask("no BADWORD here")).toBe("no ＊＊＊＊＊＊＊ here");
    expect(words.mask("没有问题。")).toBe("没有问题。");
  });

  it("lets everything through with an empty list", () => {
    const none = new SensitiveWords([]);
    expect(none.has("禁用词甲")).toBe(false);
    expect(none.mask("禁用词甲")).toBe("禁用词甲");
  });
});

describe("loadSensitiveWords", () => {
  it("reads sensitive-words.txt under CORPUS_DIR", async () => {
    const words = await loadSensitiveWords({ CORPUS_DIR: FIXTURES });
    expect(words.words).toEqual(["禁用词甲", "占位词乙", "badword"]);
    expect(words.has("这里有占位词乙")).toBe(true);
  });

  it("gives an empty filter when the file is missing", async () => {
    const words = await loadSensitiveWords({ CORPUS_DIR: path.join(FIXTURES, "missing") });
    expect(words.size).toBe(0);
  });
});
