// The production bundle's staleness check and build, on a throwaway project in a temp dir.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureBuild, inputFiles, inputsHash, readManifest, staleReason } from "./bundle.mjs";

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "bundle-test-"));
  write("package.json", '{ "type": "module" }\n');
  write("src/main.ts", 'import { twice } from "./lib/twice.js";\nconst { late } = await import("./lib/late.js");\nconsole.log(`main ${twice(2)} ${late}`);\n');
  write("src/lib/twice.ts", "export const twice = (n: number): number => n * 2;\n");
  write("src/lib/late.ts", 'export const late: string = "late";\n');
  write("src/lib/twice.test.ts", "// a test\n");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("inputsHash", () => {
  it("covers src/ without tests, plus package.json and package-lock.json when present", () => {
    expect(inputFiles(root)).toEqual(["package.json", "src/lib/late.ts", "src/lib/twice.ts", "src/main.ts"]);
    write("package-lock.json", "{}\n");
    expect(inputFiles(root)).toContain("package-lock.json");
  });

  it("changes when a source file, package.json or the lockfile changes, not when a test does", () => {
    const before = inputsHash(root);
    expect(inputsHash(root)).toBe(before);
    write("src/lib/twice.test.ts", "// another test\n");
    expect(inputsHash(root)).toBe(before);
    write("src/lib/twice.ts", "export const twice = (n: number): number => n + n;\n");
    const edited = inputsHash(root);
    expect(edited).not.toBe(before);
    write("src/lib/new.ts", "export {};\n");
    expect(inputsHash(root)).not.toBe(edited);
    const added = inputsHash(root);
    write("package-lock.json", "{}\n");
    expect(inputsHash(root)).not.toBe(added);
    const locked = inputsHash(root);
    write("package.json", '{ "type": "module", "version": "2" }\n');
    expect(inputsHash(root)).not.toBe(locked);
  });

  it("tells a renamed file from the same content under its old name", () => {
    const before = inputsHash(root);
    rmSync(path.join(root, "src/lib/late.ts"));
    write("src/lib/later.ts", 'export const late: string = "late";\n');
    expect(inputsHash(root)).not.toBe(before);
  });
});

describe("staleReason and ensureBuild", () => {
  it("builds when missing, then not until a source changes", async () => {
    expect(staleReason(root)).toBe("no bundle yet");
    const first = await ensureBuild(root);
    expect(first).toMatchObject({ built: true, reason: "no bundle yet" });
    expect(readManifest(root)?.hash).toBe(inputsHash(root));
    expect(staleReason(root)).toBeUndefined();
    expect(await ensureBuild(root)).toEqual({ built: false });

    write("src/lib/twice.ts", "export const twice = (n: number): number => n * 3;\n");
    expect(staleReason(root)).toBe("sources changed");
    expect(await ensureBuild(root)).toMatchObject({ built: true, reason: "sources changed" });
    expect(staleReason(root)).toBeUndefined();
    expect(await ensureBuild(root, { force: true })).toMatchObject({ built: true, reason: "forced" });
  });

  it("rebuilds when an output file is gone", async () => {
    await ensureBuild(root);
    rmSync(path.join(root, ".build", "main.js"));
    expect(staleReason(root)).toBe(".build/main.js is missing");
  });

  it("writes a runnable ESM bundle with a lazy chunk for the dynamic import and a source map", async () => {
    const r = await ensureBuild(root);
    if (!r.built) throw new Error("expected a build");
    expect(r.outputs).toContain("main.js");
    expect(r.outputs).toContain("main.js.map");
    expect(r.outputs.some((f) => /^chunks\/late-\w+\.js$/.test(f))).toBe(true);
    for (const f of r.outputs) expect(existsSync(path.join(root, ".build", f))).toBe(true);
    expect(readFileSync(path.join(root, ".build", "main.js"), "utf8")).not.toContain('"late"');
    const run = spawnSync(process.execPath, ["--enable-source-maps", ".build/main.js"], { cwd: root, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("main 4 late");
  });

  it("a syntax error fails the build and leaves it stale", async () => {
    write("src/lib/twice.ts", "export const twice = (n: number): number => n * ;\n");
    await expect(ensureBuild(root)).rejects.toThrow(/Build failed/);
    expect(staleReason(root)).toBe("no bundle yet");
  });

  it("removes the chunks of an earlier build", async () => {
    const first = await ensureBuild(root);
    write("src/lib/late.ts", 'export const late: string = "later";\n');
    const second = await ensureBuild(root);
    if (!first.built || !second.built) throw new Error("expected two builds");
    const oldChunk = first.outputs.find((f) => f.startsWith("chunks/late-") && f.endsWith(".js"))!;
    expect(second.outputs).not.toContain(oldChunk);
    expect(existsSync(path.join(root, ".build", oldChunk))).toBe(false);
  });
});
