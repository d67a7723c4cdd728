import { describe, expect, it } from "vitest";
import { SHORTENED_NOTE, splitReply, truncateReply, utf8Bytes } from "./split-reply.js";

describe("splitReply", () => {
  it("keeps a short reply whole and drops blank input", () => {
    expect(splitReply("你好。\n\n再见。", 2048)).toEqual(["你好。\n\n再见。"]);
    expect(splitReply("  \n\n ", 2048)).toEqual([]);
  });

  it("measures in UTF-8 bytes, not characters: 3 bytes per CJK character", () => {
    const para = "一二三四五六七八九十"; // 30 bytes
    expect(splitReply(`${para}\n\n${para}`, 62)).toEqual([`${para}\n\n${para}`]);
    expect(splitReply(`${para}\n\n${para}`, 61)).toEqual([para, para]);
  });

  it("cuts at paragraph ends first, then sentence ends, then characters", () => {
    const a = "甲".repeat(5) + "。"; // 18 bytes
    const b = "乙".repeat(5) + "！";
    expect(splitReply(`${a}${b}\n\n短`, 24)).toEqual([a, `${b}\n\n短`]); // 18 + 2 + 3 bytes still fit
    expect(splitReply(`${a}${b}\n\n短短`, 24)).toEqual([a, b, "短短"]);
    const long = "丙".repeat(10); // 30 bytes, no sentence end
    expect(splitReply(long, 12)).toEqual(["丙丙丙丙", "丙丙丙丙", "丙丙"]);
  });

  it("never splits a surrogate pair and every piece fits", () => {
    const text = "😀".repeat(7) + "。" + "a😀".repeat(9);
    for (const max of [4, 5, 7, 9, 13]) {
      const pieces = splitReply(text, max);
      for (const p of pieces) {
        expect(utf8Bytes(p)).toBeLessThanOrEqual(max);
        expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }
      expect(pieces.join("")).toBe(text);
    }
  });

  it("loses no text on a realistic 2048-byte cut", () => {
    const text = Array.from({ length: 12 }, (_, i) => `第${i}段：` + "科技型中小企业可以申请贷款贴息；".repeat(8)).join("\n\n");
    const pieces = splitReply(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(utf8Bytes(p)).toBeLessThanOrEqual(2048);
    expect(pieces.join("").replace(/\n/g, "")).toBe(text.replace(/\n/g, ""));
  });
});

describe("truncateReply", () => {
  it("returns a fitting reply unchanged and cuts a long one at a boundary with the note", () => {
    expect(truncateReply("短回答。", 2048)).toBe("短回答。");
    const text = "甲".repeat(300) + "。\n\n" + "乙".repeat(400) + "。";
    const cut = truncateReply(text, 2048);
    expect(cut.endsWith(SHORTENED_NOTE)).toBe(true);
    expect(cut.startsWith("甲".repeat(300) + "。")).toBe(true);
    expect(utf8Bytes(cut)).toBeLessThanOrEqual(2048);
  });
});
