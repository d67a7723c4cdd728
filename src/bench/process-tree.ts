// Peak RSS of a process and its descendants from /proc (Linux): `tsx` runs the app in a child node
// process, so the launcher's own numbers would miss the server.
import { readFileSync } from "node:fs";

function children(pid: number): number[] {
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8");
    return tasks.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function statusKiB(pid: number, field: "VmHWM" | "VmRSS"): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function treeMaxMiB(pid: number, field: "VmHWM" | "VmRSS"): number {
  let max = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    max = Math.max(max, statusKiB(p, field));
    stack.push(...children(p));
  }
  return Math.round((max / 1024) * 10) / 10;
}

/** Largest peak RSS (MiB) among the process and its descendants; 0 where /proc is unavailable. */
export function treePeakRssMiB(pid: number): number {
  return treeMaxMiB(pid, "VmHWM");
}

/** Largest current RSS (MiB) among the process and its descendants (the server, under npm). */
export function treeRssMiB(pid: number): number {
  return treeMaxMiB(pid, "VmRSS");
}
