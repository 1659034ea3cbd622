import { afterEach, describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@opsguard/core';
import { createGitHubClient, type GitHubClient } from '@opsguard/github';
import { createBrake, createGuard, DEFAULT_GUARD_POLICY, type Guard } from '@opsguard/guard';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayFault, type ReplayServer } from '@opsguard/sample';
import { MemoryStore, rollbackRecordsOf } from '@opsguard/store';
import { aWorkflowRun } from '@opsguard/testing';
import {
  guardClassifier,
  openKillSwitchRecord,
  restoreWorkflows,
  stopWorkflows,
  virtualClock,
  type StopWorkflowsDeps,
} from '../src/index.js';

// The sample's workflows (examples/sample/workflows.json).
const CI = 61200417;
const LINT = 61200418;
const E2E = 61200419;
const NIGHTLY = 61200420;
const DEPLOY = 61200421;
const RELEASE = 61200422;
const REPO = { owner: 'acme', repo: 'webshop' };
const IGNORES_CANCEL = 9005;

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const aRun = (id: number, workflowId: number, status: 'queued' | 'in_progress') =>
  aWorkflowRun({
    id,
    workflow_id: workflowId,
    status,
    conclusion: null,
    created_at: `2026-11-20T10:${String(id % 60).padStart(2, '0')}:00Z`,
  });

/** 5 queued and 5 in-progress runs over CI, E2E and Lint (disabled by a person before). */
const RUNS = [
  aRun(9001, CI, 'queued'),
  aRun(9002, CI, 'queued'),
  aRun(9003, E2E, 'queued'),
  aRun(9004, DEPLOY, 'queued'),
  aRun(9009, LINT, 'queued'),
  aRun(IGNORES_CANCEL, CI, 'in_progress'),
  aRun(9006, CI, 'in_progress'),
  aRun(9007, E2E, 'in_progress'),
  aRun(9008, DEPLOY, 'in_progress'),
  aRun(9010, LINT, 'in_progress'),
];

interface Setup {
  readonly deps: StopWorkflowsDeps;
  readonly store: MemoryStore;
  readonly clock: ReturnType<typeof virtualClock>;
  readonly server: ReplayServer;
  readonly client: GitHubClient;
}

async function setUp(options: { faults?: ReplayFault[]; guardRetries?: number } = {}): Promise<Setup> {
  const sample = await loadSample(defaultSampleDir());
  const clock = virtualClock(new Date(sample.manifest.now));
  server = await startReplayServer({
    sample,
    now: clock.now,
    runs: RUNS,
    ignoresCancel: [IGNORES_CANCEL],
    disabledWorkflows: ['lint.yml'],
    faults: options.faults ?? [],
  });
  const client = await createGitHubClient({
    token: 'replay-token',
    baseUrl: server.url,
    retryBaseMs: 0,
    maxRetries: 0,
    paceRequests: false,
    now: () => clock.now().getTime(),
    sleep: async () => undefined,
  });
  const store = new MemoryStore();
  // The global switch is on: the brake must pass it (and the drained per-action bucket, 5/min).
  await store.setKillSwitch({
    scope: 'global',
    target: '*',
    active: true,
    reason: 'storm',
    actor: 'test',
    at: clock.now(),
  });
  const guard: Guard = createGuard({
    store,
    policy: { ...DEFAULT_GUARD_POLICY, maxRetries: options.guardRetries ?? 3 },
    now: clock.now,
    random: () => 0.5,
    sleep: clock.sleep,
    actor: 'test',
    brake: createBrake(store, { source: 'input', read: async () => 'true' }),
    classifyFailure: guardClassifier(clock.now, 0),
  });
  return {
    deps: { client, repo: REPO, guard, records: rollbackRecordsOf(store), now: clock.now, sleep: clock.sleep },
    store,
    clock,
    server,
    client,
  };
}

const request = {
  scope: 'global' as const,
  target: '*',
  reason: 'retry storm on CI',
  actor: 'mona via Kill switch',
  self: '.github/workflows/release.yml',
  allow: ['nightly.yml'],
};

async function stateOf(client: GitHubClient, id: number): Promise<string> {
  const { data } = await client.request<{ state: string }>(
    'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}',
    {
      ...REPO,
      workflow_id: id,
    },
  );
  return data.state;
}

async function unfinished(client: GitHubClient): Promise<number[]> {
  const ids: number[] = [];
  for (const status of ['queued', 'in_progress']) {
    const { data } = await client.request<{ workflow_runs: { id: number }[] }>(
      'GET /repos/{owner}/{repo}/actions/runs',
      {
        ...REPO,
        status,
      },
    );
    ids.push(...data.workflow_runs.map((r) => r.id));
  }
  return ids;
}

