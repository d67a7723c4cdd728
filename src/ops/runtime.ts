// The server's operational layer around the wiring point: the database (SQLite in DATA_DIR, or PostgreSQL
// with DATABASE_URL), the session store on it, message logging with messageIds, feedback, stats, live reindex (admin API and file signal) and
// retention (expired sessions, old messages and feedback, at start and periodically). With REDIS_URL a
// successful reindex is broadcast to the other replicas, which reindex too. `npm start` builds one; close()
// releases everything.
import path from "node:path";
import type { Config } from "../config.js";
import type { Assistant, Logger } from "../core/types.js";
import { makeAssistant } from "../wiring.js";
import { closeDb } from "./db.js";
import { openStateDb } from "./sql/open-state-db.js";
import type { SqlDb } from "./sql/sql-db.js";
import { FeedbackStore } from "./feedback-store.js";
import { hashId } from "./hash.js";
import { withMessageLog } from "./logged-assistant.js";
import { MessageLog } from "./message-log.js";
import { ReindexService } from "./reindex.js";
import { watchReindexSignal } from "./reindex-signal.js";
import { startReindexBroadcast, type ReindexBroadcast } from "./scale/reindex-broadcast.js";
import { Retention } from "./retention.js";
import { SqlSessionStore } from "./sql-session-store.js";
import { DurableSessionStore } from "./durable-session-store.js";
import { withAnswerCache, type AnswerCacheStats } from "./answer-cache.js";
import { CorpusHealth, loadCorpusOrLastGood, type CorpusStatus } from "./corpus-health.js";
import { StorageHealth, type StorageStatus } from "./storage-health.js";
import { computeStats, type Stats } from "./stats.js";
import { SwappableAssistant } from "./swappable-assistant.js";
import { AuditLog } from "./staff/audit-log.js";
import { recoverInterruptedPublishes } from "./console/publish.js";
import { StaffStore } from "./staff/staff-store.js";
import type { WiredAssistant } from "../wiring.js";
import type { PipelineParts } from "./reindex.js";

export interface HealthChecks {
  storage: StorageStatus;
  corpus: CorpusStatus;
  [part: string]: { ok: boolean };
}

/** What the web routes (feedback, admin) use. */
export interface OpsServices {
  feedback: FeedbackStore;
  reindex: ReindexService;
  stats(days: number): Promise<Stats & { answerCache: AnswerCacheStats }>;
  /** Salted hash of an IP or external user id. */
  hashId(value: string): string;
  /** Parts /healthz reports: storage (the database takes writes), corpus (the files on disk load). */
  checks(): HealthChecks;
  recordStorageFailure(op: "feedback", err: unknown): void;
  /** The staff console's services (accounts, audit log, the database, the serving pipeline). */
  console: ConsoleServices;
}

export interface ConsoleServices {
  db: SqlDb;
  staff: StaffStore;
  audit: AuditLog;
  /** Writes queued message rows now, so a page shows the latest answers. */
  flushMessages(): Promise<void>;
  /** The pipeline serving now (unlogged: evals and replays run on it without adding message rows). */
  serving(): WiredAssistant;
  /**
   * Builds a pipeline over given parts (evals, drafts, replays). `llm: false` leaves the LLM out even when
   * one is configured: a replay that only explains how the rules read a question needs no model call.
   */
  build(parts: PipelineParts, opts?: { llm?: boolean }): Promise<WiredAssistant>;
  /** Puts a pipeline into service (rollback); returns the one it replaced. */
  swap(next: WiredAssistant): WiredAssistant;
}

export interface OpsRuntime {
  /** The assistant every channel uses: swappable pipeline, SQLite sessions, logged answers. */
  assistant: Assistant;
  swappable: SwappableAssistant;
  ops: OpsServices;
  db: SqlDb;
  close(): Promise<void>;
}

