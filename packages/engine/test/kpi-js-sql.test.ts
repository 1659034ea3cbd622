import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { computeKpis, type KpiFigures } from '@opsguard/core';
import { createTestGitHubClient } from '@opsguard/testing';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayServer } from '@opsguard/sample';
import { openPgliteStore, type KpiWindowRow, type RunRecord, type Store } from '@opsguard/store';
import { collectRuns } from '../src/index.js';

const REPO = 'acme/webshop';
let server: ReplayServer;
let store: Store;
let attempts: readonly RunRecord[];
let now: Date;
const reruns = new Set<string>();

beforeAll(async () => {
  const sample = await loadSample(defaultSampleDir());
  now = new Date(sample.manifest.now);
  server = await startReplayServer({ sample });
  const client = await createTestGitHubClient({ baseUrl: server.url });
  const collected = await collectRuns(
    client,
    { owner: 'acme', repo: 'webshop' },
    { since: new Date(now.getTime() - 31 * 86_400_000), until: now, jobs: 'all' },
  );
  // Causes on some failures, and OpsGuard re-runs for some re-run runs, so every KPI has data.
  attempts = collected.attempts.map((a, i) =>
    a.conclusion === 'failure' ? { ...a, cause: i % 3 === 0 ? 'network' : i % 3 === 1 ? 'test_failure' : null } : a,
  );
  store = await openPgliteStore({ inMemory: true });
  await store.upsertRuns(attempts);
  const rerunOnes = attempts.filter((a) => a.attempt === 2).filter((_, i) => i % 2 === 0);
  for (const a of rerunOnes) {
    reruns.add(`${a.runId}:2`);
    await store.insertRetryHistory({
      repo: REPO,
      runId: a.runId,
      attempt: 1,
      workflowName: a.workflowName,
      cause: 'network',
      transient: true,
      decision: 'rerun',
      reason: 'transient',
      delayMs: 5000,
      act: { kind: 'requested', attempt: 2 },
      evidence: [],
      decidedAt: a.createdAt,
    });
  }
}, 120_000);

afterAll(async () => {
  await store?.close();
  await server?.close();
});

function expectSame(sql: KpiWindowRow, js: KpiFigures, where: string): void {
  const close = (a: number | null, b: number | null, what: string) => {
    if (a === null || b === null) expect({ where, what, sql: a }).toEqual({ where, what, sql: b });
    else
      expect({ where, what, diff: Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)) }).toEqual({
        where,
        what,
        diff: true,
      });
  };
  expect({
    where,
    runs: sql.runs,
    attempts: sql.attempts,
    incidents: sql.incidents,
    autoReruns: sql.autoReruns,
  }).toEqual({
    where,
    runs: js.runs,
    attempts: js.attempts,
    incidents: js.incidents,
    autoReruns: js.autoReruns,
  });
  close(sql.successRateByRun, js.successRateByRun, 'successRateByRun');
  close(sql.successRateByAttempt, js.successRateByAttempt, 'successRateByAttempt');
  close(sql.meanRetryCount, js.meanRetryCount, 'meanRetryCount');
  close(sql.durationMeanMs, js.durationMs.mean, 'durationMean');
  close(sql.durationP50Ms, js.durationMs.p50, 'durationP50');
  close(sql.durationP95Ms, js.durationMs.p95, 'durationP95');
  close(sql.queueP50Ms, js.queueMs.p50, 'queueP50');
  close(sql.queueP95Ms, js.queueMs.p95, 'queueP95');
  close(sql.mttrMs, js.mttrMs, 'mttr');
  close(sql.autoRecoveryRate, js.autoRecoveryRate, 'autoRecoveryRate');
  expect({ where, causes: sql.failuresByCause }).toEqual({ where, causes: js.failuresByCause });
}

describe('KPIs: JavaScript and SQL agree on the sample', () => {
  it.each([1, 7, 30])('over %i day(s), overall and per workflow', async (days) => {
    const js = computeKpis({ attempts, defaultBranch: 'main', opsguardReruns: reruns, now, windowsDays: [days] })
      .windows[0];
    if (!js) throw new Error('no window');
    const rows = await store.kpiWindow({ repo: REPO, now, days, defaultBranch: 'main' });
    const overall = rows.find((r) => r.workflowName === null);
    if (!overall) throw new Error('no overall row');
    expect(overall.runs).toBeGreaterThan(0);
    expectSame(overall, js.overall, `${days}d overall`);
    const named = rows.filter((r) => r.workflowName !== null);
    expect(named.map((r) => r.workflowName).sort()).toEqual(Object.keys(js.byWorkflow).sort());
    for (const row of named) {
      const figures = js.byWorkflow[row.workflowName ?? ''];
      if (!figures) throw new Error(`JS has no ${row.workflowName}`);
      expectSame(row, figures, `${days}d ${row.workflowName}`);
    }
  });
});
