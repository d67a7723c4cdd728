// Escaping for text and attribute values in the generated report (answers are untrusted text).
const MAP: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, (ch) => MAP[ch]);
