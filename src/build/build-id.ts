// Which build of the code is running: the bundle's input hash, compiled in by src/build/bundle.mjs
// (esbuild `define`). Undefined when running from source (tsx: tests, CLI), where nothing may be cached
// across code changes.
declare const __BUILD_ID__: string | undefined;

export const BUILD_ID: string | undefined = typeof __BUILD_ID__ === "string" ? __BUILD_ID__ : undefined;
