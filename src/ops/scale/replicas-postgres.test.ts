// Two replicas (ops runtime + web app each, own DATA_DIR) on one real PostgreSQL: whatever one replica
// stores, the other reads — a conversation continued on the other replica, feedback on an answer the other
// gave, a console login made on one used on the other, one audit log — and neither writes assistant.db.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StaffStore } from "../staff/staff-store.js";
import { startOpsServer, TEST_ADMIN_TOKEN, type OpsServer } from "../testing/ops-server.js";
import { startTestPostgres, type TestPostgres } from "../testing/postgres-server.js";

let tmp: string;
let pg: TestPostgres;
let a: OpsServer;
let b: OpsServer;

beforeAll(async () => {
  pg = await startTestPostgres();
  tmp = await mkdtemp(path.join(os.tmpdir(), "kjzs-pg-replicas-"));
  const env = { ADMIN_TOKEN: TEST_ADMIN_TOKEN, DATABASE_URL: pg.url };
  a = await startOpsServer(env, path.join(tmp, "a"));
  b = await startOpsServer(env, path.join(tmp, "b"));
}, 90_000);
afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup();
  await pg?.cleanup();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("two replicas on one PostgreSQL", () => {
  it("continue one conversation across replicas and take feedback on the other replica's answer", async () => {
    const first = await a.app.inject({ method: "POST", url: "/api/ask", payload: { question: "科技金融计划支持什么" } });
    expect(first.statusCode).toBe(200);
    const { sessionId, messageId } = first.json<{ sessionId: string; messageId: string }>();
    // The follow-up reaches B: B knows the conversation (a one-question session is not held in A's memory).
    const follow = await b.app.inject({ method: "POST", url: "/api/ask", payload: { question: "那它支持几年？", sessionId } });
    expect(follow.statusCode).toBe(200);
    expect(follow.json<{ sessionId: string }>().sessionId).toBe(sessionId);
    const fb = await b.app.inject({ method: "POST", url: "/api/feedback", payload: { messageId, rating: "down", comment: "没说年限" } });
    expect(fb.statusCode).toBe(200);
    // Either replica's export shows it: it is in PostgreSQL.
    for (const s of [a, b]) {
      const rows = await s.runtime.ops.feedback.list();
      expect(rows.find((r) => r.messageId === messageId)).toMatchObject({ rating: "down", comment: "没说年限", question: "科技金融计划支持什么" });
    }
    const row = await a.runtime.db.get<{ n: number }>("SELECT count(*) AS n FROM messages WHERE session_id = (SELECT session_id FROM messages WHERE id = ?)",
      [messageId],
    );
    expect(row?.n).toBe(2);
    // B answered with A's history: the stored conversation holds both turns.
    const states = await a.runtime.db.all<{ state: string }>("SELECT state FROM sessions");
    expect(states.map((r) => (JSON.parse(r.state) as { history: unknown[] }).history.length)).toContain(2);
    for (const dir of ["a", "b"]) expect(existsSync(path.join(tmp, dir, "assistant.db"))).toBe(false);
  });

  it("a console login made on A is a session on B; both write one audit log", async () => {
    const staff = new StaffStore(a.runtime.db, { idleMs: 3_600_000, maxMs: 7_200_000 });
    await staff.add({ username: "chief", role: "admin", password: "correct horse battery" });
    const login = await a.app.inject({
      method: "POST",
      url: "/console/login",
      headers: { "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
      payload: "username=chief&password=correct+horse+battery",
    });
    expect(login.statusCode).toBe(303);
    const cookie = String(login.headers["set-cookie"]).split(";")[0];
    const page = await b.app.inject({ method: "GET", url: "/console/audit", headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("登录");
    expect(await b.runtime.ops.console.audit.count()).toBe(1);
  });
});
