// Turns downvoted answers into unlabeled eval cases for staff to label.
// Input: JSONL, one feedback record a line: {"question", "answer", "rating": "up"|"down", "comment"?, "topics"?}
// (topics = the 专题 ids the assistant suggested). Output: dataset lines
// {"id":"fb-<hash>","kind":"topic","q","needs_label":true,"note"} — `note` keeps the comment and what the
// assistant answered; staff set `kind` and the labels, remove `needs_label`, and move the line to the dataset.
import { createHash } from "node:crypto";
import { DatasetError, type DatasetIssue } from "./dataset.js";

export interface FeedbackCase {
  id: string;
  kind: "topic";
  q: string;
  needs_label: true;
  note?: string;
}

export function feedbackToCases(text: string, file: string): FeedbackCase[] {
  const issues: DatasetIssue[] = [];
  const out = new Map<string, FeedbackCase>();
  text.split(/\r?\n/).forEach((lineText, i) => {
    const line = i + 1;
    if (lineText.trim() === "") return;
    let o: Record<string, unknown>;
    try {
      const raw: unknown = JSON.parse(lineText);
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error("not a JSON object");
      o = raw as Record<string, unknown>;
    } catch (e) {
      issues.push({ file, line, message: `invalid JSON: ${(e as Error).message}` });
      return;
    }
    if (typeof o.question !== "string" || o.question.trim() === "") issues.push({ file, line, message: `"question" must be a non-empty string` });
    if (o.rating !== "up" && o.rating !== "down") issues.push({ file, line, message: `"rating" must be "up" or "down"` });
    if (o.comment !== undefined && typeof o.comment !== "string") issues.push({ file, line, message: `"comment" must be a string` });
    if (o.topics !== undefined && !(Array.isArray(o.topics) && o.topics.every((t) => Number.isInteger(t)))) {
      issues.push({ file, line, message: `"topics" must be an array of 专题 ids` });
    }
    if (o.rating !== "down" || typeof o.question !== "string" || o.question.trim() === "") return;
    const q = o.question.trim();
    // Same question downvoted twice → one case; the id is stable across runs so re-imports do not duplicate.
    const key = q.replace(/\s+/g, "");
    const id = `fb-${createHash("sha256").update(key).digest("hex").slice(0, 10)}`;
    const noteParts = [
      typeof o.comment === "string" && o.comment.trim() ? `comment: ${o.comment.trim()}` : "",
      Array.isArray(o.topics) && o.topics.length ? `assistant suggested 专题 ${o.topics.join(",")}` : "",
      typeof o.answer === "string" && o.answer.trim() ? `answer: ${o.answer.trim().replace(/\s+/g, " ").slice(0, 200)}` : "",
    ].filter(Boolean);
    const prev = out.get(id);
    const note = [prev?.note, noteParts.join(" | ")].filter(Boolean).join(" || ");
    out.set(id, { id, kind: "topic", q, needs_label: true, ...(note && { note }) });
  });
  if (issues.length > 0) throw new DatasetError(issues);
  return [...out.values()];
}

export const toJsonl = (cases: readonly object[]): string => cases.map((c) => JSON.stringify(c)).join("\n") + (cases.length ? "\n" : "");
