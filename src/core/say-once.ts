// "方案未规定，以年度申报指南为准" at most once per answer. A card's own sentence ("补助标准：方案未规定，以年度申报指南
// 为准") says what is not stated and keeps its words; the generic note then adds nothing and is dropped, and any later
// mention keeps only the short form. Both phrases are the staff-edited templates not_stated / not_stated_short.
import type { Templates } from "./templates.js";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Cards may write the comma half-width.
const pattern = (phrase: string) => new RegExp(escape(phrase).replace(/[，,]/g, "[，,]\\s*"), "g");

export function sayNotStatedOnce(answer: string, templates: Templates): string {
  const phrase = templates.not_stated;
  const note = templates.note;
  if (!phrase) return answer;
  const re = pattern(phrase);
  const count = () => answer.match(re)?.length ?? 0;
  if (count() <= 1) return answer;
  if (note) {
    const paragraphs = answer.split(/\n{2,}/);
    const kept = paragraphs.filter((p) => p.trim() !== note.trim());
    if (kept.length < paragraphs.length && kept.some((p) => re.test(p))) answer = kept.join("\n\n");
    re.lastIndex = 0;
  }
  if (count() <= 1) return answer;
  let seen = 0;
  return answer.replace(re, (m) => (seen++ === 0 ? m : (templates.not_stated_short ?? m)));
}
