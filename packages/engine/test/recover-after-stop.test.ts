// The recovery handler on the replay: deactivate → re-enable exactly what the kill switch
// disabled → watch the next run of each re-enabled workflow until it completes (bounded, on the
// injected clock) → report through the channels, recorded in the rollback history.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { RollbackRecord } from '@opsguard/core';
import { setKillSwitch } from '@opsguard/guard';
import type { ChannelResult, Notification, NotificationChannel } from '@opsguard/notify';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayFault, type ReplayServer } from '@opsguard/sample';
import { MemoryStore, rollbackRecordsOf } from '@opsguard/store';
import { aWorkflowRun } from '@opsguard/testing';
import {
  createRuntime,
  recoverAfterStop,
  rollbackDepsOf,
  virtualClock,
  type RecoveryReport,
  type Runtime,
} from '../src/index.js';

const REPO = { owner: 'acme', repo: 'webshop' };
const DEPLOY = 61200421;
const E2E = 61200419;
const TARGET = 'github:acme/webshop:Deploy';
const WATCH_MS = 10 * 60_000;
const POLL_MS = 30_000;

let server: ReplayServer | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  await server?.close();
  server = undefined;
  runtime = undefined;
});

/** The next run of Deploy as it stands at `at` (GitHub's shape, from the testing builder). */
const nextRun = (at: Date, status: 'in_progress' | 'completed', conclusion: 'success' | 'failure' | null = null) => {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return aWorkflowRun({
    id: 880_001,
    name: 'Deploy',
    workflow_id: DEPLOY,
    run_attempt: 1,
    status,
    conclusion,
    created_at: stamp,
    updated_at: stamp,
  });
};

interface Scenario {
  /** What the replay shows after the n-th wait of the watch (1-based): runs to add. */
  readonly afterWait?: (n: number, at: Date) => ReturnType<typeof nextRun>[];
  readonly faults?: ReplayFault[];
  /** The job's time budget (default 60 min, more than the watch). */
  readonly timeBudgetMs?: number;
}

async function recover(scenario: Scenario = {}) {
  const sample = await loadSample(defaultSampleDir());
  const clock = virtualClock(new Date(sample.manifest.now));
  const s = await startReplayServer({
    sample,
    now: clock.now,
    // Deploy: the kill switch disabled it; E2E: a person had disabled it before.
    disabledWorkflows: ['deploy.yml', 'e2e.yml'],
    faults: scenario.faults ?? [],
  });
  server = s;
  const store = new MemoryStore();
  runtime = await createRuntime({
    repo: REPO,
    token: 'ghp_recoveryTestToken0000000000000000',
    apiUrl: s.url,
    env: {},
    store,
    cwd: process.cwd(),
    clock,
    random: () => 0.5,
    actor: 'test',
    log: () => undefined,
    killVariable: { kind: 'value', value: null, from: 'input' },
    paceRequests: false,
    githubRetryBaseMs: 0,
    // The watch (10 min) must fit in the job's budget: the runtime's fetch refuses past it.
    timeBudgetMs: scenario.timeBudgetMs ?? 60 * 60_000,
  });
  await setKillSwitch(
    store,
    { scope: 'service', target: TARGET, reason: 'retry storm', actor: 'ops', at: clock.now() },
    true,
  );
  const { record } = await rollbackRecordsOf(store).createRecord(
    {
      id: 'kill-switch:acme/webshop:service:Deploy',
      kind: 'kill-switch',
      repo: 'acme/webshop',
      scope: `service:${TARGET}`,
      reason: 'retry storm',
      priorState: { [`workflow:${DEPLOY}`]: 'active', [`workflow:${E2E}`]: 'disabled_manually' },
      createdBy: 'ops',
    },
    clock.now(),
  );
  const sent: Notification[] = [];
  const channel: NotificationChannel = {
    name: 'slack',
    async send(n: Notification): Promise<ChannelResult> {
      sent.push(n);
      return { channel: 'slack', detail: 'ok' };
    },
  };
  let mutatingBeforeDeactivate = -1;
  let waits = 0;
  const started = clock.now().getTime();
  const deps = rollbackDepsOf(runtime, REPO, 'mona', () => undefined);
  const report: RecoveryReport = await recoverAfterStop(
    {
      ...deps,
      store,
      channels: [channel],
      sleep: async (ms) => {
        await clock.sleep(ms);
        waits += 1;
        const runs = scenario.afterWait?.(waits, clock.now()) ?? [];
        if (runs.length > 0) s.addRuns(runs);
      },
      deactivate: async () => {
        mutatingBeforeDeactivate = s.requests().filter((r) => r.method !== 'GET').length;
        await setKillSwitch(
          store,
          { scope: 'service', target: TARGET, reason: 'fixed', actor: 'mona', at: clock.now() },
          false,
        );
      },
    },
    { record: record as RollbackRecord, watchMs: WATCH_MS, pollMs: POLL_MS },
  );
  const state = async (id: number) =>
    ((await (await fetch(`${s.url}/repos/acme/webshop/actions/workflows/${id}`)).json()) as { state: string }).state;
  return {
    report,
    s,
    sent,
    waits,
    elapsedMs: clock.now().getTime() - started,
    mutatingBeforeDeactivate,
    switches: await store.listKillSwitches(),
    history: await deps.history.list({ repo: 'acme/webshop' }),
    record: await rollbackRecordsOf(store).getRecord(record.id),
    deploy: await state(DEPLOY),
    e2e: await state(E2E),
  };
}

