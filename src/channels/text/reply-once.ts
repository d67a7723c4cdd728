// WeChat retries a callback it got no answer to within 5 s (three times, same MsgId). The first delivery
// starts the work; retries and replays share its promise, so a question is answered once.

export class ReplyOnce<T> {
  private readonly pending = new Map<string, Promise<T>>();

  constructor(private readonly capacity = 5000) {}

  /** The result for `key`, produced by `produce` only the first time the key is seen. */
  run(key: string, produce: () => Promise<T>): { result: Promise<T>; first: boolean } {
    const known = this.pending.get(key);
    if (known) return { result: known, first: false };
    const result = produce();
    this.pending.set(key, result);
    if (this.pending.size > this.capacity) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    return { result, first: true };
  }
}

/** MsgId for messages; FromUserName + CreateTime for events, which have none. */
export function dedupeKey(msg: Record<string, string>): string {
  return msg.MsgId ? `msg:${msg.MsgId}` : `event:${msg.FromUserName ?? ""}:${msg.CreateTime ?? ""}:${msg.Event ?? ""}`;
}
