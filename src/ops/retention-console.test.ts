// Retention and the console's tables: a labelled message (an eval case) outlives its retention, and the
// full-text index follows every delete.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "./db.js";
import { Retention } from "./retention.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);
let dir: string;
let db: Db;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-retention-console-"));
  db = openDb(path.join(dir, "assistant.db"));
});
afterEach(async () => {
  closeDb(db);
  await rm(dir, { recursive: true, force: true });
});

const insert = (id: string, at: number, question: string) =>
  db
    .prepare(
      `INSERT INTO messages (id, created_at, channel, session_id, question, answer, topics, top_topic, refused, latency_ms)
       VALUES (?, ?, 'web', 's', ?, '回答：方案未规定，以年度申报指南为准。', '[]', NULL, 0, 5)`,
    )
    .run(id, at, question);

describe("retention with the console's tables", () => {
  it("keeps a labelled message past its retention, deletes the rest, and the search index follows", async () => {
    insert("old-labelled", NOW - 400 * DAY, "孵化器认定之后有补贴吗");
    insert("old-plain", NOW - 400 * DAY, "孵化器在哪里申报");
    insert("new", NOW - DAY, "孵化器有什么支持");
    db.prepare("INSERT INTO feedback_labels (message_id, kind, topics, verdict, refuse, note, username, at) VALUES (?, 'topic', '[17]', NULL, 0, NULL, 'editor1', ?)").run(
      "old-labelled",
      NOW,
    );
    const r = await new Retention(db, { messageDays: 180, feedbackDays: 730, batchRows: 1 }).run(NOW);
    expect(r.messages).toBe(1);
    const ids = db.prepare<[], { id: string }>("SELECT id FROM messages ORDER BY id").all().map((x) => x.id);
    expect(ids).toEqual(["new", "old-labelled"]);
    expect(db.prepare("SELECT count(*) AS n FROM feedback_labels").get()).toEqual({ n: 1 });
    const found = db
      .prepare<[string], { id: string }>("SELECT m.id FROM messages_fts f JOIN messages m ON m.rowid = f.rowid WHERE messages_fts MATCH ? ORDER BY m.id")
      .all('"孵化器"')
      .map((x) => x.id);
    expect(found).toEqual(["new", "old-labelled"]);
    // FTS5's own consistency check of an external-content table against its content.
    expect(() => db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
    db.prepare("UPDATE messages SET question = '众创空间有什么支持' WHERE id = 'new'").run();
    expect(db.prepare("SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH ?").get('"众创空间"')).toEqual({ n: 1 });
    expect(() => db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
  });
});
