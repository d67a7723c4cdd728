// Reindex broadcast between replicas: after a successful reindex a replica publishes
// {corpusHash, builtAt, origin} on a Redis channel; every other replica subscribed runs its own reindex of
// its CORPUS_DIR (the runtime's coalescing signal path) and swaps it in atomically, as after `npm run ingest`.
// A replica ignores its own messages and one for the corpus it already serves. Pub/sub is fire-and-forget, so
// the last message is also kept under a key: a replica catches up by itself on what it missed — when its
// subscription is made again after Redis was away, and every REDIS_CATCHUP_S — if that message is for an index
// newer than the one it serves. A publish that fails while Redis is away is sent when Redis is back.
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Logger } from "../../core/types.js";
import { openRedis, REDIS_PREFIX } from "./redis.js";

export const REINDEX_CHANNEL = `${REDIS_PREFIX}reindex`;
/** The last message sent, for replicas that were not listening then. */
export const REINDEX_LATEST_KEY = `${REDIS_PREFIX}reindex:latest`;

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
  /** The index this replica serves: a kept message for a newer index is one it missed. Without it, no catch-up. */
  served?: () => { corpusHash: string; builtAt: string };
  /** How often to look at the kept message besides on reconnects (0: only on reconnects). */
  catchUpMs?: number;
  latestKey?: string;
}

// KEYS[1] the kept message; ARGV: message, its builtAt, channel. Returns the receivers, or -1 when not sent.
const SEND = `
local kept = redis.call('GET', KEYS[1])
if kept then
  local ok, m = pcall(cjson.decode, kept)
  if ok and type(m) == 'table' and type(m.builtAt) == 'string' and m.builtAt > ARGV[2] then return -1 end
end
redis.call('SET', KEYS[1], ARGV[1])
return redis.call('PUBLISH', ARGV[3], ARGV[1])`;

/** Whether a kept message is one this replica missed: another replica's, for a newer index than it serves. */
export function missed(latest: ReindexMessage, served: { corpusHash: string; builtAt: string }, replicaId: string): boolean {
  return latest.origin !== replicaId && latest.corpusHash !== served.corpusHash && latest.builtAt > served.builtAt;
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
  const latestKey = opts.latestKey ?? REINDEX_LATEST_KEY;
  // The message last handed on (live or caught up), so a reindex still running for it is not asked for twice.
  const identity = (msg: ReindexMessage) => `${msg.origin}|${msg.builtAt}|${msg.corpusHash}`;
  let handed = "";
  const handOn = (msg: ReindexMessage) => {
    handed = identity(msg);
    onRemote(msg);
  };
  sub.on("message", (ch: string, raw: string) => {
    if (ch !== channel) return;
    const msg = parseReindexMessage(raw);
    if (!msg) {
      logger?.warn({ channel }, "reindex broadcast: ignored a malformed message");
      return;
    }
    if (msg.origin === replicaId) return;
    handOn(msg);
  });
  let closed = false;
  const check = async () => {
    if (closed || !opts.served || pub.status !== "ready") return;
    let latest: ReindexMessage | undefined;
    try {
      const raw = await pub.get(latestKey);
      latest = raw ? parseReindexMessage(raw) : undefined;
    } catch {
      return; // Redis away again: the next reconnect or check tries again
    }
    if (!latest || closed || identity(latest) === handed) return;
    if (!missed(latest, opts.served(), replicaId)) return;
    logger?.info({ corpusHash: latest.corpusHash, origin: latest.origin }, "reindex broadcast: catching up on one missed while Redis was away");
    handOn(latest);
  };
  // One check at a time (two at once could both hand the same message on); one asked for meanwhile runs after.
  let checking: Promise<void> | undefined;
  let again = false;
  const catchUp = (): void => {
    if (checking) {
      again = true;
      return;
    }
    checking = check().finally(() => {
      checking = undefined;
      if (again) {
        again = false;
        catchUp();
      }
    });
  };
  // Once the subscription is (re)made — ioredis's `ready` comes when the resubscribe is written, not yet
  // confirmed, so subscribe again and look when its reply is in (a repeated SUBSCRIBE changes nothing).
  sub.on("ready", () => {
    sub.subscribe(channel).then(catchUp, () => undefined);
  });
  // A publish refused while Redis was away, sent once it is back (only the last one counts).
  let unsent: ReindexMessage | undefined;
  const send = async (msg: ReindexMessage): Promise<boolean> => {
    try {
      const json = JSON.stringify(msg);
      // Kept and published in one script, unless the kept message is newer (this one waited out an outage
      // while another replica reindexed): then it is old news and not sent.
      const receivers = Number(await pub.eval(SEND, 1, latestKey, json, msg.builtAt, channel));
      if (receivers < 0) logger?.info({ corpusHash: msg.corpusHash }, "reindex broadcast not sent: a newer index was published meanwhile");
      else logger?.info({ corpusHash: msg.corpusHash, receivers: Math.max(0, receivers - 1) }, "reindex broadcast sent");
      return true;
    } catch (err) {
      logger?.warn({ err: String(err) }, "reindex broadcast could not be sent; it is sent when Redis is back");
      return false;
    }
  };
  pub.on("ready", () => {
    catchUp();
    const pending = unsent;
    if (!pending || closed) return;
    unsent = undefined;
    void send(pending).then((ok) => {
      if (!ok && !unsent) unsent = pending;
    });
  });
  const timer = opts.catchUpMs ? setInterval(catchUp, opts.catchUpMs) : undefined;
  timer?.unref();
  const subscribed = sub.subscribe(channel).catch((err: unknown) => {
    logger?.warn({ err: String(err) }, "reindex broadcast: subscribe failed");
  });
  const readyMs = opts.readyMs ?? 2000;
  await Promise.race([subscribed, new Promise((r) => setTimeout(r, readyMs).unref())]);
  return {
    replicaId,
    async publish(info) {
      if (closed) return;
      const msg: ReindexMessage = { corpusHash: info.corpusHash, builtAt: info.builtAt, origin: replicaId };
      unsent = undefined; // a newer index replaces one not yet told
      if (!(await send(msg)) && !closed) unsent = msg;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      pub.disconnect();
      sub.disconnect();
    },
  };
}
