import { describe, expect, it } from "vitest";
import { decodeText, looksBinary } from "./decode-text.js";

const WUHAN_GBK = [0xce, 0xe4, 0xba, 0xba];

describe("decodeText", () => {
  it("reads UTF-8 with or without a BOM, UTF-16 by its BOM, and GBK otherwise", () => {
    expect(decodeText(new TextEncoder().encode("武汉 88万元"))).toBe("武汉 88万元");
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("武汉")]))).toBe("武汉");
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...Buffer.from("武汉", "utf16le")]))).toBe("武汉");
    expect(decodeText(new Uint8Array([...WUHAN_GBK, 0x38, 0x38]))).toBe("武汉88");
  });
});

describe("looksBinary", () => {
  it("tells NUL-bearing bytes from text, UTF-16 text included", () => {
    expect(looksBinary(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toBe(true);
    expect(looksBinary(new TextEncoder().encode("# 标题"))).toBe(false);
    expect(looksBinary(new Uint8Array([0xff, 0xfe, ...Buffer.from("# 标题", "utf16le")]))).toBe(false);
  });
});
