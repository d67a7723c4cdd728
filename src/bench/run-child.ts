// Forks src/bench/child.ts under tsx and exchanges messages with it.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { ChildMessage, ChildRequest } from "./child.js";

const CHILD = path.join(import.meta.dirname, "child.ts");

export interface BenchChild {
  proc: ChildProcess;
  /** Next message of the given type; rejects on an error message or early exit. */
  next<T extends ChildMessage["type"]>(type: T): Promise<Extract<ChildMessage, { type: T }>>;
}

/** `onLog` receives the child's progress lines ("log" messages), which never count as replies. */
export function startChild(req: ChildRequest, onLog?: (line: string) => void): BenchChild {
  const proc = fork(CHILD, [JSON.stringify(req)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);

  const queue: ChildMessage[] = [];
  const waiters: ((m: ChildMessage | Error) => void)[] = [];
  const deliver = (m: ChildMessage | Error) => {
    const w = waiters.shift();
    if (w) w(m);
    else if (!(m instanceof Error)) queue.push(m);
  };
  let exited: Error | undefined;
  proc.on("message", (m) => {
    const msg = m as ChildMessage;
    if (msg.type === "log") onLog?.(msg.line);
    else deliver(msg);
  });
  proc.on("exit", (code, signal) => {
    exited = new Error(`bench step "${req.step}" exited (code ${code}, signal ${signal}) before reporting\n${output}`);
    while (waiters.length) deliver(exited);
  });

  return {
    proc,
    next(type) {
      return new Promise((resolve, reject) => {
        const handle = (m: ChildMessage | Error) => {
          if (m instanceof Error) return reject(m);
          if (m.type === "error") return reject(new Error(`bench step "${req.step}" failed: ${m.message}`));
          if (m.type !== type) return reject(new Error(`bench step "${req.step}": expected ${type}, got ${m.type}`));
          resolve(m as Extract<ChildMessage, { type: typeof type }>);
        };
        const queued = queue.shift();
        if (queued) handle(queued);
        else if (exited) handle(exited);
        else waiters.push(handle);
      });
    },
  };
}

/** Run a step that reports one result and exits. */
export async function runChildStep<R>(req: ChildRequest, onLog?: (line: string) => void): Promise<R> {
  const child = startChild(req, onLog);
  const done = new Promise<void>((resolve) => child.proc.once("exit", () => resolve()));
  const { result } = await child.next("result");
  await done;
  return result as R;
}
