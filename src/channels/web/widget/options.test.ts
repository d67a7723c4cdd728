import { describe, expect, it } from "vitest";
import { parseOptions } from "./options.js";

// A stand-in for CSS.supports("color", v): the browser's parser decides in production.
const isColor = (v: string) => /^(#[0-9a-f]{3,8}|rgb\(.+\)|teal|rebeccapurple)$/i.test(v);
const tag = (dataset: Record<string, string>, src = "https://assistant.example/widget.js") => ({ src, dataset });

describe("widget script-tag options", () => {
  it("defaults: API from the script's origin, right side, Chinese, closed", () => {
    expect(parseOptions(tag({}), isColor)).toEqual({
      options: { base: "https://assistant.example", position: "right", lang: "zh", open: false },
      warnings: [],
    });
  });

  it("reads title, colour, position, language and open", () => {
    const { options, warnings } = parseOptions(
      tag({ title: " 区科技局助手 ", color: "#0f766e", position: "LEFT", lang: "en-GB", open: "" }),
      isColor,
    );
    expect(options).toEqual({ base: "https://assistant.example", title: "区科技局助手", color: "#0f766e", position: "left", lang: "en", open: true });
    expect(warnings).toEqual([]);
  });

  it("falls back and warns on values it cannot use", () => {
    const { options, warnings } = parseOptions(
      tag({ color: "red; background: url(x)", position: "top", lang: "fr", open: "sometimes", api: "javascript:alert(1)" }),
      isColor,
    );
    expect(options).toEqual({ base: "https://assistant.example", position: "right", lang: "zh", open: false });
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toContain('data-api="javascript:alert(1)"');
    expect(warnings.join("\n")).toContain('data-color="red; background: url(x)"');
  });

  it("data-api may be relative to the script and loses its trailing slash", () => {
    expect(parseOptions(tag({ api: "/assistant/" }), isColor).options.base).toBe("https://assistant.example/assistant");
    expect(parseOptions(tag({ open: "false" }), isColor).options.open).toBe(false);
  });
});
