import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { loadRetryPolicy } from '@opsguard/config';
import {
  aJob,
  anAnnotation,
  aStep,
  aWorkflowRun,
  createTestGitHubClient,
  type TestGitHubClient,
} from '@opsguard/testing';
import { createGuard, DEFAULT_GUARD_POLICY, createBrake } from '@opsguard/guard';
import { openPgliteStore, type Store } from '@opsguard/store';
import nock from 'nock';
import { getWorkflowRun } from '@opsguard/github';
import {
  createBudget,
  diagnoseWith,
  DURABLE_STATE,
  guardClassifier,
  handleFailedRun,
  retryLimitsOf,
  virtualClock,
  type RetryEngineDeps,
  type RetryOutcome,
} from '../src/index.js';

const API = 'https://api.github.com';
const REPO = '/repos/octo-org/app';
const START = new Date('2026-11-02T03:10:00Z');

let store: Store;
let client: TestGitHubClient;
let nextRunId = 7_000;
let engines = 0;

beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
});
afterAll(async () => {
  await store.close();
});
beforeEach(async () => {
  client = await createTestGitHubClient();
  nock.cleanAll();
});

async function engine(
  over: { shadow?: boolean; maxAttempts?: number; budgetMs?: number; mode?: RetryEngineDeps['mode'] } = {},
) {
  const policy = await loadRetryPolicy();
  // Each engine starts an hour after the last: the tests share one store, and its rate-limit
  // buckets must not carry one test's re-runs into the next.
  const base = virtualClock(new Date(START.getTime() + 3_600_000 * engines++));
  const sleeps: number[] = [];
  const clock = {
    now: base.now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      await base.sleep(ms);
    },
  };
  const budget = createBudget(clock, over.budgetMs ?? 3_600_000, 0);
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: clock.now,
    random: () => 0.5,
    sleep: clock.sleep,
    actor: 'test',
    brake: createBrake(store, null),
    classifyFailure: guardClassifier(clock.now, 5_000),
    budget,
  });
  const deps: RetryEngineDeps = {
    client,
    repo: { owner: 'octo-org', repo: 'app' },
    store,
    guard,
    guardState: DURABLE_STATE,
    limits: retryLimitsOf(policy, { shadow: over.shadow, maxAttempts: over.maxAttempts }),
    diagnose: diagnoseWith(policy),
    sanitize: (t) => t,
    now: clock.now,
    budget,
    random: () => 0.5,
    dailyRerunBudget: 20,
    mode: over.mode ?? 'rerun-failed-jobs',
    maxWaits: 2,
    actor: 'test',
    log: () => undefined,
  };
  return { deps, sleeps, clock };
}

/** The engine on a run as a trigger reads it: one GET of the run, then the decision. */
async function decide(deps: RetryEngineDeps, runId: number): Promise<RetryOutcome> {
  return handleFailedRun(deps, await getWorkflowRun(deps.client, deps.repo, runId));
}

/** A failed run whose one failed job carries `message` as its failure annotation. */
function failedRun(message: string, attempt = 1, runId = nextRunId++) {
  const run = aWorkflowRun({
    id: runId,
    run_attempt: attempt,
    conclusion: 'failure',
    name: 'CI',
    path: '.github/workflows/ci.yml',
  });
  const job = aJob({
    run_id: runId,
    run_attempt: attempt,
    conclusion: 'failure',
    steps: [aStep({ name: 'Run npm test', conclusion: 'failure' })],
  });
  const api = nock(API)
    .get(`${REPO}/actions/runs/${runId}`)
    .reply(200, run)
    .get(`${REPO}/actions/runs/${runId}/jobs`)
    .query(true)
    .reply(200, { total_count: 1, jobs: [job] })
    .get(`${REPO}/check-runs/${String(job.id)}/annotations`)
    .query(true)
    .reply(200, [anAnnotation({ message })]);
  return { runId, api };
}

const RUNNER_LOST =
  'The self-hosted runner: ci-runner-12 lost communication with the server. Verify the machine is running and has a healthy network connection.';
const TEST_FAILURE = 'Tests: 2 failed, 118 passed, 120 total';

