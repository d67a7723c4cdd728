// Several questions in one message ("这个方案是谁发的？什么时候开始执行？", "专题15管什么 专题16又管什么"):
// each question clause becomes a part of its own, answered in turn. Statements before the first question are
// its context; a tag question ("可以吗", "是吗") and statements after a question belong to that question.
import { splitClauses, type Clause } from "./clauses.js";

const TAG = /^(那|那么|请问)?(可以|能|行|对|是|好|有|要)?(吗|么|不|呢|吧|嘛)?[？?]*$/;
const CJK = /[\u3400-\u9fff]/g;

function isTag(c: Clause): boolean {
  const stripped = c.text.replace(/[？?！!。.~\s]/g, "");
  return TAG.test(stripped) || (stripped.match(CJK)?.length ?? 0) <= 2;
}

/** The message's questions, each with its own context; one part when the message asks one thing. */
export function splitQuestions(text: string): string[] {
  const clauses = splitClauses(text);
  const parts: string[][] = [];
  let context: string[] = [];
  for (const c of clauses) {
    if (c.interrogative && !isTag(c)) {
      parts.push([...context, c.text]);
      context = [];
    } else if (parts.length > 0) parts[parts.length - 1].push(c.text);
    else context.push(c.text);
  }
  if (parts.length <= 1) return [text];
  if (context.length) parts[parts.length - 1].push(...context);
  return parts.map((p) => p.join("，"));
}
