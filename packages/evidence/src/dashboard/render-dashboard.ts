import type { DailyPoint, KpiFigures, KpiReport } from '@opsguard/core';
import { duration, num, pct } from './format.js';
import { esc } from './html-escape.js';
import { lineChart, stackedBars } from './svg-charts.js';

export interface DashboardAnomaly {
  readonly rule: string;
  readonly subject: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly message: string;
}

export interface DashboardInput {
  readonly title: string;
  readonly generatedAt: Date;
  readonly timeZone: string;
  readonly report: KpiReport;
  readonly daily: readonly DailyPoint[];
  readonly anomalies: readonly DashboardAnomaly[];
  /** The safety controls panel; absent when the run did not read them. */
  readonly safety?: DashboardSafety;
}

/** What the brake and the guard did: shown first, so a pause cannot be missed. */
export interface DashboardSafety {
  readonly switches: readonly { readonly scope: string; readonly target: string; readonly reason: string | null }[];
  /** The guard's refusals in the window, by reason (kill_switch, rate_limited, circuit_open, …). */
  readonly refusalsByReason: Readonly<Record<string, number>>;
  /** Targets whose circuit refused calls. */
  readonly openCircuits: readonly string[];
  /** What the kill switch stopped in the window. */
  readonly stopped: { readonly workflows: number; readonly runs: number; readonly failed: number };
  readonly alarms: readonly { readonly severity: string; readonly message: string }[];
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
header{background:#0f172a;color:#f8fafc;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#cbd5e1}
main{padding:16px 24px;max-width:1200px}section{margin:0 0 24px}h2{font-size:16px;margin:0 0 8px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:12px}.card b{display:block;font-size:22px}.card span{color:#475569;font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:12px}
.chart{background:#fff;border:1px solid #e2e8f0;border-radius:8px;width:100%;height:auto}
.chart-title{font-weight:600;font-size:13px;fill:#0f172a}.axis{font-size:10px;fill:#64748b}.legend{font-size:10px;fill:#334155}.grid{stroke:#e2e8f0}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e2e8f0}th,td{padding:6px 10px;border-bottom:1px solid #e2e8f0;text-align:right}
th:first-child,td:first-child{text-align:left}table.text th,table.text td{text-align:left}th{background:#f1f5f9;font-weight:600}
.sev-critical{color:#b91c1c;font-weight:600}.sev-warning{color:#b45309;font-weight:600}.sev-info{color:#1d4ed8}
.ok{color:#15803d}`;

function card(label: string, value: string): string {
  return `<div class="card"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
}

function cards(f: KpiFigures, days: number): string {
  return [
    card(`success rate by run (${days}d)`, pct(f.successRateByRun)),
    card(`success rate by attempt (${days}d)`, pct(f.successRateByAttempt)),
    card('p95 duration', duration(f.durationMs.p95)),
    card('p95 queue time', duration(f.queueMs.p95)),
    card('MTTR (default branch)', duration(f.mttrMs)),
    card('auto-recovery rate', pct(f.autoRecoveryRate)),
    card('mean retries per run', num(f.meanRetryCount)),
    card('runs / attempts', `${f.runs} / ${f.attempts}`),
  ].join('');
}

function workflowTable(byWorkflow: Readonly<Record<string, KpiFigures>>): string {
  const rows = Object.entries(byWorkflow).map(
    ([name, f]) =>
      `<tr><td>${esc(name)}</td><td>${f.runs}</td><td>${pct(f.successRateByRun)}</td><td>${pct(f.successRateByAttempt)}</td><td>${duration(f.durationMs.p50)}</td><td>${duration(f.durationMs.p95)}</td><td>${duration(f.queueMs.p95)}</td><td>${num(f.meanRetryCount)}</td><td>${duration(f.mttrMs)}</td></tr>`,
  );
  return `<table><thead><tr><th>workflow</th><th>runs</th><th>success (run)</th><th>success (attempt)</th><th>p50</th><th>p95</th><th>queue p95</th><th>retries/run</th><th>MTTR</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function anomalyTable(anomalies: readonly DashboardAnomaly[]): string {
  if (anomalies.length === 0) return '<p class="ok">No anomaly detected.</p>';
  const rows = anomalies.map(
    (a) =>
      `<tr><td class="sev-${a.severity}">${esc(a.severity)}</td><td>${esc(a.rule)}</td><td>${esc(a.subject)}</td><td>${esc(a.message)}</td></tr>`,
  );
  return `<table class="text"><thead><tr><th>severity</th><th>rule</th><th>subject</th><th>what</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function safetyPanel(s: DashboardSafety): string {
  const paused =
    s.switches.length > 0
      ? `<p class="sev-critical"><b>AUTOMATION IS PAUSED</b>: ${s.switches
          .map((k) => esc(`${k.scope}${k.scope === 'global' ? '' : ` ${k.target}`}${k.reason ? ` (${k.reason})` : ''}`))
          .join('; ')}</p>`
      : '<p class="ok">No kill switch is on.</p>';
  const refusals = Object.entries(s.refusalsByReason);
  const rows = [
    `<tr><td>refusals by reason</td><td>${refusals.length === 0 ? 'none' : refusals.map(([r, n]) => `${esc(r)}: ${n}`).join(', ')}</td></tr>`,
    `<tr><td>open circuits</td><td>${s.openCircuits.length === 0 ? 'none' : s.openCircuits.map(esc).join(', ')}</td></tr>`,
    `<tr><td>what the brake stopped</td><td>${s.stopped.workflows} workflow(s) disabled, ${s.stopped.runs} run(s) cancelled${s.stopped.failed > 0 ? `, ${s.stopped.failed} step(s) failed` : ''}</td></tr>`,
    ...s.alarms.map((a) => `<tr><td class="sev-${esc(a.severity)}">alarm</td><td>${esc(a.message)}</td></tr>`),
  ];
  return `${paused}<table class="text"><tbody>${rows.join('')}</tbody></table>`;
}

/** A self-contained page: inline CSS and SVG, no script, no network. */
export function renderDashboard(input: DashboardInput): string {
  const week = input.report.windows.find((w) => w.days === 7) ?? input.report.windows[0];
  const labels = input.daily.map((d) => d.date);
  const charts = [
    lineChart(
      input.daily.map((d) => ({ label: d.date, value: d.successRateByAttempt })),
      { title: 'Success rate by attempt', format: (v) => `${Math.round(v * 100)}%`, max: 1 },
    ),
    lineChart(
      input.daily.map((d) => ({ label: d.date, value: d.durationP95Ms })),
      { title: 'p95 duration', format: (v) => duration(v) },
    ),
    lineChart(
      input.daily.map((d) => ({ label: d.date, value: d.queueP95Ms })),
      { title: 'p95 queue time', format: (v) => duration(v) },
    ),
    stackedBars(
      input.daily.map((d) => ({ label: d.date, parts: { 're-run attempts': d.retries } })),
      { title: 'Re-run attempts', format: (v) => v.toFixed(0) },
    ),
    stackedBars(
      input.daily.map((d) => ({ label: d.date, parts: d.failuresByCause })),
      { title: 'Failures by cause', format: (v) => v.toFixed(0) },
    ),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>OpsGuard — ${esc(input.title)}</title><style>${STYLE}</style></head>
<body><header><h1>OpsGuard ops health — ${esc(input.title)}</h1><p>Generated ${esc(input.generatedAt.toISOString())} · days in ${esc(input.timeZone)} · ${esc(labels[0] ?? '')} → ${esc(labels[labels.length - 1] ?? '')}</p></header>
<main>
${input.safety ? `<section><h2>Safety controls</h2>${safetyPanel(input.safety)}</section>` : ''}
<section><h2>Last ${week?.days ?? 7} days</h2><div class="cards">${week ? cards(week.overall, week.days) : ''}</div></section>
<section><h2>Anomalies</h2>${anomalyTable(input.anomalies)}</section>
<section><h2>7-day trends</h2><div class="charts">${charts.join('')}</div></section>
<section><h2>Per workflow (${week?.days ?? 7} days)</h2>${week ? workflowTable(week.byWorkflow) : ''}</section>
</main></body></html>
`;
}
