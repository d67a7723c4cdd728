// The file signal between `npm run ingest` and a running server: ingest rewrites DATA_DIR/reindex.signal
// after a successful build; the server polls its mtime and runs the same reindex path as POST /admin/reindex.
import { unwatchFile, watchFile } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export const REINDEX_SIGNAL_FILE = "reindex.signal";

export async function signalReindex(dataDir: string): Promise<string> {
  const file = path.join(dataDir, REINDEX_SIGNAL_FILE);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${new Date().toISOString()} pid ${process.pid}\n`);
  return file;
}

/** Calls `onSignal` each time the signal file is (re)written; returns a function that stops watching. */
export function watchReindexSignal(dataDir: string, onSignal: () => void, intervalMs = 1000): () => void {
  const file = path.join(dataDir, REINDEX_SIGNAL_FILE);
  const listener = (cur: { mtimeMs: number }, prev: { mtimeMs: number }) => {
    if (cur.mtimeMs > 0 && cur.mtimeMs !== prev.mtimeMs) onSignal();
  };
  // persistent:false — the watcher alone never keeps the process alive.
  watchFile(file, { interval: intervalMs, persistent: false }, listener);
  return () => unwatchFile(file, listener);
}
