import { describe, expect, it } from "vitest";
import { makeProgress, renderBar } from "./progress.js";

const fakeStream = (isTTY: boolean) => {
  const writes: string[] = [];
  const stream = { isTTY, columns: 80, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
};

describe("progress bar", () => {
  it("redraws one line with \\r on a terminal and ends it with a newline", () => {
    const { stream, writes } = fakeStream(true);
    const p = makeProgress(stream, 10);
    p.update(0, 4, "t-01");
    p.update(2, 4, "t-03");
    p.update(2, 4, "t-03"); // unchanged → not redrawn
    p.done();
    expect(writes).toHaveLength(3);
    expect(writes[0].startsWith("\r[----------] 0/4 t-01")).toBe(true);
    expect(writes[1].startsWith("\r[#####-----] 2/4 t-03")).toBe(true);
    expect(writes[2]).toBe("\n");
  });

  it("stays silent when stderr is not a terminal (CI logs)", () => {
    const { stream, writes } = fakeStream(false);
    const p = makeProgress(stream);
    p.update(1, 2);
    p.done();
    expect(writes).toEqual([]);
    expect(renderBar(3, 4, 8)).toBe("[######--] 3/4");
  });
});
