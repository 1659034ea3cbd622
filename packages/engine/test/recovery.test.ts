import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { aWorkflowRun, createTestGitHubClient, type TestGitHubClient } from '@opsguard/testing';
import { createGuard, DEFAULT_GUARD_POLICY, createBrake } from '@opsguard/guard';
import type { ChannelResult, Notification, NotificationChannel } from '@opsguard/notify';
import { openPgliteStore, type Store } from '@opsguard/store';
import nock from 'nock';
import { handleRecoveredRun, type RecoveryDeps } from '../src/index.js';
import { flakyNotifications } from '@opsguard/testing';

const API = 'https://api.github.com';
const REPO = '/repos/octo-org/app';
const NOW = new Date('2026-11-23T09:00:00.000Z');

let store: Store;
let client: TestGitHubClient;
let nextRunId = 9_100;

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

/** Attempt 1 failed at 09:00, attempt 2 succeeded at 09:12. */
function recoveredRun(): number {
  const id = nextRunId++;
  nock(API)
    .get(`${REPO}/actions/runs/${id}`)
    .reply(
      200,
      aWorkflowRun({ id, name: 'CI', run_attempt: 2, conclusion: 'success', updated_at: '2026-11-23T09:12:00Z' }),
    )
    .get(`${REPO}/actions/runs/${id}/attempts/1`)
    .reply(
      200,
      aWorkflowRun({ id, name: 'CI', run_attempt: 1, conclusion: 'failure', updated_at: '2026-11-23T09:00:00Z' }),
    );
  return id;
}

const slack = (sent: string[]): NotificationChannel => ({
  name: 'slack',
  async send(n: Notification): Promise<ChannelResult> {
    sent.push(n.title);
    return { channel: 'slack', detail: 'ok' };
  },
});

function deps(over: Partial<RecoveryDeps> = {}): RecoveryDeps {
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: () => NOW,
    random: () => 0.5,
    sleep: async () => undefined,
    actor: 'test',
    brake: createBrake(store, null),
  });
  return {
    client,
    repo: { owner: 'octo-org', repo: 'app' },
    store,
    guard,
    channels: [],
    issues: null,
    now: () => NOW,
    ...over,
  };
}

/** The run as the workflow_run handler reads it (one GET). */
async function runOf(id: number) {
  const { getWorkflowRun } = await import('@opsguard/github');
  return getWorkflowRun(client, { owner: 'octo-org', repo: 'app' }, id);
}

describe('handleRecoveredRun', () => {
  it('records the recovery with its time to recover and posts one completion message', async () => {
    const runId = recoveredRun();
    const sent: string[] = [];
    const recovery = await handleRecoveredRun(deps({ channels: [slack(sent)] }), await runOf(runId));
    expect(recovery).toMatchObject({ runId, attempt: 2, workflowName: 'CI', timeToRecoverMs: 12 * 60_000 });
    expect(sent).toEqual([`CI run ${String(runId)} recovered on attempt 2 after 12 min`]);
    const history = (await store.listRetryHistory({ repo: 'octo-org/app' })).filter((h) => h.runId === runId);
    expect(history).toEqual([expect.objectContaining({ decision: 'recovered', attempt: 2 })]);
    const rows = await store.listNotifications({ fingerprint: `recovery:${String(runId)}:2` });
    expect(rows).toEqual([expect.objectContaining({ channel: 'slack', delivered: true })]);
    expect(nock.isDone()).toBe(true);
  });

  it('a notification the store cannot record is reported in the log, and the recovery still completes', async () => {
    const runId = recoveredRun();
    const sent: string[] = [];
    const logged: string[] = [];
    const recovery = await handleRecoveredRun(
      deps({
        store: flakyNotifications(store, Number.POSITIVE_INFINITY),
        channels: [slack(sent)],
        log: (line) => logged.push(line),
      }),
      await runOf(runId),
    );
    expect(recovery?.attempt).toBe(2);
    expect(sent).toHaveLength(1);
    expect(logged).toEqual([
      `notifications: could not record recovery:${String(runId)}:2: store unavailable (pglite): connection lost`,
    ]);
  });

  it('a run that succeeded on its first attempt is no recovery: nothing recorded, nothing sent', async () => {
    const id = nextRunId++;
    nock(API)
      .get(`${REPO}/actions/runs/${id}`)
      .reply(200, aWorkflowRun({ id, run_attempt: 1, conclusion: 'success' }));
    const sent: string[] = [];
    expect(await handleRecoveredRun(deps({ channels: [slack(sent)] }), await runOf(id))).toBeNull();
    expect(sent).toEqual([]);
    expect((await store.listRetryHistory()).filter((h) => h.runId === id)).toEqual([]);
  });
});
