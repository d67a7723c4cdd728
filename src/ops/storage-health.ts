// Whether the database is taking writes. A failed write (disk full, read-only file) must never cost a
// visitor the answer: callers fall back, record it here, and /healthz reports the degraded state with
// the reason so an operator or load balancer sees it. A later successful write clears the state.
import type { Logger } from "../core/types.js";

export type StorageOp = "session" | "message" | "feedback" | "retention";

export interface StorageStatus {
  ok: boolean;
  /** Failed writes since start. */
  failures: number;
  /** The most recent failure, while degraded. */
  reason?: string;
  op?: StorageOp;
  since?: string; // ISO time of the first failure of the current degraded spell
}

// Log the first failure of a spell and then one in this many, so a full disk does not flood the log.
const LOG_EVERY = 100;

export class StorageHealth {
  private failures = 0;
  private spell: { since: number; count: number; reason: string; op: StorageOp } | undefined;

  constructor(private readonly logger?: Logger) {}

  failed(op: StorageOp, err: unknown): void {
    this.failures++;
    const reason = describe(err);
    if (!this.spell) this.spell = { since: Date.now(), count: 0, reason, op };
    this.spell.count++;
    this.spell.reason = reason;
    this.spell.op = op;
    if (this.spell.count % LOG_EVERY === 1) {
      this.logger?.error({ op, reason, failures: this.failures }, "database write failed; answering goes on without persisting");
    }
  }

  succeeded(): void {
    if (!this.spell) return;
    this.logger?.warn({ failedWrites: this.spell.count }, "database writes work again");
    this.spell = undefined;
  }

  status(): StorageStatus {
    if (!this.spell) return { ok: true, failures: this.failures };
    return {
      ok: false,
      failures: this.failures,
      reason: this.spell.reason,
      op: this.spell.op,
      since: new Date(this.spell.since).toISOString(),
    };
  }
}

/** "SQLITE_FULL: database or disk is full" — the driver's code and message, no stack or path. */
function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" && !err.message.startsWith(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
