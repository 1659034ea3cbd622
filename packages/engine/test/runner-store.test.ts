import { beforeEach, describe, expect, it } from '@jest/globals';
import { aWorkflowRun, createTestGitHubClient, type TestGitHubClient } from '@opsguard/testing';
import nock from 'nock';
import { RunnerStore } from '../src/index.js';

const API = 'https://api.github.com';
const REPO = '/repos/octo-org/app';
const NOW = new Date('2026-11-02T12:00:00Z');
const iso = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
const breaker = { target: 'octo-org/app:workflow:CI', failureThreshold: 3, openMs: 3_600_000, successThreshold: 2 };
const daily = { key: 'daily-reruns:octo-org/app', capacity: 3, refillPerSecond: 3 / 86_400 };

let client: TestGitHubClient;
beforeEach(async () => {
  client = await createTestGitHubClient();
});

const listing = (runs: ReturnType<typeof aWorkflowRun>[]) =>
  nock(API).get(`${REPO}/actions/runs`).query(true).reply(200, { total_count: runs.length, workflow_runs: runs });

describe('RunnerStore: the guard’s state derived from GitHub’s own record', () => {
  it('re-run attempts GitHub lists for the last 24 h spend the daily budget', async () => {
    const store = new RunnerStore(client, { owner: 'octo-org', repo: 'app' }, () => NOW);
    const current = aWorkflowRun({ id: 1, conclusion: 'failure' });
    listing([
      aWorkflowRun({ id: 2, run_attempt: 2, run_started_at: iso(2), updated_at: iso(1.9) }),
      aWorkflowRun({ id: 3, run_attempt: 3, run_started_at: iso(3), updated_at: iso(2.9) }),
      aWorkflowRun({ id: 4, run_attempt: 2, run_started_at: iso(30), updated_at: iso(29) }),
    ]);
    await store.prepare(current, { breaker, dailyBudget: daily });
    // 3 re-runs in the window (run 2: one, run 3: two) use up a budget of 3.
    const grant = await store.consumeTokens([daily], NOW);
    expect(grant).toMatchObject({ allowed: false, deniedKey: daily.key });
    expect(nock.isDone()).toBe(true);
  });

  it('re-runs of the workflow that failed again open its breaker; a success in between resets it', async () => {
    const opened = new RunnerStore(client, { owner: 'octo-org', repo: 'app' }, () => NOW);
    listing(
      [1, 2, 3].map((n) =>
        aWorkflowRun({ id: 10 + n, run_attempt: 2, conclusion: 'failure', updated_at: iso(0.5 - n / 10) }),
      ),
    );
    await opened.prepare(aWorkflowRun({ id: 1, conclusion: 'failure' }), { breaker, dailyBudget: daily });
    expect(await opened.admitBreaker(breaker, NOW)).toMatchObject({ allowed: false, state: 'open' });

    const healthy = new RunnerStore(client, { owner: 'octo-org', repo: 'app' }, () => NOW);
    listing([
      aWorkflowRun({ id: 21, run_attempt: 2, conclusion: 'failure', updated_at: iso(0.5) }),
      aWorkflowRun({ id: 22, run_attempt: 2, conclusion: 'success', updated_at: iso(0.4) }),
      aWorkflowRun({ id: 23, run_attempt: 2, conclusion: 'failure', updated_at: iso(0.3) }),
    ]);
    await healthy.prepare(aWorkflowRun({ id: 1, conclusion: 'failure' }), { breaker, dailyBudget: daily });
    expect(await healthy.admitBreaker(breaker, NOW)).toMatchObject({ allowed: true, state: 'closed' });
  });

  it('the record is read once per job: a second prepare for the same workflow sends nothing', async () => {
    const store = new RunnerStore(client, { owner: 'octo-org', repo: 'app' }, () => NOW);
    listing([]);
    await store.prepare(aWorkflowRun({ id: 1 }), { breaker, dailyBudget: daily });
    await store.prepare(aWorkflowRun({ id: 2 }), { breaker, dailyBudget: daily });
    expect(client.requests().total).toBe(1);
  });

  it('a claim for a run attempt is refused when GitHub already shows a newer attempt', async () => {
    const store = new RunnerStore(client, { owner: 'octo-org', repo: 'app' }, () => NOW);
    nock(API)
      .get(`${REPO}/actions/runs/7`)
      .reply(200, aWorkflowRun({ id: 7, run_attempt: 2, status: 'in_progress', conclusion: null }));
    const claim = await store.claimIdempotencyKey({
      key: 'retry:octo-org/app:7:1',
      scope: 'retry',
      owner: 'me',
      ttlMs: 60_000,
      now: NOW,
      subject: { kind: 'run-attempt', runId: 7, attempt: 1 },
    });
    expect(claim).toMatchObject({ claimed: false, existing: { owner: expect.stringContaining('attempt 2 exists') } });

    nock(API)
      .get(`${REPO}/actions/runs/8`)
      .reply(200, aWorkflowRun({ id: 8, run_attempt: 1, conclusion: 'failure' }));
    const mine = await store.claimIdempotencyKey({
      key: 'retry:octo-org/app:8:1',
      scope: 'retry',
      owner: 'me',
      ttlMs: 60_000,
      now: NOW,
      subject: { kind: 'run-attempt', runId: 8, attempt: 1 },
    });
    expect(mine.claimed).toBe(true);
  });
});
