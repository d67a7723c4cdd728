// `npm start` runs this first (prestart): rebuilds .build/ only when the bundle is missing or its
// inputs changed, so a fresh clone and an edited checkout both start the current code. `npm run build`
// passes --force.
import path from "node:path";
import { ensureBuild, OUT_DIR, ENTRY_OUT } from "./bundle.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
try {
  const r = await ensureBuild(root, { force: process.argv.includes("--force") });
  if (r.built) console.error(`build: ${r.reason}; wrote ${OUT_DIR}/${ENTRY_OUT} in ${r.ms} ms`);
} catch (err) {
  // esbuild has already printed its own located errors above this line.
  console.error(`build failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  process.exitCode = 1;
}
