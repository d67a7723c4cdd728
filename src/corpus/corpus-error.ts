// One error type for every corpus mistake, so the CLI can print them all as `file:line: message`.

export interface CorpusIssue {
  /** Path relative to the project root, e.g. corpus/topics/07-x.md. */
  file: string;
  /** 1-based line in that file. */
  line: number;
  message: string;
}

export class CorpusError extends Error {
  constructor(public readonly errors: CorpusIssue[]) {
    super(
      `corpus has ${errors.length} error${errors.length === 1 ? "" : "s"}:\n` +
        errors.map(formatIssue).join("\n"),
    );
    this.name = "CorpusError";
  }

  /** One `file:line: message` line per error. */
  override toString(): string {
    return this.errors.map(formatIssue).join("\n");
  }
}

export function formatIssue(e: CorpusIssue): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

/** Collects issues while a loader keeps going, so staff see every mistake in one run. */
export class IssueList {
  readonly items: CorpusIssue[] = [];
  add(file: string, line: number, message: string): void {
    this.items.push({ file, line, message });
  }
  get size(): number {
    return this.items.length;
  }
  throwIfAny(): void {
    if (this.items.length > 0) {
      const sorted = [...this.items].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
      throw new CorpusError(sorted);
    }
  }
}
