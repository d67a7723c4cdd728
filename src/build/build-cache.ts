// Per-build caches of data derived at start-up (parsed corpus, gazetteer, widget bundle): one JSON file per
// name and key, written atomically; writing one removes the same name's files for other keys (older builds).
// A cache that cannot be read or written costs only the work it would have saved.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const fileOf = (dir: string, name: string, key: string) => path.join(dir, `${name}-${key}.json`);

export function readBuildCache<T>(dir: string, name: string, key: string): T | undefined {
  try {
    return JSON.parse(readFileSync(fileOf(dir, name, key), "utf8")) as T;
  } catch {
    return undefined;
  }
}

export function writeBuildCache(dir: string, name: string, key: string, value: unknown): void {
  try {
    mkdirSync(dir, { recursive: true });
    const file = fileOf(dir, name, key);
    const mine = new RegExp(`^${name}-[^.]+\\.json$`);
    for (const f of readdirSync(dir)) if (mine.test(f) && f !== path.basename(file)) rmSync(path.join(dir, f), { force: true });
    writeFileAtomic(file, JSON.stringify(value));
  } catch {
    // read-only or full: the work is redone next start
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