const enables = (s: ReplayServer) => s.requests().filter((r) => r.method === 'PUT' && r.path.endsWith('/enable'));

describe('recoverAfterStop', () => {
  test('success: deactivated first, only Deploy re-enabled, its next run watched until it succeeds, reported and recorded', async () => {
    const r = await recover({
      afterWait: (n, at) =>
        n === 1 ? [nextRun(at, 'in_progress')] : n === 3 ? [nextRun(at, 'completed', 'success')] : [],
    });
    expect(r.mutatingBeforeDeactivate).toBe(0);
    expect(r.switches.filter((k) => k.active)).toEqual([]);
    expect(r.deploy).toBe('active');
    expect(r.e2e).toBe('disabled_manually');
    expect(enables(r.s).map((q) => q.path)).toEqual([`/repos/acme/webshop/actions/workflows/${DEPLOY}/enable`]);
    expect(r.report).toEqual({
      recordId: 'kill-switch:acme/webshop:service:Deploy',
      restore: {
        recordId: 'kill-switch:acme/webshop:service:Deploy',
        verified: true,
        workflows: [
          { id: DEPLOY, name: 'Deploy', outcome: 'enabled', detail: null },
          { id: E2E, name: 'E2E', outcome: 'left-disabled', detail: 'was disabled_manually before the kill switch' },
        ],
      },
      reenabled: [DEPLOY],
      watched: [
        {
          id: DEPLOY,
          name: 'Deploy',
          run: { id: 880_001, status: 'completed', conclusion: 'success' },
          verdict: 'recovered',
        },
      ],
      ok: true,
      message: 'Recovered: Deploy run 880001 succeeded',
    });
    // Watched while it ran (waits 1 and 2), stopped as soon as it completed.
    expect(r.waits).toBe(3);
    expect(r.record?.status).toBe('restored');
    expect(r.history.map((e) => [e.event, e.step, e.detail])).toEqual([
      ['recovery-verified', r.report.recordId, 'Recovered: Deploy run 880001 succeeded'],
    ]);
    expect(r.sent.map((n) => [n.title, n.severity])).toEqual([['Recovered: Deploy run 880001 succeeded', 'info']]);
  });

  test('a next run that fails: not recovered, a warning, recorded as recovery-failed', async () => {
    const r = await recover({ afterWait: (n, at) => (n === 1 ? [nextRun(at, 'completed', 'failure')] : []) });
    expect(r.deploy).toBe('active');
    expect(r.report.ok).toBe(false);
    expect(r.report.watched[0]?.verdict).toBe('failed');
    expect(r.report.message).toBe('Not recovered: Deploy failed');
    expect(r.history.map((e) => e.event)).toEqual(['recovery-failed']);
    expect(r.sent.map((n) => n.severity)).toEqual(['warning']);
  });

  test('no next run within the watch: stops at the deadline (virtual time), reports not-run', async () => {
    const r = await recover();
    expect(r.report.ok).toBe(false);
    expect(r.report.watched).toEqual([{ id: DEPLOY, name: 'Deploy', run: null, verdict: 'not-run' }]);
    expect(r.report.message).toBe('Not recovered: Deploy not-run');
    // Bounded: never past the watch, polled every 30 s.
    expect(r.elapsedMs).toBeLessThanOrEqual(WATCH_MS);
    expect(r.waits).toBe(WATCH_MS / POLL_MS);
    const lists = r.s.requests().filter((q) => q.path.endsWith(`/workflows/${DEPLOY}/runs`));
    expect(lists).toHaveLength(WATCH_MS / POLL_MS + 1);
    // Each poll asks only for runs created since the re-enable.
    expect(lists.every((q) => q.query['created']?.startsWith('>=') === true)).toBe(true);
    expect(r.history.map((e) => e.event)).toEqual(['recovery-failed']);
  });

  test('a watch longer than the job’s budget ends with the budget: reported and recorded, not failed mid-wait', async () => {
    const r = await recover({ timeBudgetMs: 5 * 60_000 });
    expect(r.report.watched[0]?.verdict).toBe('not-run');
    expect(r.report.message).toMatch(
      /^Not recovered: Deploy not-run \(watched \d min of 10: the job's time budget ended the watch\)$/,
    );
    expect(r.elapsedMs).toBeLessThan(5 * 60_000);
    expect(r.history.map((e) => e.event)).toEqual(['recovery-failed']);
    expect(r.sent).toHaveLength(1);
  });

  test('an enable that fails with a 502 is retried, then the run is watched as usual', async () => {
    const r = await recover({
      faults: [{ method: 'PUT', path: /\/actions\/workflows\/\d+\/enable$/, status: 502, times: 1 }],
      afterWait: (n, at) => (n === 1 ? [nextRun(at, 'completed', 'success')] : []),
    });
    expect(enables(r.s).map((q) => q.status)).toEqual([502, 204]);
    expect(r.deploy).toBe('active');
    expect(r.report.reenabled).toEqual([DEPLOY]);
    expect(r.report.ok).toBe(true);
    expect(r.history.map((e) => e.event)).toEqual(['recovery-verified']);
  });
});