describe('retry engine', () => {
  it('re-runs a transient failure once, after the backoff, within 2 + failed-jobs requests', async () => {
    const { deps, sleeps } = await engine();
    const { runId, api } = failedRun(RUNNER_LOST);
    const rerun = nock(API).post(`${REPO}/actions/runs/${runId}/rerun-failed-jobs`).reply(201, {});
    const outcome = await decide(deps, runId);
    expect(outcome).toMatchObject({
      decision: 'rerun',
      transient: true,
      cause: 'runner_lost',
      act: { kind: 'requested', attempt: 2 },
    });
    expect(sleeps[0]).toBe(5_000);
    expect(api.isDone() && rerun.isDone()).toBe(true);
    expect(client.requests().total).toBe(2 + 1 + 1); // run + jobs + 1 annotation, then the re-run
    const history = await store.listRetryHistory();
    expect(history.filter((h) => h.runId === runId)).toHaveLength(1);
    const audit = await store.listAudit({ action: 'rerun-failed-jobs' });
    expect(audit.filter((a) => a.idempotencyKey === `${runId}:1`).map((a) => a.outcome)).toEqual(['SUCCESS']);
  });

  it('never re-runs a deterministic failure, and records why', async () => {
    const { deps } = await engine();
    const { runId } = failedRun(TEST_FAILURE);
    const outcome = await decide(deps, runId); // nock refuses any POST: none is set up
    expect(outcome).toMatchObject({ decision: 'skip', transient: false, cause: 'test_failure', act: null });
    expect((await store.listRetryHistory()).find((h) => h.runId === runId)?.decision).toBe('skip');
  });

  it('stops when the attempts are used up', async () => {
    const { deps } = await engine();
    const { runId } = failedRun(RUNNER_LOST, 4);
    const outcome = await decide(deps, runId);
    expect(outcome.decision).toBe('skip');
    expect(outcome.reason).toMatch(/attempt/i);
  });

  it('does nothing while the kill switch is on, but records the refusal', async () => {
    const { deps } = await engine();
    await store.setKillSwitch({
      scope: 'global',
      target: '*',
      active: true,
      reason: 'incident 42',
      actor: 'test',
      at: START,
    });
    try {
      const { runId } = failedRun(RUNNER_LOST);
      const outcome = await decide(deps, runId);
      expect(outcome.decision).toBe('rerun');
      expect(outcome.act).toMatchObject({
        kind: 'refused',
        reason: 'kill_switch',
        message: expect.stringMatching(/kill/i),
      });
      const audit = await store.listAudit({ action: 'rerun-failed-jobs' });
      expect(audit.find((a) => a.idempotencyKey === `${runId}:1`)?.outcome).toBe('SKIPPED');
    } finally {
      await store.setKillSwitch({
        scope: 'global',
        target: '*',
        active: false,
        reason: 'over',
        actor: 'test',
        at: START,
      });
    }
  });

  it('re-runs once when two triggers handle the same run at the same time', async () => {
    const { deps } = await engine();
    const runId = nextRunId++;
    const run = aWorkflowRun({ id: runId, conclusion: 'failure' });
    const job = aJob({ run_id: runId, conclusion: 'failure' });
    nock(API)
      .get(`${REPO}/actions/runs/${runId}`)
      .times(2)
      .reply(200, run)
      .get(`${REPO}/actions/runs/${runId}/jobs`)
      .query(true)
      .reply(200, { total_count: 1, jobs: [job] })
      .get(`${REPO}/check-runs/${String(job.id)}/annotations`)
      .query(true)
      .reply(200, [anAnnotation({ message: RUNNER_LOST })]);
    const rerun = nock(API).post(`${REPO}/actions/runs/${runId}/rerun-failed-jobs`).once().reply(201, {});
    const outcomes = await Promise.all([decide(deps, runId), decide(deps, runId)]);
    expect(rerun.isDone()).toBe(true);
    expect(outcomes.filter((o) => o.act?.kind === 'requested')).toHaveLength(1);
    expect(outcomes.filter((o) => !o.handled)).toHaveLength(1);
  });

  it('waits and tries again while a job of the run is still running (403)', async () => {
    const { deps, sleeps } = await engine();
    const { runId } = failedRun(RUNNER_LOST);
    nock(API)
      .post(`${REPO}/actions/runs/${runId}/rerun-failed-jobs`)
      .reply(403, {
        message: 'This workflow is already running',
        documentation_url: 'https://docs.github.com/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run',
        status: '403',
      })
      .post(`${REPO}/actions/runs/${runId}/rerun-failed-jobs`)
      .reply(201, {});
    const outcome = await decide(deps, runId);
    expect(outcome.act).toEqual({ kind: 'requested', attempt: 2 });
    expect(sleeps.length).toBeGreaterThanOrEqual(2); // the backoff, then the wait for the running job
  });

  it('decides and records in shadow mode, never acts', async () => {
    const { deps } = await engine({ shadow: true });
    const { runId } = failedRun(RUNNER_LOST);
    const outcome = await decide(deps, runId);
    expect(outcome).toMatchObject({ decision: 'shadow', transient: true, act: null });
    expect((await store.listRetryHistory()).find((h) => h.runId === runId)?.decision).toBe('shadow');
  });

  it('a 5xx on the re-run POST is reported, never re-sent blindly, and the claim is kept', async () => {
    const { deps } = await engine();
    const { runId } = failedRun(RUNNER_LOST);
    const post = nock(API).post(`${REPO}/actions/runs/${runId}/rerun-failed-jobs`).once().reply(502, 'Bad Gateway');
    const outcome = await decide(deps, runId);
    expect(outcome.act).toMatchObject({ kind: 'failed', mayHaveActed: true });
    expect(post.isDone()).toBe(true);
    // GitHub may have queued it: a second trigger for the same attempt does not send it again.
    nock(API)
      .get(`${REPO}/actions/runs/${runId}`)
      .reply(200, aWorkflowRun({ id: runId, conclusion: 'failure' }));
    const again = await decide(deps, runId);
    expect(again).toMatchObject({ handled: false, cause: 'duplicate', act: null });
  });

  it('a backoff that would pass the deadline is refused as `deadline`, and the attempt is decided again later', async () => {
    const { deps } = await engine({ budgetMs: 3_000 });
    const { runId } = failedRun(RUNNER_LOST);
    const outcome = await decide(deps, runId); // nock has no POST: none may be sent
    expect(outcome.act).toMatchObject({ kind: 'refused', reason: 'deadline' });
    const later = await engine();
    failedRun(RUNNER_LOST, 1, runId);
    const rerun = nock(API).post(`${REPO}/actions/runs/${runId}/rerun-failed-jobs`).reply(201, {});
    expect((await decide(later.deps, runId)).act).toEqual({ kind: 'requested', attempt: 2 });
    expect(rerun.isDone()).toBe(true);
  });

  it('never sends a re-run while the run is still in progress: it waits, then leaves it for the next trigger', async () => {
    const { deps, sleeps } = await engine();
    const runId = nextRunId++;
    const going = aWorkflowRun({ id: runId, status: 'in_progress', conclusion: null });
    nock(API).get(`${REPO}/actions/runs/${runId}`).times(3).reply(200, going);
    const outcome = await decide(deps, runId);
    expect(outcome).toMatchObject({ decision: 'wait', act: null });
    expect(sleeps).toEqual([5_000, 5_000]); // maxWaits = 2, each the first backoff
    // Not decided: the claim was let go, so the completed run is decided on its event.
    const claim = await store.claimIdempotencyKey({
      key: `retry:octo-org/app:${runId}:1`,
      scope: 'retry',
      owner: 'probe',
      ttlMs: 1000,
      now: START,
    });
    expect(claim.claimed).toBe(true);
  });

  it('rerun-all mode re-runs every job of the run', async () => {
    const { deps } = await engine({ mode: 'rerun-all' });
    const { runId } = failedRun(RUNNER_LOST);
    const rerun = nock(API).post(`${REPO}/actions/runs/${runId}/rerun`).reply(201, {});
    expect((await decide(deps, runId)).act).toEqual({ kind: 'requested', attempt: 2 });
    expect(rerun.isDone()).toBe(true);
  });

  it('lifting the kill switch lets the refused run be re-run on the next trigger (the claim was released)', async () => {
    const { deps } = await engine();
    const on = { scope: 'global' as const, target: '*', reason: 'incident 43', actor: 'test', at: START };
    await store.setKillSwitch({ ...on, active: true });
    const runId = nextRunId++;
    const run = aWorkflowRun({ id: runId, conclusion: 'failure' });
    const job = aJob({ run_id: runId, conclusion: 'failure' });
    nock(API)
      .get(`${REPO}/actions/runs/${runId}`)
      .times(2)
      .reply(200, run)
      .get(`${REPO}/actions/runs/${runId}/jobs`)
      .query(true)
      .times(2)
      .reply(200, { total_count: 1, jobs: [job] })
      .get(`${REPO}/check-runs/${String(job.id)}/annotations`)
      .query(true)
      .times(2)
      .reply(200, [anAnnotation({ message: RUNNER_LOST })]);
    try {
      expect((await decide(deps, runId)).act).toMatchObject({ kind: 'refused', reason: 'kill_switch' });
    } finally {
      await store.setKillSwitch({ ...on, active: false, reason: 'resolved' });
    }
    const rerun = nock(API).post(`${REPO}/actions/runs/${runId}/rerun-failed-jobs`).reply(201, {});
    const next = await decide(deps, runId);
    expect(next).toMatchObject({ handled: true, act: { kind: 'requested', attempt: 2 } });
    expect(rerun.isDone()).toBe(true);
  });
});
