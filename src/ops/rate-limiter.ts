// Fixed-window rate limiter keyed by any string (a chat user, a room, an IP failing admin auth). The first
// message over the limit gets a polite notice; later ones in the same window get silence.

export type RateDecision = "allow" | "notice" | "silent";

interface Window {
  start: number;
  count: number;
  noticed: boolean;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Whether `key` may send now; counts the message when allowed. */
  hit(key: string, now: number): RateDecision {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0, noticed: false };
      this.windows.set(key, w);
      this.prune(now);
    }
    if (w.count < this.max) {
      w.count++;
      return "allow";
    }
    if (w.noticed) return "silent";
    w.noticed = true;
    return "notice";
  }

  /** Would `key` be allowed now? Does not count anything. */
  wouldAllow(key: string, now: number): boolean {
    const w = this.windows.get(key);
    return !w || now - w.start >= this.windowMs || w.count < this.max;
  }

  /** Milliseconds until `key` may send again (0 when it may now). */
  retryAfterMs(key: string, now: number): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs || w.count < this.max) return 0;
    return this.windowMs - (now - w.start);
  }

  /** Forgets `key`'s window (a successful login clears its failed attempts). */
  forget(key: string): void {
    this.windows.delete(key);
  }

  /** Gives back one counted message (a login attempt that turned out right). */
  refund(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count--;
  }

  get size(): number {
    return this.windows.size;
  }

  // Drop expired windows now and then so memory follows active chats, not all chats ever seen.
  private prune(now: number): void {
    if (this.windows.size < 1000) return;
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
