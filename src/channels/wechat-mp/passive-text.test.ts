import { describe, expect, it } from "vitest";
import { SHORTENED_NOTE, utf8Bytes } from "../text/split-reply.js";
import { passiveText } from "./passive-text.js";

describe("passiveText", () => {
  it("joins the formatter's messages when they fit", () => {
    expect(passiveText(["第一条。", "第二条？"])).toBe("第一条。\n\n第二条？");
  });

  it("cuts a reply over 2048 bytes at a sentence end and says it was shortened", () => {
    const a = "科技型中小企业可以申请贷款贴息。".repeat(30); // 1440 bytes
    const b = "孵化器建设可以获得补助。".repeat(30);
    const text = passiveText([a, b]);
    expect(utf8Bytes(text)).toBeLessThanOrEqual(2048);
    expect(text.startsWith(a)).toBe(true);
    expect(text.endsWith(SHORTENED_NOTE)).toBe(true);
    expect(text.slice(0, -SHORTENED_NOTE.length)).toMatch(/。$/);
  });
});
