// Server-rendered inline SVG charts for the console (no script, no library). Built with the html``
// template, so every label from the database is escaped. Text is ≥14 px at the chart's natural width
// and colours are the Okabe–Ito palette (tells apart for colour-blind readers, dark enough on white);
// each chart carries <title>/<desc>, and pages put the same numbers in a table next to it.
import { html, type SafeHtml } from "./html.js";

/** Okabe–Ito, without its yellow (too light on white). */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#7f3c8d"] as const;

const WIDTH = 960;
const FONT_PX = 15;
const SMALL_PX = 14;
const TITLE_PX = 18;
const AXIS = "#333";
const GRID = "#d0d0d0";
const FONT = "'WenQuanYi Micro Hei','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif";
/** At most this many labels under the x axis; the others are skipped so they never overlap. */
const MAX_X_LABELS = 12;
const Y_TICKS = 4;
/** Rough text widths at FONT_PX, for legend layout: a CJK character is square, Latin about half. */
const WIDE_CHAR_PX = FONT_PX;
const NARROW_CHAR_PX = FONT_PX * 0.6;
const textWidth = (s: string) => [...s].reduce((w, c) => w + (/[\u2e80-\uffff]/u.test(c) ? WIDE_CHAR_PX : NARROW_CHAR_PX), 0);

export const colorOf = (i: number): string => PALETTE[i % PALETTE.length];

/** The smallest "round" number (1, 2, 5 × 10^k) at or above v, so axis ticks are readable. */
export function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function frame(id: string, title: string, desc: string, height: number, body: SafeHtml): SafeHtml {
  return html`<svg id="${id}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}" font-size="${FONT_PX}" fill="#1a1a1a">
<title id="${id}-t">${title}</title><desc id="${id}-d">${desc}</desc>
<text x="0" y="${TITLE_PX + 2}" font-size="${TITLE_PX}" font-weight="bold">${title}</text>
${body}
</svg>`;
}

/** Legend rows under the title; returns the markup and the height it takes. */
function legend(names: readonly string[], top: number, dashes?: readonly string[]): { markup: SafeHtml; height: number } {
  const rowH = FONT_PX + 10;
  let x = 0;
  let y = top;
  const items = names.map((name, i) => {
    const w = 28 + textWidth(name) + 24;
    if (x > 0 && x + w > WIDTH) {
      x = 0;
      y += rowH;
    }
    const swatch = dashes
      ? html`<line x1="${x}" y1="${y + 8}" x2="${x + 22}" y2="${y + 8}" stroke="${colorOf(i)}" stroke-width="4" stroke-dasharray="${dashes[i % dashes.length]}"/>`
      : html`<rect x="${x}" y="${y}" width="16" height="16" fill="${colorOf(i)}"/>`;
    const item = html`${swatch}<text x="${x + 28}" y="${y + 14}">${name}</text>`;
    x += w;
    return item;
  });
  return { markup: html`${items}`, height: names.length ? y - top + rowH : 0 };
}

interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

function yAxis(p: Plot, max: number, label: (v: number) => string): SafeHtml {
  const ticks = Array.from({ length: Y_TICKS + 1 }, (_, i) => (max * i) / Y_TICKS);
  return html`${ticks.map((t) => {
    const y = p.top + p.height - (t / max) * p.height;
    return html`<line x1="${p.left}" y1="${y}" x2="${p.left + p.width}" y2="${y}" stroke="${GRID}"/><text x="${p.left - 8}" y="${y + 5}" text-anchor="end" font-size="${SMALL_PX}">${label(t)}</text>`;
  })}<line x1="${p.left}" y1="${p.top + p.height}" x2="${p.left + p.width}" y2="${p.top + p.height}" stroke="${AXIS}" stroke-width="1.5"/>`;
}

function xLabels(p: Plot, labels: readonly string[], slot: number): SafeHtml {
  const every = Math.max(1, Math.ceil(labels.length / MAX_X_LABELS));
  return html`${labels.map((l, i) =>
    i % every === 0 || i === labels.length - 1
      ? html`<text x="${(p.left + slot * (i + 0.5)).toFixed(1)}" y="${p.top + p.height + 22}" text-anchor="middle" font-size="${SMALL_PX}">${l}</text>`
      : null,
  )}`;
}

export interface Series {
  name: string;
  values: readonly number[];
}

