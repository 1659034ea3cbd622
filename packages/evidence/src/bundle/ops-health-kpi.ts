import type { KpiFigures, KpiReport } from '@opsguard/core';
import { duration, num, pct } from '../dashboard/format.js';

export interface KpiTargets {
  readonly successRate: number;
  readonly p95DurationMinutes: number;
  readonly p95QueueMinutes: number;
  readonly mttrHours: number;
  readonly autoRecoveryRate: number;
}

const mark = (ok: boolean | null) => (ok === null ? '–' : ok ? '✅ met' : '❌ missed');

function rows(f: KpiFigures, t: KpiTargets): string[] {
  const atMost = (v: number | null, limit: number) => (v === null ? null : v <= limit);
  const atLeast = (v: number | null, limit: number) => (v === null ? null : v >= limit);
  return [
    `| success rate by run | ${pct(f.successRateByRun)} | ≥ ${pct(t.successRate)} | ${mark(atLeast(f.successRateByRun, t.successRate))} | final attempt of each run |`,
    `| success rate by attempt | ${pct(f.successRateByAttempt)} | – | – | every attempt counted: the gap to the run rate is what re-runs hide |`,
    `| p95 duration | ${duration(f.durationMs.p95)} | ≤ ${t.p95DurationMinutes} min | ${mark(atMost(f.durationMs.p95, t.p95DurationMinutes * 60_000))} | p50 ${duration(f.durationMs.p50)}, mean ${duration(f.durationMs.mean)} |`,
    `| p95 queue time | ${duration(f.queueMs.p95)} | ≤ ${t.p95QueueMinutes} min | ${mark(atMost(f.queueMs.p95, t.p95QueueMinutes * 60_000))} | job created → started; p50 ${duration(f.queueMs.p50)} |`,
    `| MTTR (default branch) | ${duration(f.mttrMs)} | ≤ ${t.mttrHours} h | ${mark(atMost(f.mttrMs, t.mttrHours * 3_600_000))} | ${f.incidents} incident(s) resolved |`,
    `| auto-recovery rate | ${pct(f.autoRecoveryRate)} | ≥ ${pct(t.autoRecoveryRate)} | ${mark(atLeast(f.autoRecoveryRate, t.autoRecoveryRate))} | ${f.autoReruns} run(s) re-run by OpsGuard |`,
    `| mean retries per run | ${num(f.meanRetryCount)} | – | – | ${f.runs} runs, ${f.attempts} attempts |`,
  ];
}

/** OPS_HEALTH_KPI.md: the numbers of KPI.json explained against the targets in config. */
export function renderOpsHealthKpi(repo: string, report: KpiReport, targets: KpiTargets): string {
  const lines = [
    `# Ops health KPIs — ${repo}`,
    '',
    `Generated ${report.generatedAt}. Definitions: docs/kpi.md. Targets: config/detection-rules.json.`,
    '',
  ];
  for (const w of report.windows) {
    lines.push(
      `## Last ${w.days} day${w.days === 1 ? '' : 's'}`,
      '',
      '| KPI | value | target | status | note |',
      '|---|---|---|---|---|',
      ...rows(w.overall, targets),
      '',
    );
    const causes = Object.entries(w.overall.failuresByCause);
    if (causes.length > 0) lines.push(`Failures by cause: ${causes.map(([c, n]) => `${c} ${n}`).join(', ')}.`, '');
  }
  return lines.join('\n');
}
