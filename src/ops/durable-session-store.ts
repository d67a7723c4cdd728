// The server's session store: conversations that continue are kept in SQLite (they survive restarts and
// are shared by channels); a conversation of one question stays in a bounded memory tier until it is
// resumed, so anonymous one-shot asks leave no row nobody will read. When the database refuses a write,
// the session goes to memory instead and the failure is recorded — the answer is never lost to it.
import { InMemorySessionStore } from "../core/session-memory.js";
import type { SessionState, SessionStore } from "../core/types.js";
import type { StorageHealth } from "./storage-health.js";

export interface DurableSessionOptions {
  /** Most sessions held in memory (one-shot ones and those a failing disk could not take). */
  memoryMax: number;
  /**
   * Every session goes to the database at once, none waits in memory: with replicas sharing PostgreSQL,
   * the follow-up to a first question may reach another replica.
   */
  writeThrough?: boolean;
}

/** A session worth a row: it has been resumed at least once. */
export const isResumed = (s: SessionState): boolean => s.history.length > 1;

const FROM_DISK_MAX = 10_000;

export class DurableSessionStore implements SessionStore {
  private readonly memory: InMemorySessionStore;
  /** Ids last read from disk: a reset ("重新开始") of one of them must remove the old row too. */
  private readonly fromDisk = new Set<string>();

  constructor(
    private readonly disk: SessionStore,
    private readonly health: StorageHealth,
    opts: DurableSessionOptions,
  ) {
    this.memory = new InMemorySessionStore(opts.memoryMax);
    this.writeThrough = opts.writeThrough ?? false;
  }

  private readonly writeThrough: boolean;

  async get(id: string): Promise<SessionState | undefined> {
    const held = await this.memory.get(id);
    if (held) return held;
    try {
      const stored = await this.disk.get(id);
      if (stored) {
        if (this.fromDisk.size >= FROM_DISK_MAX) this.fromDisk.clear(); // only answers that failed leave ids behind
        this.fromDisk.add(id);
      }
      return stored;
    } catch (err) {
      this.health.failed("session", err);
      return undefined;
    }
  }

  async set(state: SessionState): Promise<void> {
    const wasOnDisk = this.fromDisk.delete(state.id);
    if (!this.writeThrough && !isResumed(state)) {
      if (wasOnDisk) await this.deleteOnDisk(state.id);
      await this.memory.set(state);
      return;
    }
    try {
      await this.disk.set(state);
      this.health.succeeded();
      await this.memory.delete(state.id);
    } catch (err) {
      this.health.failed("session", err);
      await this.memory.set(state);
    }
  }

  async delete(id: string): Promise<void> {
    await this.memory.delete(id);
    await this.deleteOnDisk(id);
  }

  private async deleteOnDisk(id: string): Promise<void> {
    try {
      await this.disk.delete(id);
    } catch (err) {
      this.health.failed("session", err);
    }
  }

  /**
   * Writes the memory tier to disk (graceful shutdown), so a deploy does not cost anyone the context
   * of their last question; those rows expire with the session TTL like any other.
   */
  async flush(): Promise<number> {
    const held = await this.memory.drain();
    let written = 0;
    for (const state of held) {
      try {
        await this.disk.set(state);
        written++;
      } catch (err) {
        this.health.failed("session", err);
        break; // a full disk will not take the rest either
      }
    }
    return written;
  }

  async purge(now = Date.now()): Promise<number> {
    const inMemory = await this.memory.purge(now);
    return inMemory + (await this.disk.purge(now));
  }
}