describe('stopWorkflows on the replay', () => {
  test('5 queued + 5 in progress (one ignoring cancel): none left within the force-cancel limit; --restore re-enables exactly what was active', async () => {
    const { deps, store, clock, server, client } = await setUp();

    const result = await stopWorkflows(deps, request);

    expect(await unfinished(client)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.notStopped).toEqual([]);
    expect(result.forceCancelled).toEqual([IGNORES_CANCEL]);
    expect([...result.cancelled].sort()).toEqual(RUNS.map((r) => Number(r.id)).sort());
    // Polled on the injected clock: force-cancel at 120 s, nothing slept for real.
    expect(clock.slept()).toBeGreaterThanOrEqual(120_000);
    expect(clock.slept()).toBeLessThanOrEqual(120_000 + 10_000);
    expect(Object.fromEntries(result.workflows.map((w) => [w.name, w.outcome]))).toEqual({
      CI: 'disabled',
      Lint: 'left-disabled',
      E2E: 'disabled',
      Nightly: 'spared-allow-list',
      Deploy: 'disabled',
      Release: 'spared-self',
    });
    for (const id of [CI, LINT, E2E, DEPLOY]) expect(await stateOf(client, id)).toBe('disabled_manually');
    for (const id of [NIGHTLY, RELEASE]) expect(await stateOf(client, id)).toBe('active');

    // Every brake call was audited as the brake's own, and none was refused (switch on, 5/min).
    const audit = await store.listAudit();
    expect(audit.length).toBe(3 + 10 + 1);
    expect(audit.every((a) => a.outcome === 'SUCCESS' && a.details['brake'] === true)).toBe(true);

    // The record was written before the first change, with the prior states.
    const record = await openKillSwitchRecord(deps.records, 'acme/webshop', 'global:*');
    expect(record?.priorState).toEqual({
      [`workflow:${CI}`]: 'active',
      [`workflow:${LINT}`]: 'disabled_manually',
      [`workflow:${E2E}`]: 'active',
      [`workflow:${DEPLOY}`]: 'active',
    });
    expect(record?.status).toBe('applied');
    expect(record?.createdAt).toBe(new Date(Date.parse('2026-11-20T10:30:00Z')).toISOString());

    const mark = server.requests().length;
    const restored = await restoreWorkflows(deps, record!);

    expect(restored.verified).toBe(true);
    const enables = server
      .requests()
      .slice(mark)
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.path}`);
    expect(enables.sort()).toEqual(
      [CI, E2E, DEPLOY].map((id) => `PUT /repos/acme/webshop/actions/workflows/${id}/enable`).sort(),
    );
    expect(await stateOf(client, LINT)).toBe('disabled_manually');
    for (const id of [CI, E2E, DEPLOY, NIGHTLY, RELEASE]) expect(await stateOf(client, id)).toBe('active');
    expect((await deps.records.getRecord(record!.id))?.status).toBe('restored');
  });

  test('a 5xx in the middle of a stop is retried; the runs still end', async () => {
    const { deps, client } = await setUp({
      faults: [
        { method: 'POST', path: /\/runs\/9006\/cancel$/, status: 502, times: 1 },
        { method: 'PUT', path: new RegExp(`/workflows/${E2E}/disable$`), status: 503, times: 1 },
      ],
    });

    const result = await stopWorkflows(deps, request);

    expect(result.verified).toBe(true);
    expect(result.cancelled).toContain(9006);
    expect(await stateOf(client, E2E)).toBe('disabled_manually');
    expect(await unfinished(client)).toEqual([]);
  });

  test('what still failed is listed; a second run finishes the job from the same record', async () => {
    const { deps, server, client } = await setUp({
      guardRetries: 1,
      faults: [{ method: 'PUT', path: new RegExp(`/workflows/${CI}/disable$`), status: 502, times: 2 }],
    });

    const first = await stopWorkflows(deps, request);

    expect(first.verified).toBe(false);
    expect(first.notStopped).toEqual([expect.objectContaining({ target: `workflow:${CI}`, step: 'disable-workflow' })]);
    expect(first.workflows.find((w) => w.id === CI)?.outcome).toBe('failed');
    const partial = await deps.records.getRecord(first.recordId);
    expect(partial?.status).toBe('partial');

    const mark = server.requests().length;
    const second = await stopWorkflows(deps, request);

    expect(second.recordId).toBe(first.recordId);
    expect(second.verified).toBe(true);
    expect(await stateOf(client, CI)).toBe('disabled_manually');
    // Only the workflow left active is disabled again: the others are not touched twice.
    const writes = server
      .requests()
      .slice(mark)
      .filter((r) => r.method === 'PUT')
      .map((r) => r.path);
    expect(writes).toEqual([`/repos/acme/webshop/actions/workflows/${CI}/disable`]);
    const record = await deps.records.getRecord(first.recordId);
    expect(record?.status).toBe('applied');
    // The second run saw E2E disabled, but its prior state stays what it was before the first change.
    expect(record?.priorState[`workflow:${E2E}`]).toBe('active');
  });

  test('a service target that matches no workflow: one clear error, nothing changed', async () => {
    const { deps, server } = await setUp();

    const error = await stopWorkflows(deps, { ...request, scope: 'service', target: 'github:acme/webshop:Nope' }).catch(
      (e: unknown) => e,
    );

    expect(isConfigurationError(error)).toBe(true);
    expect(String(error)).toContain('target "github:acme/webshop:Nope" matches no workflow');
    expect(server.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  test('a service switch stops only its workflow', async () => {
    const { deps, client } = await setUp();

    const result = await stopWorkflows(deps, { ...request, scope: 'service', target: 'github:acme/webshop:E2E' });

    expect(result.workflows.map((w) => [w.name, w.outcome])).toEqual([['E2E', 'disabled']]);
    expect(await stateOf(client, CI)).toBe('active');
    expect(await unfinished(client)).toEqual(expect.arrayContaining([9001, 9002, IGNORES_CANCEL, 9006]));
  });
});
