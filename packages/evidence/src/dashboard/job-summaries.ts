import {
  markdownCell,
  type Anomaly,
  type AuditTicket,
  type DailyPoint,
  type Guarantee,
  type KpiReport,
} from '@opsguard/core';
import { duration, pct } from './format.js';

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line chart that renders anywhere Markdown does (job summaries allow no scripts or SVG files). */
export function sparkline(values: readonly (number | null)[]): string {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return '';
  const min = Math.min(...present);
  const span = Math.max(...present) - min || 1;
  return values.map((v) => (v === null ? ' ' : BARS[Math.round(((v - min) / span) * (BARS.length - 1))])).join('');
}

/** The KPI job summary: the 7-day key numbers, a trend line per figure, the workflows. */
export function kpiJobSummary(kpi: KpiReport, daily: readonly DailyPoint[], dashboardPath: string | null): string {
  const week = kpi.windows.find((w) => w.days === 7) ?? kpi.windows[0];
  if (!week) return '### OpsGuard KPIs\n\nNo runs in the window.';
  const k = week.overall;
  const lines = [
    `### OpsGuard KPIs — last ${week.days} days`,
    '',
    '| | value | trend (daily) |',
    '|---|---|---|',
    `| Success rate (by run / by attempt) | ${pct(k.successRateByRun)} / ${pct(k.successRateByAttempt)} | \`${sparkline(daily.map((d) => d.successRateByAttempt))}\` |`,
    `| Duration p50 / p95 | ${duration(k.durationMs.p50)} / ${duration(k.durationMs.p95)} | \`${sparkline(daily.map((d) => d.durationP95Ms))}\` |`,
    `| Queue time p50 / p95 | ${duration(k.queueMs.p50)} / ${duration(k.queueMs.p95)} | \`${sparkline(daily.map((d) => d.queueP95Ms))}\` |`,
    `| Re-runs (mean per run) | ${k.meanRetryCount === null ? '–' : k.meanRetryCount.toFixed(2)} | \`${sparkline(daily.map((d) => d.retries))}\` |`,
    `| MTTR on the default branch | ${duration(k.mttrMs)} (${k.incidents} incidents) | |`,
    `| Auto-recovery | ${pct(k.autoRecoveryRate)} of ${k.autoReruns} OpsGuard re-runs | |`,
    '',
    '| workflow | runs | success | p95 duration | failures by cause |',
    '|---|---|---|---|---|',
    ...Object.entries(week.byWorkflow).map(
      ([name, w]) =>
        `| ${markdownCell(name)} | ${w.runs} | ${pct(w.successRateByRun)} | ${duration(w.durationMs.p95)} | ${markdownCell(
          Object.entries(w.failuresByCause)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ') || '–',
        )} |`,
    ),
  ];
  if (dashboardPath) lines.push('', `The dashboard is \`${dashboardPath}\` in the evidence bundle.`);
  return lines.join('\n');
}

export function anomalyJobSummary(anomalies: readonly Anomaly[]): string {
  if (anomalies.length === 0) return '### OpsGuard detection\n\nNo anomalies.';
  return [
    `### OpsGuard detection: ${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'}`,
    '',
    '| severity | rule | subject | value | baseline | |',
    '|---|---|---|---|---|---|',
    ...anomalies.map(
      (a) =>
        `| ${a.severity} | ${a.rule} | ${markdownCell(a.subject)} | ${a.value} | ${a.baseline ?? '–'} | ${markdownCell(a.message)} |`,
    ),
  ].join('\n');
}

const STATUS_LABEL = { holds: 'holds', partly: 'partly', 'needs-store': 'needs a store' } as const;

/** Which of the guard's guarantees hold for this job, and how (store-less mode says what is missing). */
export function guaranteesSummary(guarantees: readonly Guarantee[]): string {
  return [
    '#### Guarantees of this job',
    '',
    '| guarantee | holds? | how |',
    '|---|---|---|',
    ...guarantees.map((g) => `| ${markdownCell(g.name)} | ${STATUS_LABEL[g.status]} | ${markdownCell(g.how)} |`),
  ].join('\n');
}

/** What the step could not do, or was refused: empty when nothing went wrong. */
export function problemsSummary(problems: readonly string[]): string {
  if (problems.length === 0) return '';
  return ['#### Problems (the step fails)', '', ...problems.map((p) => `- ${markdownCell(p)}`)].join('\n');
}
const RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** The audit action's job summary: the day's tickets, riskiest first, with their rule and issue. */
export function ticketJobSummary(tickets: readonly AuditTicket[], bundlePath: string | null): string {
  if (tickets.length === 0) return '### OpsGuard audit tickets\n\nNo failure in the window: no ticket.';
  const by = (level: AuditTicket['risk']['level']) => tickets.filter((t) => t.risk.level === level).length;
  const sorted = [...tickets].sort(
    (a, b) => RANK[a.risk.level] - RANK[b.risk.level] || b.occurrences - a.occurrences || (a.id < b.id ? -1 : 1),
  );
  return [
    `### OpsGuard audit tickets: ${tickets.length} (${by('critical')} critical, ${by('high')} high, ${by('medium')} medium, ${by('low')} low)`,
    '',
    '| ticket | risk | rule | cluster | HTTP | occurrences | issue |',
    '|---|---|---|---|---|---|---|',
    ...sorted
      .slice(0, 50)
      .map(
        (t) =>
          `| ${t.id} | ${t.risk.level} | ${t.risk.rule} | ${markdownCell(t.title)} | ${t.classification.http?.class ?? '–'} | ${t.occurrences} | ${t.issue ? `[#${t.issue.number}](${t.issue.url})` : '–'} |`,
      ),
    ...(sorted.length > 50 ? ['', `…and ${sorted.length - 50} more in audit_tickets/.`] : []),
    ...(bundlePath ? ['', `Tickets are in \`${bundlePath}/audit_tickets/\` (JSON and Markdown).`] : []),
  ].join('\n');
}
