// Inline SVG charts for the self-contained HTML report (no library, no CDN). Every mark carries data-*
// attributes with its numbers so the report can be checked by a parser, not only by eye.
import { esc } from "./html-escape.js";
import type { HistogramBin } from "./metrics.js";

const FONT = `font-family="'WenQuanYi Micro Hei','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif"`;

/** Green when good, amber when so-so, red when poor; grey when not applicable. */
export function rateColor(v: number | null): string {
  if (v === null) return "#9e9e9e";
  if (v >= 0.95) return "#2e7d32";
  if (v >= 0.8) return "#f9a825";
  return "#c62828";
}

export interface Bar {
  label: string;
  value: number | null; // 0..1
  note: string; // e.g. "17/18"
}

/** Horizontal bars of rates in 0..1, one row per item. */
export function barChart(id: string, title: string, bars: readonly Bar[]): string {
  const labelW = 170;
  const barW = 420;
  const rowH = 24;
  const top = 30;
  const width = labelW + barW + 110;
  const height = top + bars.length * rowH + 26;
  const rows = bars
    .map((b, i) => {
      const y = top + i * rowH;
      const w = b.value === null ? 0 : Math.max(1, b.value * barW);
      const pct = b.value === null ? "n/a" : `${(b.value * 100).toFixed(1)}%`;
      return (
        `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" font-size="13">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${barW}" height="${rowH - 8}" fill="#eeeeee"/>` +
        `<rect class="bar" data-label="${esc(b.label)}" data-value="${b.value ?? ""}" x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${rateColor(b.value)}"><title>${esc(`${b.label}: ${pct} (${b.note})`)}</title></rect>` +
        `<text x="${labelW + barW + 8}" y="${y + 16}" font-size="12">${esc(`${pct}  ${b.note}`)}</text>`
      );
    })
    .join("");
  // The 95% line is labelled above the bars so its label does not collide with 100%.
  const axis = [0, 0.5, 0.8, 0.95, 1]
    .map((t) => {
      const x = labelW + t * barW;
      const y = t === 0.95 ? top - 3 : top + bars.length * rowH + 16;
      return `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + bars.length * rowH}" stroke="#bdbdbd" stroke-dasharray="2,3"/><text x="${x}" y="${y}" text-anchor="middle" font-size="11" fill="#616161">${t * 100}%</text>`;
    })
    .join("");
  return `<svg id="${esc(id)}" class="chart" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}><text x="0" y="18" font-size="15" font-weight="bold">${esc(title)}</text>${axis}${rows}</svg>`;
}

/** Confusion matrix as a heatmap; `labels[i]` names row/column i. Diagonal = correct. */
export function heatmap(id: string, title: string, labels: readonly string[], matrix: readonly (readonly number[])[]): string {
  const cell = 26;
  const left = 70;
  const top = 70;
  const n = labels.length;
  const width = left + n * cell + 20;
  const height = top + n * cell + 20;
  const max = Math.max(1, ...matrix.flat());
  const cells = matrix
    .flatMap((row, r) =>
      row.map((count, c) => {
        const x = left + c * cell;
        const y = top + r * cell;
        // Mistakes (off the diagonal) start darker so a single one is easy to spot.
        const alpha = count === 0 ? 0 : (r === c ? 0.15 : 0.45) + (r === c ? 0.85 : 0.55) * (count / max);
        const fill = count === 0 ? "#fafafa" : r === c ? `rgba(46,125,50,${alpha.toFixed(2)})` : `rgba(198,40,40,${alpha.toFixed(2)})`;
        const text = count > 0 ? `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="11" fill="${alpha > 0.6 ? "#fff" : "#212121"}">${count}</text>` : "";
        return `<rect class="cell" data-row="${esc(labels[r])}" data-col="${esc(labels[c])}" data-count="${count}" x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="${fill}"><title>${esc(`预期 ${labels[r]} → 预测 ${labels[c]}: ${count}`)}</title></rect>${text}`;
      }),
    )
    .join("");
  const colLabels = labels.map((l, i) => `<text x="${left + i * cell + cell / 2}" y="${top - 6}" text-anchor="middle" font-size="11">${esc(l)}</text>`).join("");
  const rowLabels = labels.map((l, i) => `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="11">${esc(l)}</text>`).join("");
  return `<svg id="${esc(id)}" class="chart" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}><text x="0" y="18" font-size="15" font-weight="bold">${esc(title)}</text><text x="${left}" y="${top - 26}" font-size="12" fill="#616161">预测 top-1 专题 →</text><text x="4" y="${top - 6}" font-size="12" fill="#616161">预期 ↓</text>${colLabels}${rowLabels}${cells}</svg>`;
}

/** Vertical histogram of latency bins (ms). */
export function histogramChart(id: string, title: string, bins: readonly HistogramBin[], marks: { p50: number | null; p95: number | null }): string {
  const left = 50;
  const top = 34;
  const plotW = 600;
  const plotH = 180;
  const width = left + plotW + 30;
  const height = top + plotH + 44;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const maxMs = bins.length ? bins[bins.length - 1].to : 1;
  const bw = bins.length ? plotW / bins.length : plotW;
  const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
  const bars = bins
    .map((b, i) => {
      const h = (b.count / maxCount) * plotH;
      const x = left + i * bw;
      return `<rect class="bin" data-from="${b.from}" data-to="${b.to}" data-count="${b.count}" x="${(x + 1).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#1565c0"><title>${esc(`${fmt(b.from)}–${fmt(b.to)} ms: ${b.count}`)}</title></rect>`;
    })
    .join("");
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<text x="${left + t * plotW}" y="${top + plotH + 16}" text-anchor="middle" font-size="11">${fmt(t * maxMs)}</text>`)
    .join("");
  // Labels get a white halo and different heights so they stay readable over bars and each other.
  const mark = (name: string, v: number | null, color: string, dy: number) =>
    v === null || maxMs <= 0
      ? ""
      : `<line x1="${left + (v / maxMs) * plotW}" y1="${top}" x2="${left + (v / maxMs) * plotW}" y2="${top + plotH}" stroke="${color}" stroke-width="2" stroke-dasharray="4,3"/><text x="${left + (v / maxMs) * plotW + 4}" y="${top + dy}" font-size="12" font-weight="bold" fill="${color}" stroke="#fff" stroke-width="3" paint-order="stroke">${name} ${fmt(v)} ms</text>`;
  return `<svg id="${esc(id)}" class="chart" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}><text x="0" y="18" font-size="15" font-weight="bold">${esc(title)}</text><line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#616161"/><text x="4" y="${top + 10}" font-size="11" fill="#616161">${maxCount}</text>${bars}${ticks}<text x="${left + plotW / 2}" y="${top + plotH + 34}" text-anchor="middle" font-size="12" fill="#616161">延迟 (ms)</text>${mark("p50", marks.p50, "#2e7d32", 40)}${mark("p95", marks.p95, "#c62828", 14)}</svg>`;
}
