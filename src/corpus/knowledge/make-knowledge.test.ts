// The English dictionary is built at start when no saved copy matches, and a matching saved copy is read
// only when the first English question needs it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EnglishDictionary } from "../../core/frame/english-reading.js";
import { cachedDictionary, ENGLISH_DICTIONARY_FILE } from "./make-knowledge.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kjzs-knowledge-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function counted(phrase: string) {
  const calls = { n: 0 };
  const build = (): EnglishDictionary => {
    calls.n++;
    return { maxWords: 2, phrases: new Map([[phrase, "词"]]) };
  };
  return { calls, build };
}

describe("cachedDictionary", () => {
  it("builds at once when nothing is saved, and saves it", () => {
    const b = counted("built");
    const get = cachedDictionary(dir, "key-1", b.build);
    expect(b.calls.n).toBe(1); // at start, not inside a request
    expect(get().phrases.get("built")).toBe("词");
    const saved = JSON.parse(readFileSync(path.join(dir, ENGLISH_DICTIONARY_FILE), "utf8")) as { phrases: [string, string][] };
    expect(saved.phrases).toEqual([["built", "词"]]);
  });

  it("reads a matching saved copy only on first use, and never rebuilds it", () => {
    cachedDictionary(dir, "key-1", counted("built").build);
    const file = path.join(dir, ENGLISH_DICTIONARY_FILE);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    const b = counted("rebuilt");
    const get = cachedDictionary(dir, "key-1", b.build);
    // Changed after the call: what the getter returns shows when the file was read.
    writeFileSync(file, JSON.stringify({ ...saved, phrases: [["read later", "词"]] }));
    expect(get().phrases.has("read later")).toBe(true);
    expect(b.calls.n).toBe(0);
  });

  it("rebuilds at start when what it is built from changed", () => {
    cachedDictionary(dir, "key-1", counted("built").build);
    const b = counted("new");
    const get = cachedDictionary(dir, "key-2", b.build);
    expect(b.calls.n).toBe(1);
    expect(get().phrases.has("new")).toBe(true);
  });
});
