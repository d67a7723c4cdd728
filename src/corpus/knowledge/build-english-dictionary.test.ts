import { describe, expect, it } from "vitest";
import { buildEnglishDictionary, normaliseGloss } from "./build-english-dictionary.js";

describe("English dictionary from CC-CEDICT", () => {
  it("normalises glosses", () => {
    expect(normaliseGloss("to subsidize")).toEqual(["subsidize"]);
    expect(normaliseGloss("incubator (for eggs or startup businesses)")).toEqual(["incubator"]);
    expect(normaliseGloss("plan; project; program")).toEqual(["plan", "project", "program"]);
  });

  it("prefers the corpus's terms, then its words, then common words; the corpus's own renderings win", () => {
    const d = buildEnglishDictionary({
      known: new Set(["实验室", "孵化器", "补助", "补贴"]),
      terms: new Set(["补助"]),
      frequency: new Map([["医院", 5000]]),
      names: [["pilot plant", "中试平台"]],
    });
    expect(d.phrases.get("laboratory")).toBe("实验室");
    expect(d.phrases.get("incubator")).toBe("孵化器");
    expect(d.phrases.get("subsidy")).toBe("补助");
    expect(d.phrases.get("hospital")).toBe("医院");
    expect(d.phrases.get("pilot plant")).toBe("中试平台");
    expect(d.maxWords).toBeGreaterThan(1);
  });
});
