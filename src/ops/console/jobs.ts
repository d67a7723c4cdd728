// Long console tasks (an eval run, a publish with its regression gate) run in the background so the
// page answers at once; the page then shows the job and refreshes until it is done. One job of each
// kind at a time; finished jobs are kept (newest first, bounded) so their results stay readable.
import { randomBytes } from "node:crypto";
import type { Logger } from "../../core/types.js";

export type JobState = "running" | "done" | "failed";

export interface Job<R = unknown> {
  id: string;
  kind: string;
  title: string;
  startedBy: string;
  startedAt: number;
  finishedAt?: number;
  state: JobState;
  /** 0..1 when known. */
  progress?: number;
  progressText?: string;
  result?: R;
  /** Plain-language reason when it failed (details are logged). */
  error?: string;
}

export class JobBusyError extends Error {
  constructor(readonly running: Job) {
    super(`a ${running.kind} job is already running`);
    this.name = "JobBusyError";
  }
}

export interface JobControl {
  progress(fraction: number, text?: string): void;
}

const KEEP = 50;

export class ConsoleJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly logger?: Logger) {}

  /** Starts `work` as a job; throws JobBusyError while a job of the same kind runs. */
  start<R>(kind: string, title: string, startedBy: string, work: (ctl: JobControl) => Promise<R>): Job<R> {
    const busy = [...this.jobs.values()].find((j) => j.kind === kind && j.state === "running");
    if (busy) throw new JobBusyError(busy);
    const job: Job<R> = { id: randomBytes(6).toString("hex"), kind, title, startedBy, startedAt: Date.now(), state: "running" };
    this.jobs.set(job.id, job as Job);
    this.trim();
    const ctl: JobControl = {
      progress: (fraction, text) => {
        job.progress = Math.max(0, Math.min(1, fraction));
        if (text !== undefined) job.progressText = text;
      },
    };
    // Started on the next turn so the request that began it answers first.
    setImmediate(() => {
      work(ctl).then(
        (result) => {
          job.result = result;
          job.state = "done";
          job.finishedAt = Date.now();
        },
        (err: unknown) => {
          job.state = "failed";
          job.finishedAt = Date.now();
          job.error = err instanceof Error ? err.message : String(err);
          this.logger?.error({ kind, job: job.id, err: job.error }, "console job failed");
        },
      );
    });
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  // Newest first by start order (the map keeps insertion order): two jobs can start in the same millisecond.
  list(kind?: string): Job[] {
    return [...this.jobs.values()].filter((j) => !kind || j.kind === kind).reverse();
  }

  /** Resolves when no job runs (shutdown and tests wait for it). */
  async idle(pollMs = 20): Promise<void> {
    while ([...this.jobs.values()].some((j) => j.state === "running")) await new Promise((r) => setTimeout(r, pollMs));
  }

  private trim(): void {
    const done = [...this.jobs.values()].filter((j) => j.state !== "running");
    while (this.jobs.size > KEEP && done.length) this.jobs.delete(done.shift()!.id);
  }
}
