// The production bundle behind `npm start`: src/main.ts → .build/main.js, run by plain `node`.
// Plain JS (typed in bundle.d.mts) because it runs before anything could compile TypeScript, and it
// must stay quick when the bundle is current: hashing the inputs is all it does then.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const OUT_DIR = ".build";
export const ENTRY_OUT = "main.js";
export const MANIFEST = "manifest.json";

/** Project-relative (POSIX) paths whose content decides the bundle, sorted. */
export function inputFiles(root) {
  const files = [];
  const walk = (rel) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && !e.name.endsWith(".test.ts")) files.push(r);
    }
  };
  walk("src");
  // The lockfile pins esbuild and every external package the bundle imports.
  for (const f of ["package.json", "package-lock.json"]) if (existsSync(path.join(root, f))) files.push(f);
  return files.sort();
}

/** sha256 over every input's path and content. */
export function inputsHash(root) {
  const h = createHash("sha256");
  for (const f of inputFiles(root)) {
    const content = readFileSync(path.join(root, f));
    h.update(`${f}\0${content.length}\0`).update(content);
  }
  return h.digest("hex");
}

export function readManifest(root) {
  try {
    return JSON.parse(readFileSync(path.join(root, OUT_DIR, MANIFEST), "utf8"));
  } catch {
    return undefined;
  }
}

/** Why the bundle must be rebuilt, or undefined when it is current. */
export function staleReason(root, hash = inputsHash(root)) {
  const manifest = readManifest(root);
  if (!manifest) return "no bundle yet";
  if (manifest.hash !== hash) return "sources changed";
  const missing = manifest.outputs.find((f) => !existsSync(path.join(root, OUT_DIR, f)));
  if (missing) return `${OUT_DIR}/${missing} is missing`;
  return undefined;
}

/** Bundle src/main.ts into .build/ and record the inputs' hash; returns the files written. */
export async function buildBundle(root, hash = inputsHash(root)) {
  const { build } = await import("esbuild"); // loaded only when a build is due
  const outDir = path.join(root, OUT_DIR);
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["src/main.ts"],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external", // node_modules (native addons included) load from node_modules as usual
    // Which code this is (src/build/build-id.ts): caches of derived data are keyed by it.
    define: { __BUILD_ID__: JSON.stringify(hash) },
    // Splitting keeps `await import("./channels/wechat/start-bot.js")` a lazy chunk; without it the
    // chunk's wechaty imports would be hoisted into main.js and load at every start.
    splitting: true,
    outdir: outDir,
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    sourcemap: true, // with --enable-source-maps, stack traces name src/*.ts lines
    sourcesContent: false, // the sources are on disk next to it
    // `eslint .` would otherwise lint the output (eslint.config.js does not ignore .build/).
    banner: { js: "/* eslint-disable */\n// Generated from src/ by src/build/bundle.mjs (`npm run build`); do not edit." },
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  mkdirSync(outDir, { recursive: true });
  // Each file lands by rename (atomic), chunks before main.js, the manifest last: a server starting
  // meanwhile sees the old bundle or the new one, never half a file.
  const files = result.outputFiles.sort((a, b) => rank(a.path) - rank(b.path));
  for (const f of files) writeAtomic(f.path, f.contents);
  const outputs = files.map((f) => path.relative(outDir, f.path).split(path.sep).join("/"));
  pruneOld(outDir, new Set([...outputs, MANIFEST]));
  writeAtomic(path.join(outDir, MANIFEST), JSON.stringify({ hash, builtAt: new Date().toISOString(), outputs }, null, 2) + "\n");
  return outputs;
}

/** Build when the bundle is missing or stale (or always with force). */
export async function ensureBuild(root, { force = false } = {}) {
  const hash = inputsHash(root);
  const reason = force ? "forced" : staleReason(root, hash);
  if (!reason) return { built: false };
  const t = performance.now();
  const outputs = await buildBundle(root, hash);
  return { built: true, reason, outputs, ms: Math.round(performance.now() - t) };
}

const rank = (p) => (p.endsWith(`${path.sep}${ENTRY_OUT}`) ? 1 : 0);

function writeAtomic(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/** Remove chunks and maps of earlier builds (their names carry content hashes). */
function pruneOld(outDir, keep, rel = "") {
  for (const e of readdirSync(path.join(outDir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) pruneOld(outDir, keep, r);
    else if (!keep.has(r) && !r.endsWith(".tmp")) rmSync(path.join(outDir, r), { force: true });
  }
}
