import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { loadRetryPolicy } from '@opsguard/config';
import {
  aJob,
  anAnnotation,
  aStep,
  aWorkflowRun,
  createTestGitHubClient,
  type TestGitHubClient,
} from '@opsguard/github/testing';
import { createGuard, DEFAULT_GUARD_POLICY } from '@opsguard/guard';
import { openPgliteStore, type Store } from '@opsguard/store';
import nock from 'nock';
import { diagnoseWith, handleFailedRun, retryLimitsOf, virtualClock, type RetryEngineDeps } from '../src/index.js';

const API = 'https://api.github.com';
const REPO = '/repos/octo-org/app';
const START = new Date('2026-11-02T03:10:00Z');

let store: Store;
let client: TestGitHubClient;
let nextRunId = 7_000;

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

async function engine(over: { shadow?: boolean; maxAttempts?: number } = {}) {
  const policy = await loadRetryPolicy();
  const clock = virtualClock(START);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    await clock.sleep(ms);
  };
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: clock.now,
    random: () => 0.5,
    sleep,
    actor: 'test',
    readKillVariable: async () => null,
  });
  const deps: RetryEngineDeps = {
    client,
    repo: { owner: 'octo-org', repo: 'app' },
    store,
    guard,
    limits: retryLimitsOf(policy, { shadow: over.shadow, maxAttempts: over.maxAttempts }),
    diagnose: diagnoseWith(policy),
    sanitize: (t) => t,
    now: clock.now,
    sleep,
    random: () => 0.5,
    dailyRerunBudget: 20,
    mode: 'rerun-failed-jobs',
    maxWaits: 2,
    actor: 'test',
    log: () => undefined,
  };
  return { deps, sleeps, clock };
}

/** A failed run whose one failed job carries `message` as its failure annotation. */
function failedRun(message: string, attempt = 1) {
  const runId = nextRunId++;
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
    const outcome = await handleFailedRun(deps, runId);
    expect(outcome).toMatchObject({
      decision: 'rerun',
      transient: true,
      cause: 'runner_lost',
      result: 'rerun requested (attempt 2)',
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
    const outcome = await handleFailedRun(deps, runId); // nock refuses any POST: none is set up
    expect(outcome).toMatchObject({ decision: 'skip', transient: false, cause: 'test_failure', result: null });
    expect((await store.listRetryHistory()).find((h) => h.runId === runId)?.decision).toBe('skip');
  });

  it('stops when the attempts are used up', async () => {
    const { deps } = await engine();
    const { runId } = failedRun(RUNNER_LOST, 3);
    const outcome = await handleFailedRun(deps, runId);
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
      const outcome = await handleFailedRun(deps, runId);
      expect(outcome.decision).toBe('rerun');
      expect(outcome.result).toMatch(/^refused: .*kill/i);
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
    const outcomes = await Promise.all([handleFailedRun(deps, runId), handleFailedRun(deps, runId)]);
    expect(rerun.isDone()).toBe(true);
    expect(outcomes.filter((o) => o.result?.startsWith('rerun requested'))).toHaveLength(1);
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
    const outcome = await handleFailedRun(deps, runId);
    expect(outcome.result).toBe('rerun requested (attempt 2)');
    expect(sleeps.length).toBeGreaterThanOrEqual(2); // the backoff, then the wait for the running job
  });

  it('decides and records in shadow mode, never acts', async () => {
    const { deps } = await engine({ shadow: true });
    const { runId } = failedRun(RUNNER_LOST);
    const outcome = await handleFailedRun(deps, runId);
    expect(outcome).toMatchObject({ decision: 'shadow', transient: true, result: null });
    expect((await store.listRetryHistory()).find((h) => h.runId === runId)?.decision).toBe('shadow');
  });
});
