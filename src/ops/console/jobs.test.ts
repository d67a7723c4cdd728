import { describe, expect, it, vi } from "vitest";
import { ConsoleJobs, JobBusyError } from "./jobs.js";

describe("console jobs", () => {
  it("runs a job after the request that started it, reports progress, and keeps its result", async () => {
    const jobs = new ConsoleJobs();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = jobs.start("eval", "评测", "editor1", async (ctl) => {
      ctl.progress(0.5, "第 1/2 题");
      await gate;
      return { passed: 2 };
    });
    expect(job.state).toBe("running");
    await new Promise((r) => setImmediate(r));
    expect(jobs.get(job.id)).toMatchObject({ progress: 0.5, progressText: "第 1/2 题" });
    expect(() => jobs.start("eval", "again", "editor2", async () => 1)).toThrow(JobBusyError);
    const other = jobs.start("publish", "发布", "editor2", async () => "ok"); // another kind may run alongside
    release();
    await jobs.idle(5);
    expect(jobs.get(job.id)).toMatchObject({ state: "done", result: { passed: 2 } });
    expect(jobs.get(other.id)?.state).toBe("done");
    expect(jobs.list("eval").map((j) => j.id)).toEqual([job.id]);
  });

  it("records a failure in plain words and frees the kind for the next job", async () => {
    const jobs = new ConsoleJobs();
    const job = jobs.start("eval", "评测", "editor1", async () => {
      throw new Error("评测集无法读取");
    });
    await jobs.idle(5);
    expect(jobs.get(job.id)).toMatchObject({ state: "failed", error: "评测集无法读取" });
    expect(jobs.start("eval", "再来", "editor1", async () => 1).state).toBe("running");
    await jobs.idle(5);
  });

  it("keeps a bounded number of finished jobs, newest first", async () => {
    const jobs = new ConsoleJobs();
    for (let i = 0; i < 60; i++) {
      jobs.start("eval", `run ${i}`, "x", async () => i);
      await jobs.idle(1);
    }
    const list = jobs.list();
    expect(list.length).toBeLessThanOrEqual(51);
    expect(list[0].title).toBe("run 59");
  });

  it("orders jobs started in the same millisecond by when they started", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const jobs = new ConsoleJobs();
      for (let i = 0; i < 3; i++) {
        jobs.start("eval", `run ${i}`, "x", async () => i);
        await jobs.idle(1);
      }
      expect(jobs.list().map((j) => j.title)).toEqual(["run 2", "run 1", "run 0"]);
    } finally {
      vi.useRealTimers();
    }
  });
});
