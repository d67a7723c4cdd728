// The plain-text tables printed at the end of a run (and for --compare), aligned for CJK-wide characters.
import type { Comparison } from "./compare.js";
import { CASE_KINDS } from "./dataset.js";
import { fmtDelta, fmtMetric, fmtRate, metricRows } from "./format.js";
import type { EvalReport } from "./report.js";

/** Display width: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - displayWidth(s)));

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i])).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  ").trimEnd(), ...rows.map(line)].join("\n");
}

export function summaryTables(report: EvalReport): string {
  const s = report.summary;
  const kinds = table(
    ["kind", "pass rate", "passed"],
    CASE_KINDS.filter((k) => s.byKind[k]).map((k) => [k, fmtRate(s.byKind[k]!.rate), `${s.byKind[k]!.passed}/${s.byKind[k]!.cases}`]),
  );
  const metrics = table(
    ["metric", "value", "basis"],
    metricRows(s).map((m) => [m.name, m.value, m.basis]),
  );
  const extra = [s.unlabeled ? `${s.unlabeled} unlabeled case(s) not scored.` : "", s.errors ? `${s.errors} case(s) failed with an error.` : ""]
    .filter(Boolean)
    .join(" ");
  return `${kinds}\n\n${metrics}${extra ? `\n\n${extra}` : ""}`;
}

export function comparisonTable(cmp: Comparison): string {
  const deltas = table(
    ["metric", "before", "after", "delta", ""],
    cmp.deltas.map((d) => [d.metric, fmtMetric(d.metric, d.before), fmtMetric(d.metric, d.after), fmtDelta(d.metric, d.delta), d.regressed ? "REGRESSED" : ""]),
  );
  const flips = cmp.flips.length
    ? cmp.flips.map((f) => `  ${f.to === "fail" ? "✗" : "✓"} ${f.id} (${f.kind}): ${f.from} → ${f.to}`).join("\n")
    : "  (none)";
  const verdict = cmp.regressed
    ? `REGRESSION: a metric dropped by more than the tolerance ${fmtRate(cmp.tolerance)}.`
    : `OK: no metric dropped by more than the tolerance ${fmtRate(cmp.tolerance)}.`;
  return `${deltas}\n\nFlipped cases (${cmp.flips.length}):\n${flips}\nAdded cases: ${cmp.added.length}, removed: ${cmp.removed.length}\n\n${verdict}`;
}
