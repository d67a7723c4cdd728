// In-memory session store with TTL. The ops layer swaps in a SQLite store behind the same interface.
import type { SessionState, SessionStore } from "./types.js";

export class InMemorySessionStore implements SessionStore {
  private readonly map = new Map<string, SessionState>();

  constructor(private readonly maxSessions = 50_000) {}

  async get(id: string): Promise<SessionState | undefined> {
    const s = this.map.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= Date.now()) {
      this.map.delete(id);
      return undefined;
    }
    return structuredClone(s);
  }

  async set(state: SessionState): Promise<void> {
    // Re-insert so Map order is least-recently-written first; evict the oldest when full.
    this.map.delete(state.id);
    this.map.set(state.id, structuredClone(state));
    if (this.map.size > this.maxSessions) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }

  async delete(id: string): Promise<void> {
    this.map.delete(id);
  }

  /** Every live session, removed from this store (for handing over to another one). */
  async drain(now = Date.now()): Promise<SessionState[]> {
    const live = [...this.map.values()].filter((s) => s.expiresAt > now);
    this.map.clear();
    return live;
  }

  async purge(now = Date.now()): Promise<number> {
    let n = 0;
    for (const [id, s] of this.map) {
      if (s.expiresAt <= now) {
        this.map.delete(id);
        n++;
      }
    }
    return n;
  }
}
