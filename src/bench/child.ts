// Entry point of every benchmark child process: runs one step named in argv and reports back over IPC.
// A child per step keeps each step's peak RSS its own and stops one step's heap from skewing the next.
import type { ScaleParams } from "./scale-step.js";
import type { ScaleLoadParams } from "./scale-load-step.js";
import type { PipelineParams } from "./pipeline-step.js";
import type { HttpServerParams } from "./http-server-step.js";
import type { StartupParams } from "./startup-step.js";
import type { IngestParams } from "./ingest-step.js";

export type ChildRequest =
  | { step: "scale"; params: ScaleParams }
  | { step: "scale-load"; params: ScaleLoadParams }
  | { step: "pipeline"; params: PipelineParams }
  | { step: "http-server"; params: HttpServerParams }
  | { step: "startup"; params: StartupParams }
  | { step: "ingest"; params: IngestParams };

export type ChildMessage =
  | { type: "result"; result: unknown }
  | { type: "ready"; port: number; barePort?: number; replyBytes?: number }
  | { type: "cpu"; cpuMs: number }
  /** A progress line for the parent's log (long steps); never queued as a reply. */
  | { type: "log"; line: string }
  | { type: "error"; message: string };

function send(msg: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) throw new Error("bench child must be started with an IPC channel");
    process.send(msg, () => resolve());
  });
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? "{}") as ChildRequest;
  switch (req.step) {
    case "scale": {
      const { runScaleStep } = await import("./scale-step.js");
      const log = (line: string) => void send({ type: "log", line });
      await send({ type: "result", result: await runScaleStep(req.params, log) });
      break;
    }
    case "scale-load": {
      const { runScaleLoadStep } = await import("./scale-load-step.js");
      await send({ type: "result", result: runScaleLoadStep(req.params) });
      break;
    }
    case "pipeline": {
      const { runPipelineStep } = await import("./pipeline-step.js");
      await send({ type: "result", result: await runPipelineStep(req.params) });
      break;
    }
    case "startup": {
      const { runStartupStep } = await import("./startup-step.js");
      await send({ type: "result", result: await runStartupStep(req.params) });
      break;
    }
    case "ingest": {
      const { runIngestStep } = await import("./ingest-step.js");
      await send({ type: "result", result: await runIngestStep(req.params) });
      break;
    }
    case "http-server": {
      const { serveForBench } = await import("./http-server-step.js");
      // Stays up until the parent says "stop"; then reports its own peak RSS.
      await serveForBench(
        req.params,
        (ports) => send({ type: "ready", ...ports }),
        (mark) => send({ type: "cpu", ...mark }),
        (result) => send({ type: "result", result }),
      );
      break;
    }
    default:
      throw new Error(`unknown bench step ${JSON.stringify(req)}`);
  }
}

// If the parent dies mid-run, do not linger (the HTTP server step would otherwise serve forever).
let finished = false;
process.once("disconnect", () => {
  if (!finished) process.exit(1);
});

main().then(
  () => {
    finished = true;
    process.disconnect?.();
  },
  async (err: unknown) => {
    await send({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exitCode = 1;
    finished = true;
    process.disconnect?.();
  },
);
