// Rollback conditions (config/rollback-rules.json) evaluated over what the sweep saw, and sent to
// the rollback workflow as opsguard-rollback through the guard: once a day, never in a dry run,
// only reported while detection's dispatch response is off.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadRollbackRules } from '@opsguard/config';
import type { Anomaly, RunRecord } from '@opsguard/core';
import { createBrake, createGuard, DEFAULT_GUARD_POLICY } from '@opsguard/guard';
import { openPgliteStore, type Store } from '@opsguard/store';
import { aJob, createTestGitHubClient } from '@opsguard/testing';
import nock from 'nock';
import {
  dispatchRollbacks,
  rollbackConditionsSummary,
  rollbackSignalsOf,
  ROLLBACK_DISPATCH_EVENT,
} from '../src/index.js';

const API = 'https://api.github.com';
let store: Store;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
});
afterAll(async () => {
  await store.close();
});

const attempt = (
  runId: number,
  n: number,
  conclusion: string,
  createdAt: string,
  headSha = `sha${runId}`,
): RunRecord => ({
  repo: 'octo-org/app',
  runId,
  attempt: n,
  workflowId: 7,
  workflowName: 'Deploy',
  event: 'push',
  branch: 'main',
  headSha,
  actor: 'mona',
  status: 'completed',
  conclusion,
  createdAt,
  startedAt: createdAt,
  updatedAt: createdAt,
  durationMs: 60_000,
  queueMs: 0,
  url: `https://github.com/octo-org/app/actions/runs/${runId}`,
  cause: null,
});

/** A good deploy, then three failed on main: the bundled rule (3 in a row) is met. */
const failing = [
  attempt(1, 1, 'success', '2026-11-20T08:00:00Z', 'good0000'),
  attempt(2, 1, 'failure', '2026-11-20T09:00:00Z'),
  attempt(3, 1, 'failure', '2026-11-20T10:00:00Z'),
  attempt(4, 1, 'failure', '2026-11-20T11:00:00Z'),
];

async function deps(enabled: boolean, dryRun = false) {
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: () => new Date('2026-11-20T12:00:00Z'),
    random: () => 0.5,
    sleep: async () => undefined,
    actor: 'test',
    brake: createBrake(store, null),
  });
  return {
    client: await createTestGitHubClient(),
    repo: { owner: 'octo-org', repo: 'app' },
    guard,
    rules: await loadRollbackRules(),
    enabled,
    dryRun,
    store,
    now: () => new Date('2026-11-20T12:00:00Z'),
    log: () => undefined,
  };
}

const signals = (attempts: readonly RunRecord[], anomalies: readonly Anomaly[] = []) =>
  rollbackSignalsOf({ defaultBranch: 'main', attempts, anomalies, evidence: new Map() });

describe('rollback signals from the sweep', () => {
  it('counts only each run’s newest attempt: a failure that passed on re-run breaks the streak', () => {
    expect(signals(failing).runs).toHaveLength(4);
    const rerunPassed = [...failing, attempt(3, 2, 'success', '2026-11-20T10:00:00Z')];
    const runs = signals(rerunPassed).runs;
    expect(runs).toHaveLength(4);
    expect(runs.find((r) => r.headSha === 'sha3')?.conclusion).toBe('success');
  });

  it('takes critical anomalies and masked secrets in logs as signals', () => {
    const critical: Anomaly = {
      rule: 'retry_storm',
      subject: 'Deploy',
      value: 12,
      baseline: 10,
      severity: 'critical',
      message: 'Deploy: 12 re-runs in an hour',
      fingerprint: 'retry_storm:Deploy',
    };
    const warning: Anomaly = { ...critical, severity: 'warning', subject: 'Lint', fingerprint: 'x' };
    const leak = {
      evidence: [],
      jobs: [{ job: aJob({ name: 'build' }), annotations: [], logTail: '***', secretMasked: true }],
    };
    const clean = {
      evidence: [],
      jobs: [{ job: aJob({ name: 'test' }), annotations: [], logTail: 'ok', secretMasked: false }],
    };
    const s = rollbackSignalsOf({
      defaultBranch: 'main',
      attempts: [],
      anomalies: [critical, warning],
      evidence: new Map([
        ['4/1', leak],
        ['5/1', clean],
      ]),
    });
    expect(s.criticalAnomalies).toEqual([{ rule: 'retry_storm', subject: 'Deploy' }]);
    expect(s.secretLeaks).toEqual([{ where: '4/1 job build', rule: 'log' }]);
  });
});

describe('dispatchRollbacks', () => {
  it('sends one opsguard-rollback per condition met, with the workflow and its last good commit, once a day', async () => {
    const bodies: unknown[] = [];
    nock(API)
      .post('/repos/octo-org/app/dispatches')
      .reply(204, async (req: Request) => (bodies.push(await req.json()), ''));
    const met = await dispatchRollbacks(await deps(true), signals(failing), '2026-11-20');
    expect(met).toEqual([expect.objectContaining({ sent: true, note: 'dispatched to the rollback workflow' })]);
    expect(bodies).toEqual([
      {
        event_type: ROLLBACK_DISPATCH_EVENT,
        client_payload: {
          command: 'plan',
          condition: 'consecutive-failures',
          reason: 'Deploy failed 3 times in a row on main',
          workflow: 'Deploy',
          good_commit: 'good0000',
          apply: false,
        },
      },
    ]);
    // Again the same day (a re-run of the audit): the audit trail says it was sent; the dispatch
    // GitHub would accept is not made.
    const second = nock(API).post('/repos/octo-org/app/dispatches').reply(204);
    const again = await dispatchRollbacks(await deps(true), signals(failing), '2026-11-20');
    expect(second.isDone()).toBe(false);
    nock.cleanAll();
    expect(again).toEqual([expect.objectContaining({ sent: false, note: 'already dispatched today (2026-11-20)' })]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('two failures in a row meet nothing', async () => {
    expect(await dispatchRollbacks(await deps(true), signals(failing.slice(0, 3)), '2026-11-21')).toEqual([]);
  });

  it('with the dispatch response off, or in a dry run, it reports and sends nothing', async () => {
    const off = await dispatchRollbacks(await deps(false), signals(failing), '2026-11-22');
    expect(off).toEqual([expect.objectContaining({ sent: false, note: expect.stringContaining('response is off') })]);
    const dry = await dispatchRollbacks(await deps(true, true), signals(failing), '2026-11-22');
    expect(dry).toEqual([expect.objectContaining({ sent: false, note: expect.stringContaining('dry_run') })]);
    // nock.disableNetConnect(): any request would have failed the test.
    expect(rollbackConditionsSummary(off)).toContain(
      '| consecutive-failures | Deploy failed 3 times in a row on main | plan |',
    );
    expect(rollbackConditionsSummary([])).toBe('');
  });

  it('a GitHub error is reported on the condition, not thrown', async () => {
    nock(API).post('/repos/octo-org/app/dispatches').times(10).reply(422, { message: 'Validation Failed' });
    const met = await dispatchRollbacks(await deps(true), signals(failing), '2026-11-23');
    expect(met).toEqual([expect.objectContaining({ sent: false, note: expect.stringContaining('not dispatched') })]);
    nock.cleanAll();
  });
});
