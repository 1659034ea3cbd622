// KPIs over 1,000,000 run attempts: OpsGuard's one-pass computeKpis against a naive
// implementation (filter per window and workflow, boxed arrays, comparator sorts) in the same run.
import { computeKpis, isFailure, isFinished, type KpiAttempt } from '@opsguard/core';

const N = Number(process.env['BENCH_KPI_RECORDS'] ?? 1_000_000);
const NOW = new Date('2026-11-20T23:59:59Z');
const WORKFLOWS = ['CI', 'Lint', 'E2E', 'Nightly', 'Deploy', 'Release'];
const CONCLUSIONS = ['success', 'success', 'success', 'success', 'success', 'success', 'failure', 'cancelled'];

function makeAttempts(n: number): KpiAttempt[] {
  let seed = 42;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const out: KpiAttempt[] = [];
  for (let i = 0; i < n; i++) {
    const created = NOW.getTime() - Math.floor(rnd() * 30 * 86_400_000);
    const duration = 60_000 + Math.floor(rnd() * 900_000);
    const conclusion = CONCLUSIONS[Math.floor(rnd() * CONCLUSIONS.length)] ?? 'success';
    out.push({
      runId: Math.floor(i * 0.9),
      attempt: i % 10 === 9 ? 2 : 1,
      workflowName: WORKFLOWS[i % WORKFLOWS.length] ?? 'CI',
      branch: i % 3 === 0 ? 'feature' : 'main',
      status: 'completed',
      conclusion,
      createdAt: new Date(created).toISOString(),
      startedAt: new Date(created + 5_000).toISOString(),
      updatedAt: new Date(created + duration).toISOString(),
      durationMs: duration,
      queueMs: Math.floor(rnd() * 60_000),
      cause: conclusion === 'failure' ? 'test_failure' : null,
    });
  }
  return out;
}

/** The straightforward way: one filter per window × workflow, number[] sorts with a comparator. */
function naive(attempts: readonly KpiAttempt[]): unknown {
  const result: Record<string, unknown> = {};
  for (const days of [1, 7, 30]) {
    const from = NOW.getTime() - days * 86_400_000;
    for (const wf of [null, ...WORKFLOWS]) {
      const rows = attempts.filter(
        (a) => new Date(a.createdAt).getTime() >= from && (wf === null || a.workflowName === wf),
      );
      const finished = rows.filter((a) => isFinished(a.status, a.conclusion));
      const durations = finished.map((a) => a.durationMs ?? 0).sort((x, y) => x - y);
      const queues = rows.map((a) => a.queueMs ?? 0).sort((x, y) => x - y);
      const runs = new Map<number, KpiAttempt>();
      for (const a of rows) if ((runs.get(a.runId)?.attempt ?? 0) < a.attempt) runs.set(a.runId, a);
      const causes: Record<string, number> = {};
      for (const a of rows)
        if (isFailure(a.conclusion)) causes[a.cause ?? 'unknown'] = (causes[a.cause ?? 'unknown'] ?? 0) + 1;
      result[`${days}:${wf}`] = {
        byAttempt: finished.filter((a) => a.conclusion === 'success').length / finished.length,
        byRun: [...runs.values()].filter((a) => a.conclusion === 'success').length / runs.size,
        p50: durations[Math.ceil(0.5 * durations.length) - 1],
        p95: durations[Math.ceil(0.95 * durations.length) - 1],
        q95: queues[Math.ceil(0.95 * queues.length) - 1],
        causes,
      };
    }
  }
  return result;
}

function time(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

const attempts = makeAttempts(N);
const input = { attempts, defaultBranch: 'main', opsguardReruns: new Set<string>(), now: NOW, windowsDays: [1, 7, 30] };
time(() => computeKpis({ ...input, attempts: attempts.slice(0, 10_000) }));
time(() => naive(attempts.slice(0, 10_000)));
const ours = Math.min(
  time(() => computeKpis(input)),
  time(() => computeKpis(input)),
);
const base = Math.min(
  time(() => naive(attempts)),
  time(() => naive(attempts)),
);
console.log(
  `kpi: ${N.toLocaleString('en-US')} attempts in ${ours.toFixed(0)} ms (goal ≤ 2000 ms) vs naive ${base.toFixed(0)} ms → speed-up ×${(base / ours).toFixed(2)}`,
);
