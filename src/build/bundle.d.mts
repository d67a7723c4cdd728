// Types for bundle.mjs (plain JS so that `npm start` can run it before anything compiles TypeScript).

export declare const OUT_DIR: ".build";
export declare const ENTRY_OUT: "main.js";
export declare const MANIFEST: "manifest.json";

export interface BuildManifest {
  /** inputsHash() of the sources the bundle was built from. */
  hash: string;
  builtAt: string;
  /** Files written, relative to OUT_DIR (POSIX separators). */
  outputs: string[];
}

export type EnsureBuildResult =
  | { built: false }
  | { built: true; reason: string; outputs: string[]; ms: number };

export declare function inputFiles(root: string): string[];
export declare function inputsHash(root: string): string;
export declare function readManifest(root: string): BuildManifest | undefined;
export declare function staleReason(root: string, hash?: string): string | undefined;
export declare function buildBundle(root: string, hash?: string): Promise<string[]>;
export declare function ensureBuild(root: string, options?: { force?: boolean }): Promise<EnsureBuildResult>;
