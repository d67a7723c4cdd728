// A one-line progress bar on stderr, redrawn with \r; silent when stderr is not a terminal (CI logs).
export interface Progress {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

export function makeProgress(stream: NodeJS.WriteStream = process.stderr, width = 30): Progress {
  const tty = Boolean(stream.isTTY);
  let last = "";
  return {
    update(done, total, label = "") {
      if (!tty) return;
      const line = `${renderBar(done, total, width)} ${label}`.slice(0, (stream.columns || 100) - 1);
      if (line === last) return;
      last = line;
      stream.write(`\r${line.padEnd(Math.max(line.length, (stream.columns || 100) - 1))}`);
    },
    done() {
      if (tty && last) stream.write("\n");
    },
  };
}

/** The bar as text, for tests and non-TTY use. */
export function renderBar(done: number, total: number, width = 30): string {
  const frac = total === 0 ? 1 : done / total;
  const filled = Math.round(frac * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
}
