import type { KpiFigures, KpiReport } from '@opsguard/core';
import { DocBuilder, docNumber, type DocNumber, type GeneratedDocument } from '../docs/doc-builder.js';

export interface KpiTargets {
  readonly successRate: number;
  readonly p95DurationMinutes: number;
  readonly p95QueueMinutes: number;
  readonly mttrHours: number;
  readonly autoRecoveryRate: number;
}

const mark = (ok: boolean | null) => (ok === null ? '–' : ok ? '✅ met' : '❌ missed');
const plain = (value: number, pointer: string): DocNumber =>
  docNumber(value, pointer, Number.isInteger(value) ? 'int' : 'num');

const DEFINITIONS = [
  '| KPI | definition |',
  '|---|---|',
  '| success rate by run | runs whose final attempt succeeded / runs whose final attempt finished |',
  '| success rate by attempt | successful attempts / finished attempts (every re-run counts) |',
  '| p95 duration | 95th percentile (nearest rank) of finished attempts, `run_started_at` → `updated_at` |',
  '| p95 queue time | 95th percentile of each attempt’s longest job wait, job `created_at` → `started_at` |',
  '| MTTR | default branch, per workflow: first failed attempt → next successful attempt, mean over resolved incidents |',
  '| auto-recovery rate | runs OpsGuard re-ran whose final attempt succeeded / runs OpsGuard re-ran |',
  '| mean retries per run | mean of (attempts − 1) per run |',
];

/** What to look at when a target is missed (the same for every repository; the numbers say where). */
const IMPROVE: Readonly<Record<string, string>> = {
  'success rate by run':
    'look at the open audit tickets (audit_tickets/) and "Failures by cause" above: deterministic causes need a fix, not a re-run.',
  'p95 duration':
    'compare the slowest workflows on the dashboard; cache dependencies, split long jobs, and check for hangs (job_timeout tickets).',
  'p95 queue time': 'runners are short: add runners or larger runner groups, or lower concurrency of busy workflows.',
  MTTR: 'failures on the default branch stay red too long: route the critical tickets to an owner and keep the notification channel watched.',
  'auto-recovery rate':
    're-runs are not fixing transient failures: check the retry policy (config/retry-policy.json) for causes marked transient that are not.',
};

function rows(b: DocBuilder, f: KpiFigures, t: KpiTargets, w: string, missed: string[]): void {
  const atMost = (v: number | null, limit: number) => (v === null ? null : v <= limit);
  const atLeast = (v: number | null, limit: number) => (v === null ? null : v >= limit);
  const row = (name: string, ok: boolean | null) => {
    if (ok === false) missed.push(name);
    return mark(ok);
  };
  const p = `${w}/overall`;
  b.line`| success rate by run | ${docNumber(f.successRateByRun, `${p}/successRateByRun`, 'pct')} | ≥ ${docNumber(t.successRate, '/targets/successRate', 'pct')} | ${row('success rate by run', atLeast(f.successRateByRun, t.successRate))} | final attempt of each run |`;
  b.line`| success rate by attempt | ${docNumber(f.successRateByAttempt, `${p}/successRateByAttempt`, 'pct')} | – | – | every attempt counted: the gap to the run rate is what re-runs hide |`;
  b.line`| p95 duration | ${docNumber(f.durationMs.p95, `${p}/durationMs/p95`, 'duration')} | ≤ ${plain(t.p95DurationMinutes, '/targets/p95DurationMinutes')} min | ${row('p95 duration', atMost(f.durationMs.p95, t.p95DurationMinutes * 60_000))} | p50 ${docNumber(f.durationMs.p50, `${p}/durationMs/p50`, 'duration')}, mean ${docNumber(f.durationMs.mean, `${p}/durationMs/mean`, 'duration')} |`;
  b.line`| p95 queue time | ${docNumber(f.queueMs.p95, `${p}/queueMs/p95`, 'duration')} | ≤ ${plain(t.p95QueueMinutes, '/targets/p95QueueMinutes')} min | ${row('p95 queue time', atMost(f.queueMs.p95, t.p95QueueMinutes * 60_000))} | job created → started; p50 ${docNumber(f.queueMs.p50, `${p}/queueMs/p50`, 'duration')} |`;
  b.line`| MTTR (default branch) | ${docNumber(f.mttrMs, `${p}/mttrMs`, 'duration')} | ≤ ${plain(t.mttrHours, '/targets/mttrHours')} h | ${row('MTTR', atMost(f.mttrMs, t.mttrHours * 3_600_000))} | ${docNumber(f.incidents, `${p}/incidents`)} incident(s) resolved |`;
  b.line`| auto-recovery rate | ${docNumber(f.autoRecoveryRate, `${p}/autoRecoveryRate`, 'pct')} | ≥ ${docNumber(t.autoRecoveryRate, '/targets/autoRecoveryRate', 'pct')} | ${row('auto-recovery rate', atLeast(f.autoRecoveryRate, t.autoRecoveryRate))} | ${docNumber(f.autoReruns, `${p}/autoReruns`)} run(s) re-run by OpsGuard |`;
  b.line`| mean retries per run | ${docNumber(f.meanRetryCount, `${p}/meanRetryCount`, 'num')} | – | – | ${docNumber(f.runs, `${p}/runs`)} runs, ${docNumber(f.attempts, `${p}/attempts`)} attempts |`;
}

