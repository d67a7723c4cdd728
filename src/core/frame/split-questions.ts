// Several questions in one message ("这个方案是谁发的？什么时候开始执行？", "专题15管什么 专题16又管什么"):
// each question clause becomes a part of its own, answered in turn. Statements before the first question are
// its context; a tag question ("可以吗", "是吗") and statements after a question belong to that question.
import { isTagQuestion as isTag, splitClauses } from "./clauses.js";

/** The message's questions, each with its own context; one part when the message asks one thing. */
export function splitQuestions(text: string): string[] {
  const clauses = splitClauses(text);
  const parts: string[][] = [];
  let context: string[] = [];
  for (const c of clauses) {
    // "…, and what are they?" points back at the question before it.
    // "…, and what are they?" points back at the question before it; "…，不牵头？" qualifies it.
    const pointsBack = /^(和|并且|以及|而且|那|还有)?[^，,。]{0,3}(它们|他们|它|这些|那些)/.test(c.text) || /^(不是|不|没有|没|并非|而不是|并不是)/.test(c.text);
    if (c.interrogative && !isTag(c) && !(pointsBack && parts.length > 0)) {
      parts.push([...context, c.text]);
      context = [];
    } else if (parts.length > 0) parts[parts.length - 1].push(c.text);
    else context.push(c.text);
  }
  if (parts.length <= 1) return [text];
  if (context.length) parts[parts.length - 1].push(...context);
  return parts.map((p) => p.join("，"));
}
