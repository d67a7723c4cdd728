import { describe, expect, it } from "vitest";
import { createSessionStore, storageKey } from "./session-store.js";

/** A Map-backed Storage, as localStorage behaves. */
function memoryStorage(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v)),
  };
}

const throwing = (): Storage =>
  new Proxy({} as Storage, {
    get: () => () => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    },
  });

describe("widget session store", () => {
  it("keeps the token under a key scoped to the API base, so a reload finds it", () => {
    const storage = memoryStorage();
    createSessionStore("https://a.example", storage).set("tok.mac");
    expect(storage.map.get(storageKey("https://a.example"))).toBe("tok.mac");
    expect(createSessionStore("https://a.example", storage).get()).toBe("tok.mac");
    // Another assistant on the same page has its own slot.
    expect(createSessionStore("https://b.example", storage).get()).toBeUndefined();
  });

  it("clear() forgets the token in memory and in storage", () => {
    const storage = memoryStorage();
    const store = createSessionStore("https://a.example", storage);
    store.set("tok.mac");
    store.clear();
    expect(store.get()).toBeUndefined();
    expect(storage.map.size).toBe(0);
  });

  it("works from memory when storage throws (privacy mode) or is missing", () => {
    for (const storage of [throwing(), undefined]) {
      const store = createSessionStore("https://a.example", storage);
      expect(store.get()).toBeUndefined();
      store.set("tok.mac");
      expect(store.get()).toBe("tok.mac");
      store.clear();
      expect(store.get()).toBeUndefined();
    }
  });
});
