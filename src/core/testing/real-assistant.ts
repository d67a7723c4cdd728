// Test helper: the real wiring over the real corpus, with the index built into a throwaway data dir.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../../config.js";
import { makeAssistant, type AssistantOptions, type WiredAssistant } from "../../wiring.js";

export async function realAssistant(
  env: Record<string, string> = {},
  opts: AssistantOptions = {},
): Promise<{ assistant: WiredAssistant; config: Config; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-test-"));
  const config = loadConfig({ DATA_DIR: dir, ...env });
  const assistant = await makeAssistant(config, opts);
  return {
    assistant,
    config,
    cleanup: async () => {
      await assistant.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
