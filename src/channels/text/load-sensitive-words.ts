// Reads corpus/sensitive-words.txt once at start. A missing file means no filter (a fresh checkout still
// runs); any other read error stops start-up, since a silently empty list would let everything through.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../../config.js";
import { parseWordList, SensitiveWords } from "./sensitive-words.js";

export const SENSITIVE_WORDS_FILE = "sensitive-words.txt";

export async function loadSensitiveWords(config: Pick<Config, "CORPUS_DIR">): Promise<SensitiveWords> {
  const file = path.join(config.CORPUS_DIR, SENSITIVE_WORDS_FILE);
  try {
    return new SensitiveWords(parseWordList(await readFile(file, "utf8")));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return new SensitiveWords([]);
    throw err;
  }
}
