// Machine details recorded with every report, so numbers are never compared across unlike hardware.
import { readFileSync } from "node:fs";
import os from "node:os";

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: other work on the box skews every number. */
  loadAverage1m: number;
}

export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpuModel = m[1].trim();
  } catch {
    // not Linux: os.cpus() is the best we have
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

export interface LoadDuring {
  start: number;
  max: number;
  end: number;
}

/** Samples the 1-minute load average every `intervalMs` until the returned stop() is called. */
export function watchLoadAverage(intervalMs = 5_000): () => LoadDuring {
  const now = () => Math.round(os.loadavg()[0] * 100) / 100;
  const start = now();
  let max = start;
  const timer = setInterval(() => {
    max = Math.max(max, now());
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    const end = now();
    return { start, max: Math.max(max, end), end };
  };
}