/** Vertical bars per label (a day), each stacked from its series (channels). */
export function stackedBarChart(o: { id: string; title: string; desc: string; labels: readonly string[]; series: readonly Series[] }): SafeHtml {
  const lg = legend(o.series.map((s) => s.name), TITLE_PX + 16);
  const p: Plot = { left: 56, top: TITLE_PX + 24 + lg.height, width: WIDTH - 70, height: 260 };
  const totals = o.labels.map((_, i) => o.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceCeil(Math.max(0, ...totals));
  const slot = o.labels.length ? p.width / o.labels.length : p.width;
  const barW = Math.max(2, slot * 0.7);
  const bars = o.labels.map((label, i) => {
    let base = p.top + p.height;
    const x = p.left + slot * i + (slot - barW) / 2;
    return o.series.map((s, si) => {
      const v = s.values[i] ?? 0;
      if (!v) return null;
      const h = (v / max) * p.height;
      base -= h;
      return html`<rect x="${x.toFixed(1)}" y="${base.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${colorOf(si)}" stroke="#fff" stroke-width="0.5" data-label="${label}" data-series="${s.name}" data-value="${v}"><title>${label} ${s.name}：${v}</title></rect>`;
    });
  });
  const height = p.top + p.height + 34;
  return frame(o.id, o.title, o.desc, height, html`${lg.markup}${yAxis(p, max, fmt)}${bars}${xLabels(p, o.labels, slot)}`);
}

/** Horizontal bars, one row per item, value written at the end of the bar. */
export function horizontalBarChart(o: { id: string; title: string; desc: string; bars: readonly { label: string; value: number }[] }): SafeHtml {
  const rowH = 30;
  const labelW = 300;
  const valueW = 70;
  const top = TITLE_PX + 20;
  const barMax = WIDTH - labelW - valueW;
  const max = Math.max(1, ...o.bars.map((b) => b.value));
  const rows = o.bars.map((b, i) => {
    const y = top + i * rowH;
    const w = (b.value / max) * barMax;
    return html`<text x="${labelW - 10}" y="${y + 20}" text-anchor="end">${b.label}</text><rect x="${labelW}" y="${y + 5}" width="${Math.max(1, w).toFixed(1)}" height="${rowH - 10}" fill="${PALETTE[0]}" data-label="${b.label}" data-value="${b.value}"><title>${b.label}：${b.value}</title></rect><text x="${(labelW + w + 8).toFixed(1)}" y="${y + 20}">${b.value}</text>`;
  });
  const body = o.bars.length ? html`${rows}` : html`<text x="0" y="${top + 20}">（没有数据）</text>`;
  return frame(o.id, o.title, o.desc, top + Math.max(1, o.bars.length) * rowH + 10, body);
}

export interface LineSeries {
  name: string;
  /** null: no point that day (nothing to take a rate of). */
  values: readonly (number | null)[];
}

/** Dashes per line, so lines differ by more than colour. */
const DASHES = ["", "8,5", "2,4"] as const;

/** Lines over labels with a fixed y maximum (rates: 1). */
export function lineChart(o: { id: string; title: string; desc: string; labels: readonly string[]; series: readonly LineSeries[]; max: number; format: (v: number) => string }): SafeHtml {
  const lg = legend(o.series.map((s) => s.name), TITLE_PX + 16, DASHES);
  const p: Plot = { left: 64, top: TITLE_PX + 24 + lg.height, width: WIDTH - 80, height: 220 };
  const slot = o.labels.length ? p.width / o.labels.length : p.width;
  const at = (i: number, v: number) => ({ x: p.left + slot * (i + 0.5), y: p.top + p.height - (Math.min(v, o.max) / o.max) * p.height });
  const lines = o.series.map((s, si) => {
    // A day without a value breaks the line into pieces instead of drawing it through zero.
    const pieces: string[] = [];
    let current: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (current.length) pieces.push(current.join(" "));
        current = [];
        return;
      }
      const pt = at(i, v);
      current.push(`${pt.x.toFixed(1)},${pt.y.toFixed(1)}`);
    });
    if (current.length) pieces.push(current.join(" "));
    const dots = s.values.map((v, i) => {
      if (v === null) return null;
      const pt = at(i, v);
      return html`<circle cx="${pt.x.toFixed(1)}" cy="${pt.y.toFixed(1)}" r="4" fill="${colorOf(si)}" data-label="${o.labels[i]}" data-series="${s.name}" data-value="${v}"><title>${o.labels[i]} ${s.name}：${o.format(v)}</title></circle>`;
    });
    return html`${pieces.map((pts) => html`<polyline points="${pts}" fill="none" stroke="${colorOf(si)}" stroke-width="3" stroke-dasharray="${DASHES[si % DASHES.length]}"/>`)}${dots}`;
  });
  const height = p.top + p.height + 34;
  return frame(o.id, o.title, o.desc, height, html`${lg.markup}${yAxis(p, o.max, o.format)}${lines}${xLabels(p, o.labels, slot)}`);
}

/** The numbers behind a chart, collapsed under it (screen readers, copying into a report). */
export function dataTable(summary: string, head: readonly string[], rows: readonly (readonly (string | number)[])[]): SafeHtml {
  return html`<details><summary>${summary}</summary>
<table class="grid"><thead><tr>${head.map((h, i) => html`<th scope="col"${i ? html` class="num"` : null}>${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (i ? html`<td class="num">${c}</td>` : html`<th scope="row">${c}</th>`))}</tr>`)}</tbody></table>
</details>`;
}
