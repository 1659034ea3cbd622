import { esc } from './html-escape.js';

export interface SeriesPoint {
  readonly label: string;
  readonly value: number | null;
}

export interface ChartOptions {
  readonly title: string;
  readonly format: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
  /** Fixed axis maximum (1 for rates); otherwise the data's maximum. */
  readonly max?: number;
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
const PAD = { top: 28, right: 12, bottom: 26, left: 52 };

function frame(o: ChartOptions, body: string, max: number, labels: readonly string[], top: number = PAD.top): string {
  const w = o.width ?? 460;
  const h = o.height ?? 200;
  const plotH = h - top - PAD.bottom;
  const plotW = w - PAD.left - PAD.right;
  const grid = [0, 0.5, 1]
    .map((f) => {
      const y = top + plotH * (1 - f);
      return `<line x1="${PAD.left}" x2="${w - PAD.right}" y1="${y}" y2="${y}" class="grid"/><text x="${PAD.left - 6}" y="${y + 4}" class="axis" text-anchor="end">${esc(o.format(max * f))}</text>`;
    })
    .join('');
  const step = labels.length > 0 ? plotW / labels.length : plotW;
  const ticks = labels
    .map(
      (l, i) =>
        `<text x="${PAD.left + step * (i + 0.5)}" y="${h - 8}" class="axis" text-anchor="middle">${esc(l.slice(5))}</text>`,
    )
    .join('');
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(o.title)}" class="chart"><title>${esc(o.title)}</title><text x="${PAD.left}" y="16" class="chart-title">${esc(o.title)}</text>${grid}${ticks}${body}</svg>`;
}

/** The next 1-2-4-6-8 step above `v`: even, so the half-way label is round too. */
function niceCeil(v: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 4, 6, 8, 10].find((m) => m * magnitude >= v) ?? 10;
  return step * magnitude;
}

function scale(o: ChartOptions, values: readonly (number | null)[]): number {
  const dataMax = Math.max(0, ...values.filter((v): v is number => v !== null));
  return o.max ?? (dataMax > 0 ? niceCeil(dataMax * 1.05) : 2);
}

/** A line with dots; days without data leave a gap rather than a fake zero. */
export function lineChart(points: readonly SeriesPoint[], o: ChartOptions): string {
  const w = o.width ?? 460;
  const h = o.height ?? 200;
  const max = scale(
    o,
    points.map((p) => p.value),
  );
  const step = (w - PAD.left - PAD.right) / Math.max(1, points.length);
  const plotH = h - PAD.top - PAD.bottom;
  const xy = points.map((p, i) =>
    p.value === null ? null : { x: PAD.left + step * (i + 0.5), y: PAD.top + plotH * (1 - p.value / max), p },
  );
  let path = '';
  let pen = false;
  for (const pt of xy) {
    if (!pt) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${pt.x.toFixed(1)},${pt.y.toFixed(1)}`;
    pen = true;
  }
  const dots = xy
    .map((pt) =>
      pt
        ? `<circle cx="${pt.x.toFixed(1)}" cy="${pt.y.toFixed(1)}" r="3" fill="${PALETTE[0]}"><title>${esc(pt.p.label)}: ${esc(o.format(pt.p.value ?? 0))}</title></circle>`
        : '',
    )
    .join('');
  return frame(
    o,
    `<path d="${path}" fill="none" stroke="${PALETTE[0]}" stroke-width="2"/>${dots}`,
    max,
    points.map((p) => p.label),
  );
}

export interface StackedColumn {
  readonly label: string;
  readonly parts: Readonly<Record<string, number>>;
}

/** Legend entries laid out in rows under the title (≈6 px per character at 10 px). */
function legendRows(keys: readonly string[], width: number): string[][] {
  const rows: string[][] = [[]];
  let used = 0;
  for (const key of keys) {
    const need = 18 + key.length * 6;
    if (used + need > width && (rows[rows.length - 1]?.length ?? 0) > 0) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1]?.push(key);
    used += need;
  }
  return rows;
}

/** Stacked columns with a legend (failures by cause per day; one colour per cause). */
export function stackedBars(columns: readonly StackedColumn[], o: ChartOptions): string {
  const w = o.width ?? 460;
  const keys = [...new Set(columns.flatMap((c) => Object.keys(c.parts)))].sort();
  const rows = legendRows(keys, w - PAD.left - PAD.right);
  const top = PAD.top + rows.length * 14;
  const h = (o.height ?? 200) + rows.length * 14;
  const totals = columns.map((c) => Object.values(c.parts).reduce((a, b) => a + b, 0));
  const max = scale(o, totals);
  const step = (w - PAD.left - PAD.right) / Math.max(1, columns.length);
  const plotH = h - top - PAD.bottom;
  const bars = columns
    .map((c, i) => {
      let y = top + plotH;
      return keys
        .map((k, ki) => {
          const v = c.parts[k] ?? 0;
          if (v === 0) return '';
          const bh = (plotH * v) / max;
          y -= bh;
          return `<rect x="${(PAD.left + step * i + step * 0.2).toFixed(1)}" y="${y.toFixed(1)}" width="${(step * 0.6).toFixed(1)}" height="${bh.toFixed(1)}" fill="${PALETTE[ki % PALETTE.length]}"><title>${esc(c.label)} ${esc(k)}: ${v}</title></rect>`;
        })
        .join('');
    })
    .join('');
  const colour = (k: string) => PALETTE[keys.indexOf(k) % PALETTE.length];
  const legend = rows
    .map(
      (row, r) =>
        `<text x="${PAD.left}" y="${30 + r * 14}" class="legend">${row.map((k) => `<tspan fill="${colour(k)}">■</tspan> ${esc(k)}`).join('   ')}</text>`,
    )
    .join('');
  return frame(
    { ...o, height: h },
    `${bars}${legend}`,
    max,
    columns.map((c) => c.label),
    top,
  );
}
