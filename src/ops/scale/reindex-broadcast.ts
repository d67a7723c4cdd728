// Reindex broadcast between replicas: after a successful reindex a replica publishes
// {corpusHash, builtAt, origin} on a Redis channel; every other replica subscribed runs its own reindex of
// its CORPUS_DIR (the runtime's coalescing signal path) and swaps it in atomically, as after `npm run ingest`.
// A replica ignores its own messages and one for the corpus it already serves. Pub/sub is fire-and-forget:
// a replica disconnected at the moment of a broadcast misses it (reindex it by hand or restart it).
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Logger } from "../../core/types.js";
import { openRedis, REDIS_PREFIX } from "./redis.js";

export const REINDEX_CHANNEL = `${REDIS_PREFIX}reindex`;

export interface ReindexMessage {
  corpusHash: string;
  builtAt: string;
  /** The publishing replica's id. */
  origin: string;
}

export interface ReindexBroadcast {
  /** This replica's id (hostname, pid and a random part: two runtimes in one process differ). */
  readonly replicaId: string;
  /** Tells the other replicas about a new index; never throws (a failure is logged). */
  publish(info: { corpusHash: string; builtAt: string }): Promise<void>;
  close(): Promise<void>;
}

export interface ReindexBroadcastOptions {
  url: string;
  /** Called for each message of another replica. */
  onRemote: (msg: ReindexMessage) => void;
  logger?: Logger;
  channel?: string;
  /** How long start waits for the subscription before going on without it (it is made when Redis is back). */
  readyMs?: number;
}

export function parseReindexMessage(raw: string): ReindexMessage | undefined {
  try {
    const m = JSON.parse(raw) as Partial<ReindexMessage>;
    if (typeof m.corpusHash === "string" && typeof m.builtAt === "string" && typeof m.origin === "string") {
      return { corpusHash: m.corpusHash, builtAt: m.builtAt, origin: m.origin };
    }
  } catch {
    // fall through
  }
  return undefined;
}

export async function startReindexBroadcast(opts: ReindexBroadcastOptions): Promise<ReindexBroadcast> {
  const { url, onRemote, logger } = opts;
  const channel = opts.channel ?? REINDEX_CHANNEL;
  const replicaId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  // A subscribed connection can do nothing else, hence two. The subscriber queues while Redis is away: the
  // subscription is made (and remade, ioredis resubscribes) when it is back. A publish then fails at once.
  const pub = openRedis(url, { role: "reindex broadcast", logger, queueWhileDown: false });
  const sub = openRedis(url, { role: "reindex subscription", logger, queueWhileDown: true });
  sub.on("message", (ch: string, raw: string) => {
    if (ch !== channel) return;
    const msg = parseReindexMessage(raw);
    if (!msg) {
      logger?.warn({ channel }, "reindex broadcast: ignored a malformed message");
      return;
    }
    if (msg.origin === replicaId) return;
    onRemote(msg);
  });
  const subscribed = sub.subscribe(channel).catch((err: unknown) => {
    logger?.warn({ err: String(err) }, "reindex broadcast: subscribe failed");
  });
  const readyMs = opts.readyMs ?? 2000;
  await Promise.race([subscribed, new Promise((r) => setTimeout(r, readyMs).unref())]);
  let closed = false;
  return {
    replicaId,
    async publish(info) {
      if (closed) return;
      const msg: ReindexMessage = { corpusHash: info.corpusHash, builtAt: info.builtAt, origin: replicaId };
      try {
        const receivers = await pub.publish(channel, JSON.stringify(msg));
        logger?.info({ corpusHash: msg.corpusHash, receivers: Math.max(0, receivers - 1) }, "reindex broadcast sent");
      } catch (err) {
        logger?.warn({ err: String(err) }, "reindex broadcast could not be sent; other replicas keep their index until told again");
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      pub.disconnect();
      sub.disconnect();
    },
  };
}
