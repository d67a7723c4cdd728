// The scaled-out setup end to end: PostgreSQL, Redis, two replicas (each its own DATA_DIR, one shared copy
// of the corpus and one shared INDEX_DIR) listening on ports, and nginx running deploy/nginx/kjzs.conf in front of them. A bounded
// load goes through nginx while one replica is killed mid-run: only requests in flight on the killed
// replica may fail; every rating either replica acknowledged is in PostgreSQL; a reindex on one replica is
// served by both within 2 s — built once: the other replica loads the published index, and so does a
// replica started afterwards.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../config.js";
import { startTestNginx, type TestNginx } from "../testing/nginx-server.js";
import { startOpsServer, TEST_ADMIN_TOKEN, type OpsServer } from "../testing/ops-server.js";
import { startTestPostgres, type TestPostgres } from "../testing/postgres-server.js";
import { startTestRedis, type TestRedis } from "../testing/redis-server.js";

const QUESTIONS = ["科技金融计划支持什么", "高校老师能申报基础研究吗", "众创空间有补贴吗", "成果转化怎么支持", "外资企业可以申报吗", "区里的人才补贴"];
const CONCURRENCY = 6;
const REQUESTS = 240;
const KILL_AFTER = 80;

let tmp: string;
let pg: TestPostgres;
let redis: TestRedis;
const replicas: OpsServer[] = [];
let ports: number[] = [];
let nginx: TestNginx;
let env: Record<string, string>;

beforeAll(async () => {
  [pg, redis] = await Promise.all([startTestPostgres(), startTestRedis()]);
  tmp = await mkdtemp(path.join(os.tmpdir(), "kjzs-scaled-"));
  const corpusDir = path.join(tmp, "corpus");
  await cp(path.join(ROOT_DIR, "corpus"), corpusDir, { recursive: true });
  env = { ADMIN_TOKEN: TEST_ADMIN_TOKEN, CORPUS_DIR: corpusDir, INDEX_DIR: path.join(tmp, "index"), DATABASE_URL: pg.url, REDIS_URL: redis.url, TRUST_PROXY: "true" };
  // One after the other: the first applies the migrations and builds the index, the second loads it.
  for (const name of ["a", "b"]) replicas.push(await startOpsServer(env, path.join(tmp, name)));
  for (const r of replicas) await r.app.listen({ port: 0, host: "127.0.0.1" });
  ports = replicas.map((r) => (r.app.server.address() as AddressInfo).port);
  nginx = await startTestNginx({ upstreams: ports });
}, 120_000);
afterAll(async () => {
  await nginx?.cleanup();
  for (const r of replicas) await r.cleanup().catch(() => undefined);
  await redis?.cleanup();
  await pg?.cleanup();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const indexAt = async (port: number) =>
  ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { index: { corpusHash: string; builtAt: string } }).index;
const hashAt = async (port: number) => (await indexAt(port)).corpusHash;

describe("PostgreSQL + Redis + two replicas behind nginx", () => {
  it("a reindex on one replica is served by both within 2 s", async () => {
    const before = await hashAt(ports[0]);
    expect(await hashAt(ports[1])).toBe(before);
    const card = path.join(tmp, "corpus", "topics/14-keji-jinrong.md");
    await writeFile(card, (await readFile(card, "utf8")) + "\n");
    const res = await fetch(`${nginx.url}/admin/reindex`, { method: "POST", headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const fresh = ((await res.json()) as { info: { corpusHash: string } }).info.corpusHash;
    expect(fresh).not.toBe(before);
    const sent = Date.now();
    const both = async () => (await Promise.all(ports.map(hashAt))).every((h) => h === fresh);
    while (!(await both()) && Date.now() - sent < 2000) await new Promise((r) => setTimeout(r, 25));
    expect(await both()).toBe(true);
    // One build: B serves the very index A built (same build time), not one of its own.
    const [ia, ib] = await Promise.all(ports.map(indexAt));
    expect(ib.builtAt).toBe(ia.builtAt);
    // A replica started now loads the current index from INDEX_DIR instead of building one.
    const late = await startOpsServer(env, path.join(tmp, "c"));
    try {
      expect(late.runtime.swappable.indexInfo()).toMatchObject({ corpusHash: fresh, builtAt: ia.builtAt });
    } finally {
      await late.cleanup();
    }
  }, 60_000);

  it("a replica killed mid-load costs only the requests in flight on it; acknowledged ratings are all in PostgreSQL", async () => {
    let next = 0;
    let done = 0;
    let killedAt = -1;
    const failures: { i: number; status: number }[] = [];
    const rated: string[] = [];
    const unacknowledged: string[] = []; // the rating request failed: it may or may not have been written
    const served = new Set<string>();
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const res = await fetch(`${nginx.url}/api/ask`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i % 200}` },
          body: JSON.stringify({ question: QUESTIONS[i % QUESTIONS.length] }),
        }).catch(() => undefined);
        done++;
        if (!res || res.status !== 200) {
          failures.push({ i, status: res?.status ?? 0 });
          continue;
        }
        const { messageId } = (await res.json()) as { messageId: string };
        served.add(messageId);
        if (i % 4 === 0) {
          const fb = await fetch(`${nginx.url}/api/feedback`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ messageId, rating: i % 8 ? "up" : "down" }),
          }).catch(() => undefined);
          if (fb?.status === 200) rated.push(messageId);
          else unacknowledged.push(messageId);
        }
        if (done >= KILL_AFTER && killedAt < 0) {
          killedAt = i;
          // Killed, not stopped: open connections are cut and the port stops accepting, like a crashed process.
          const victim = replicas[1];
          victim.app.server.closeAllConnections();
          victim.app.server.close();
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    expect(killedAt).toBeGreaterThan(0);
    // At most the requests that were in flight when it died (one per worker), each a 502 from nginx.
    expect(failures.length).toBeLessThanOrEqual(CONCURRENCY);
    for (const f of failures) expect(f.status).toBe(502);
    expect(served.size).toBe(REQUESTS - failures.length);
    const db = replicas[0].runtime.db;
    const stored = await db.all<{ message_id: string }>("SELECT message_id FROM feedback");
    const inDb = new Set(stored.map((r) => r.message_id));
    for (const id of rated) expect(inDb.has(id)).toBe(true);
    for (const id of inDb) expect(rated.includes(id) || unacknowledged.includes(id)).toBe(true);
    expect(unacknowledged.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(rated.length).toBeGreaterThan(REQUESTS / 4 - CONCURRENCY - 1);
    console.log(`scaled-out: ${REQUESTS} asks in ${seconds.toFixed(1)} s through nginx, ${failures.length} failed (in flight on the killed replica), ${rated.length} ratings acknowledged and stored, ${unacknowledged.length} rating requests cut off`);
  }, 120_000);
});