export async function startOps(config: Config, { logger }: { logger?: Logger } = {}): Promise<OpsRuntime> {
  if (config.HASH_SALT === "change-me-in-production") {
    logger?.warn({}, "HASH_SALT is the default value; set a secret one so hashed ids cannot be reversed");
  }
  // PostgreSQL when replicas share state; otherwise the embedded SQLite file (raw is then the file's handle).
  const { db, raw } = await openStateDb(config, logger);
  try {
    const storage = new StorageHealth(logger);
    const sessions = new DurableSessionStore(new SqlSessionStore(db), storage, {
      memoryMax: config.SESSION_MEMORY_MAX,
      writeThrough: db.dialect === "postgres",
    });
    const retention = new Retention(db, {
      messageDays: config.MESSAGE_RETENTION_DAYS,
      feedbackDays: config.FEEDBACK_RETENTION_DAYS,
      batchRows: config.RETENTION_BATCH_ROWS,
    });
    const applyRetention = async () => {
      const r = await retention.run();
      if (!db.open) return; // closed during the pass
      // The in-memory session tier is not in the database; this also takes rows that expired meanwhile.
      const sessionsPurged = r.sessions + (await sessions.purge());
      if (sessionsPurged || r.messages || r.feedback || r.pagesFreed) {
        logger?.info({ ...r, sessions: sessionsPurged }, "retention: expired rows deleted");
      }
    };
    await applyRetention();

    const audit = new AuditLog(db);
    // A console publish cut short by a restart may have left its unchecked draft in CORPUS_DIR: put the files from
    // before it back now, before anything reads the corpus (so the index below is never built with the draft).
    await recoverInterruptedPublishes({ config, record: (u, a, d) => audit.record(u, a, d), logger });

    const corpusHealth = new CorpusHealth();
    const corpus = await loadCorpusOrLastGood(config, corpusHealth, logger);
    const wired = await makeAssistant(config, { logger, sessions, corpus });
    const swappable = new SwappableAssistant(wired, sessions);
    const messages = new MessageLog(db, (err) => (err === undefined ? storage.succeeded() : storage.failed("message", err)));
    const feedback = new FeedbackStore(db, () => messages.flush());
    const staff = new StaffStore(db, { idleMs: config.CONSOLE_SESSION_IDLE_S * 1000, maxMs: config.CONSOLE_SESSION_MAX_S * 1000 });
    let broadcast: ReindexBroadcast | undefined;
    let runningForBroadcast = false;
    const reindex = new ReindexService({
      config,
      target: swappable,
      build: (parts) => makeAssistant(config, { logger, ...parts }),
      regression: {
        file: path.resolve(config.ROOT_DIR, config.REINDEX_EVAL_FILE),
        perKind: config.REINDEX_REGRESSION_PER_KIND,
        tolerance: config.EVAL_TOLERANCE,
      },
      logger,
      onOutcome: (outcome) => {
        corpusHealth.follow(outcome);
        // A run started by another replica's broadcast is not broadcast again (no ping-pong).
        if (outcome.ok && broadcast && !runningForBroadcast) void broadcast.publish(outcome.info);
      },
    });

    const purgeTimer = setInterval(() => {
      applyRetention().catch((err: unknown) => logger?.error({ err: String(err) }, "retention failed"));
    }, config.SESSION_PURGE_INTERVAL_S * 1000);
    purgeTimer.unref();

    // `npm run ingest` rewrites the signal file; another replica's broadcast (REDIS_URL) says the same. The run
    // waits for a reindex or a console publish (an exclusive section: its files must not be read half-way) to
    // finish instead of being refused, so a signal during either still reindexes afterwards; signals while one
    // waits are one run (broadcast to the others when any of them was local).
    let queued = false;
    let queuedLocal = false;
    const onSignal = (source: "ingest" | "broadcast") => {
      if (source === "ingest") queuedLocal = true;
      if (queued) return;
      queued = true;
      const what = () => (runningForBroadcast ? "another replica's reindex" : "ingest signal");
      reindex
        .exclusive(async (run) => {
          queued = false; // a signal from here on is for files written after this run started reading
          runningForBroadcast = !queuedLocal;
          queuedLocal = false;
          try {
            // Another replica's reindex: with a shared INDEX_DIR its published index is loaded, not rebuilt.
            const r = await run({ adopt: runningForBroadcast });
            if (r.ok) logger?.info({ chunks: r.info.chunks, adopted: r.adopted ?? false }, `reindex after ${what()}: new index serving`);
            else logger?.error({ stage: r.stage, errors: r.errors.slice(0, 20) }, `reindex after ${what()} failed; old index keeps serving`);
            return r;
          } finally {
            runningForBroadcast = false;
          }
        })
        .catch((err: unknown) => logger?.error({ err: String(err) }, "reindex after a signal failed"));
    };
    const stopWatching = watchReindexSignal(config.DATA_DIR, () => onSignal("ingest"), config.RELOAD_POLL_MS);
    if (config.REDIS_URL) {
      try {
        broadcast = await startReindexBroadcast({
          url: config.REDIS_URL,
          logger,
          served: () => swappable.indexInfo(),
          catchUpMs: config.REDIS_CATCHUP_S * 1000,
          onRemote: (msg) => {
            if (msg.corpusHash === swappable.indexInfo().corpusHash) return; // serving it already
            logger?.info({ corpusHash: msg.corpusHash, origin: msg.origin }, "reindex broadcast received");
            onSignal("broadcast");
          },
        });
      } catch (err) {
        stopWatching();
        throw err;
      }
    }

    // Off with an LLM: its answers vary, and a grounded fallback from a failed LLM call must not be pinned.
    const cached = withAnswerCache(swappable, config.LLM_BASE_URL ? 0 : config.ANSWER_CACHE_MAX);
    const topicNames = () => new Map(swappable.topics().map((t) => [t.id, t.name]));
    let closed = false;
    return {
      assistant: withMessageLog(cached, messages),
      swappable,
      db,
      ops: {
        feedback,
        reindex,
        stats: async (days) => {
          await messages.flush();
          return { ...(await computeStats(db, { days, topicNames: topicNames() })), answerCache: cached.cacheStats() };
        },
        hashId: (v) => hashId(config.HASH_SALT, v),
        checks: () => ({ storage: storage.status(), corpus: corpusHealth.status() }),
        recordStorageFailure: (op, err) => storage.failed(op, err),
        console: {
          db,
          staff,
          audit,
          flushMessages: () => messages.flush(),
          serving: () => swappable.current(),
          build: (parts, opts) => makeAssistant(opts?.llm === false ? { ...config, LLM_BASE_URL: undefined } : config, { logger, ...parts }),
          swap: (next) => swappable.swap(next), // the answer cache drops entries of another index by itself
        },
      },
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(purgeTimer);
        await retention.idle();
        stopWatching();
        await broadcast?.close(); // no more runs started by other replicas
        await reindex.idle();
        await messages.flush();
        if (!raw) {
          await sessions.flush().catch((err: unknown) => logger?.error({ err: String(err) }, "writing sessions at shutdown failed"));
          await db.close();
          return;
        }
        try {
          // One transaction: thousands of one-question sessions are written in one go. A full disk makes
          // SQLite roll it back by itself, so nothing counts as written unless the COMMIT happens.
          raw.exec("BEGIN");
          let kept = await sessions.flush();
          if (raw.inTransaction) raw.exec("COMMIT");
          else kept = 0;
          if (kept) logger?.info({ sessions: kept }, "one-question conversations written to the database");
        } catch (err) {
          if (raw.inTransaction) raw.exec("ROLLBACK");
          logger?.error({ err: String(err) }, "writing one-question conversations at shutdown failed");
        } finally {
          closeDb(raw);
        }
      },
    };
  } catch (err) {
    if (raw) raw.close();
    else await db.close();
    throw err;
  }
}
