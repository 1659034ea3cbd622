import { describe, expect, it } from '@jest/globals';
import { computeKpis, percentile, type KpiAttempt } from '../../src/index.js';

const NOW = new Date('2026-11-20T12:00:00Z');
let nextId = 1;

function anAttempt(over: Partial<KpiAttempt> = {}): KpiAttempt {
  return {
    runId: nextId++,
    attempt: 1,
    workflowName: 'CI',
    branch: 'main',
    status: 'completed',
    conclusion: 'success',
    createdAt: '2026-11-20T10:00:00Z',
    startedAt: '2026-11-20T10:00:05Z',
    updatedAt: '2026-11-20T10:05:00Z',
    durationMs: 300_000,
    queueMs: 5_000,
    cause: null,
    ...over,
  };
}

const kpis = (attempts: KpiAttempt[], reruns: string[] = []) =>
  computeKpis({ attempts, defaultBranch: 'main', opsguardReruns: new Set(reruns), now: NOW, windowsDays: [1, 7, 30] });

describe('KPIs', () => {
  it('counts success by run (final attempt) and by attempt (every attempt)', () => {
    // Run 100 failed then succeeded on re-run; run 101 succeeded; run 102 failed for good.
    const attempts = [
      anAttempt({ runId: 100, attempt: 1, conclusion: 'failure', cause: 'runner_lost' }),
      anAttempt({ runId: 100, attempt: 2, conclusion: 'success' }),
      anAttempt({ runId: 101 }),
      anAttempt({ runId: 102, conclusion: 'failure', cause: 'test_failure' }),
    ];
    const day = kpis(attempts).windows[0]!.overall;
    expect(day.runs).toBe(3);
    expect(day.attempts).toBe(4);
    expect(day.successRateByRun).toBeCloseTo(2 / 3);
    expect(day.successRateByAttempt).toBeCloseTo(2 / 4);
    expect(day.meanRetryCount).toBeCloseTo(1 / 3);
    expect(day.failuresByCause).toEqual({ runner_lost: 1, test_failure: 1 });
  });

  it('leaves cancelled runs out of success rates but counts them as runs', () => {
    const day = kpis([anAttempt(), anAttempt({ conclusion: 'cancelled' })]).windows[0]!.overall;
    expect(day.runs).toBe(2);
    expect(day.successRateByRun).toBe(1);
    expect(day.successRateByAttempt).toBe(1);
  });

  it('puts each attempt in every window that contains it', () => {
    const report = kpis([
      anAttempt(),
      anAttempt({ createdAt: '2026-11-15T00:00:00Z' }),
      anAttempt({ createdAt: '2026-10-25T00:00:00Z' }),
    ]);
    expect(report.windows.map((w) => [w.days, w.overall.runs])).toEqual([
      [1, 1],
      [7, 2],
      [30, 3],
    ]);
  });

  it('uses nearest-rank percentiles for duration and queue time', () => {
    const durations = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((s) => s * 1000);
    const day = kpis(durations.map((d, i) => anAttempt({ durationMs: d, queueMs: i * 1000 }))).windows[0]!.overall;
    expect(day.durationMs).toEqual({ mean: 55_000, p50: 50_000, p95: 100_000 });
    expect(day.queueMs).toEqual({ p50: 4_000, p95: 9_000 });
    expect(percentile([3, 1, 2], 0.5)).toBe(2);
  });

  it('measures MTTR on the default branch: first failure to next success, re-runs included', () => {
    const attempts = [
      anAttempt({
        runId: 1,
        conclusion: 'failure',
        updatedAt: '2026-11-20T08:00:00Z',
        createdAt: '2026-11-20T07:50:00Z',
      }),
      anAttempt({
        runId: 2,
        conclusion: 'failure',
        updatedAt: '2026-11-20T08:30:00Z',
        createdAt: '2026-11-20T08:20:00Z',
      }),
      // A re-run of run 2 fixes it an hour after the first failure.
      anAttempt({
        runId: 2,
        attempt: 2,
        conclusion: 'success',
        updatedAt: '2026-11-20T09:00:00Z',
        createdAt: '2026-11-20T08:20:00Z',
      }),
      // A feature branch failure is no incident.
      anAttempt({ runId: 3, branch: 'feature/x', conclusion: 'failure', updatedAt: '2026-11-20T09:30:00Z' }),
      anAttempt({ runId: 4, conclusion: 'failure', updatedAt: '2026-11-20T10:00:00Z' }),
      anAttempt({ runId: 5, conclusion: 'success', updatedAt: '2026-11-20T10:20:00Z' }),
    ];
    const day = kpis(attempts).windows[0]!.overall;
    expect(day.incidents).toBe(2);
    expect(day.mttrMs).toBe(((60 + 20) / 2) * 60_000);
  });

  it('auto-recovery rate: OpsGuard re-runs that ended in success / OpsGuard re-runs', () => {
    const attempts = [
      anAttempt({ runId: 10, conclusion: 'failure' }),
      anAttempt({ runId: 10, attempt: 2, conclusion: 'success' }),
      anAttempt({ runId: 11, conclusion: 'failure' }),
      anAttempt({ runId: 11, attempt: 2, conclusion: 'failure' }),
      // Re-run by a person: not OpsGuard's.
      anAttempt({ runId: 12, conclusion: 'failure' }),
      anAttempt({ runId: 12, attempt: 2, conclusion: 'success' }),
    ];
    const day = kpis(attempts, ['10:2', '11:2']).windows[0]!.overall;
    expect(day.autoReruns).toBe(2);
    expect(day.autoRecoveryRate).toBe(0.5);
  });

  it('reports per workflow as well as overall', () => {
    const report = kpis([
      anAttempt({ workflowName: 'CI' }),
      anAttempt({ workflowName: 'Lint', conclusion: 'failure' }),
    ]);
    expect(Object.keys(report.windows[0]!.byWorkflow)).toEqual(['CI', 'Lint']);
    expect(report.windows[0]!.byWorkflow['Lint']?.successRateByRun).toBe(0);
  });
});

describe('daily trends in the report time zone', () => {
  it('puts a run just after midnight Tokyo time on the new day', async () => {
    const { dailyTrends, lastZonedDays } = await import('../../src/index.js');
    const days = lastZonedDays(new Date('2026-11-20T16:00:00Z'), 2, 'Asia/Tokyo');
    const points = dailyTrends(
      [
        anAttempt({ createdAt: '2026-11-20T14:59:59Z', conclusion: 'failure', cause: 'oom' }), // 23:59:59 JST on the 20th
        anAttempt({ createdAt: '2026-11-20T15:00:00Z' }), // 00:00 JST on the 21st
        anAttempt({ createdAt: '2026-11-20T15:30:00Z', attempt: 2 }),
      ],
      days,
    );
    expect(points.map((p) => [p.date, p.attempts, p.retries, p.successRateByAttempt])).toEqual([
      ['2026-11-20', 1, 0, 0],
      ['2026-11-21', 2, 1, 1],
    ]);
    expect(points[0]?.failuresByCause).toEqual({ oom: 1 });
  });
});