/**
 * OPS_HEALTH_KPI.md, generated from KPI.json: the definitions, the targets from config, the
 * period's values against them and what to improve where a target is missed. Every number is
 * registered against its place in KPI.json.
 */
export function renderOpsHealthKpi(repo: string, report: KpiReport, targets: KpiTargets): GeneratedDocument {
  const b = new DocBuilder();
  b.text(
    `# Ops health KPIs — ${repo}`,
    '',
    `Generated ${report.generatedAt} from [KPI.json](KPI.json); never hand-edited. Targets: \`config/detection-rules.json\` (\`targets\`); definitions in full: docs/kpi.md.`,
    '',
    '## Definitions',
    '',
    ...DEFINITIONS,
    '',
    '## Targets',
    '',
  );
  b.line`- success rate by run ≥ ${docNumber(targets.successRate, '/targets/successRate', 'pct')}; auto-recovery rate ≥ ${docNumber(targets.autoRecoveryRate, '/targets/autoRecoveryRate', 'pct')}`;
  b.line`- p95 duration ≤ ${plain(targets.p95DurationMinutes, '/targets/p95DurationMinutes')} min; p95 queue time ≤ ${plain(targets.p95QueueMinutes, '/targets/p95QueueMinutes')} min; MTTR ≤ ${plain(targets.mttrHours, '/targets/mttrHours')} h`;
  b.text('');
  report.windows.forEach((w, i) => {
    const missed: string[] = [];
    b.text(
      `## Last ${w.days} day${w.days === 1 ? '' : 's'}`,
      '',
      '| KPI | value | target | status | note |',
      '|---|---|---|---|---|',
    );
    rows(b, w.overall, targets, `/windows/${i}`, missed);
    b.text('');
    const causes = Object.entries(w.overall.failuresByCause);
    if (causes.length > 0) {
      const items: (string | DocNumber)[] = ['Failures by cause: '];
      causes.forEach(([c, n], j) =>
        items.push(
          j === 0 ? '' : ', ',
          `${c} `,
          docNumber(n, `/windows/${i}/overall/failuresByCause/${c.replaceAll('~', '~0').replaceAll('/', '~1')}`),
        ),
      );
      b.join([...items, '.']).text('');
    }
    if (missed.length > 0) {
      b.text('What to improve:', '', ...missed.map((m) => `- **${m}**: ${IMPROVE[m] ?? 'see the dashboard.'}`), '');
    }
  });
  return b.build('OPS_HEALTH_KPI.md', 'KPI.json');
}
