// The rollback engine end to end on the replay: plan, then apply exactly that plan; every step
// read back; a failure injected at each step reports the step, leaves a record, and a second
// apply completes. Bad input changes nothing.
import { afterEach, describe, expect, test } from '@jest/globals';
import { isConfigurationError, rollbackPlanHash, type RollbackPlan } from '@opsguard/core';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayServer } from '@opsguard/sample';
import { MemoryStore, rollbackHistoryOf, rollbackRecordsOf, type Store } from '@opsguard/store';
import { aWorkflowRun } from '@opsguard/testing';
import {
  applyRollback,
  createRuntime,
  findPlan,
  planRollback,
  rollbackDepsOf,
  virtualClock,
  type RollbackDeps,
  type RollbackRequest,
  type RollbackStopTiming,
  type Runtime,
} from '../src/index.js';

const REPO = { owner: 'acme', repo: 'webshop' };
const DEPLOY = 61200421;
const LINT = 61200418;
const E2E = 61200419;
const GOOD = '{ "replicas": 2 }\n';
const BAD = '{ "replicas": 200 }\n';

let server: ReplayServer | undefined;
let runtime: Runtime | undefined;

afterEach(async () => {
  await runtime?.close();
  await server?.close();
  server = undefined;
  runtime = undefined;
});

const running = (id: number) =>
  aWorkflowRun({
    id,
    workflow_id: DEPLOY,
    status: 'in_progress',
    conclusion: null,
    created_at: '2026-11-20T10:20:00Z',
  });

interface Setup {
  readonly server: ReplayServer;
  readonly deps: RollbackDeps;
  readonly store: Store;
  readonly goodCommit: string;
  readonly clock: ReturnType<typeof virtualClock>;
}

async function setup(token = 'ghp_rollbackTestToken0000000000000000', stop?: RollbackStopTiming): Promise<Setup> {
  const sample = await loadSample(defaultSampleDir());
  const clock = virtualClock(new Date(sample.manifest.now));
  server = await startReplayServer({
    sample,
    // The API answers on the same virtual clock: each request's `at` says when it came.
    now: clock.now,
    runs: [running(7001), running(7002)],
    ignoresCancel: [7002],
    // Lint: the kill switch disabled it (recorded below); E2E: a person disabled it before.
    disabledWorkflows: ['lint.yml', 'e2e.yml'],
    variables: { OPSGUARD_KILL: 'service:github:acme/webshop:Deploy' },
    secrets: { repository: ['DEPLOY_KEY', 'NPM_TOKEN'], environments: { production: ['AWS_ROLE'] } },
    tokensWithoutSecrets: ['ghs_noSecretsToken000000000000000000'],
    git: {
      commits: [
        { message: 'deploy config', files: { 'config/deploy.json': GOOD, 'README.md': 'shop\n' } },
        { message: 'scale up', files: { 'config/deploy.json': BAD, 'README.md': 'shop\n' } },
      ],
    },
  });
  const store = new MemoryStore();
  runtime = await createRuntime({
    repo: REPO,
    token,
    apiUrl: server.url,
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
  });
  await rollbackRecordsOf(store).createRecord(
    {
      id: 'ks-1',
      kind: 'kill-switch',
      repo: 'acme/webshop',
      scope: 'service:github:acme/webshop:Deploy',
      reason: 'retry storm',
      priorState: {
        [`workflow:${LINT}`]: 'active',
        [`workflow:${E2E}`]: 'disabled_manually',
        'variable:OPSGUARD_KILL': '<absent>',
      },
      createdBy: 'opsguard',
    },
    new Date(sample.manifest.now),
  );
  const goodCommit = server.git.log('main')[1]?.sha ?? '';
  return { server, deps: rollbackDepsOf(runtime, REPO, 'alice', () => undefined, stop), store, goodCommit, clock };
}

const request = (goodCommit: string, over: Partial<RollbackRequest> = {}): RollbackRequest => ({
  trigger: { condition: 'manual', detail: 'bad scale-up' },
  workflow: 'Deploy',
  stopWorkflow: true,
  secrets: ['NPM_TOKEN', 'production/AWS_ROLE'],
  files: ['config/deploy.json'],
  goodCommit,
  reenableDisabled: true,
  restoreVariables: true,
  ...over,
});

async function stateOf(s: ReplayServer, id: number): Promise<string> {
  const response = await fetch(`${s.url}/repos/acme/webshop/actions/workflows/${id}`);
  return ((await response.json()) as { state: string }).state;
}

async function runOf(s: ReplayServer, id: number): Promise<string> {
  const response = await fetch(`${s.url}/repos/acme/webshop/actions/runs/${id}`);
  const run = (await response.json()) as { status: string; conclusion: string | null };
  return `${run.status}/${run.conclusion}`;
}

describe('rollback on the replay', () => {
  test('plan then apply: every step done and read back, the replay’s state proves each', async () => {
    const { server: s, deps, store, goodCommit } = await setup();
    const head = s.git.log('main')[0]?.sha;
    const planned = await planRollback(deps, request(goodCommit));
    expect(planned.plan.steps.map((step) => step.kind)).toEqual([
      'stop-workflow',
      'remove-secret',
      'remove-secret',
      'restore-files',
      'enable-workflow',
      'restore-variable',
    ]);
    expect(planned.hash).toBe(rollbackPlanHash(planned.plan));
    // Planning changed nothing.
    expect(s.git.log('main')[0]?.sha).toBe(head);
    expect(s.secrets.names()).toEqual(['DEPLOY_KEY', 'NPM_TOKEN']);
    expect(await stateOf(s, DEPLOY)).toBe('active');

    const plan = await findPlan(rollbackHistoryOf(store), planned.hash);
    const applied = await applyRollback(deps, plan, planned.hash);
    expect(applied.status).toBe('applied');
    expect(applied.steps.every((step) => step.status === 'done')).toBe(true);

    expect(await stateOf(s, DEPLOY)).toBe('disabled_manually');
    expect([await runOf(s, 7001), await runOf(s, 7002)]).toEqual(['completed/cancelled', 'completed/cancelled']);
    expect(s.requests().some((r) => r.path.endsWith('/actions/runs/7002/force-cancel'))).toBe(true);
    expect(s.secrets.names()).toEqual(['DEPLOY_KEY']);
    expect(s.secrets.names('production')).toEqual([]);
    expect(s.git.fileAt('main', 'config/deploy.json')).toBe(GOOD);
    const [restore, scaleUp] = s.git.log('main');
    expect(restore?.parents).toEqual([scaleUp?.sha]);
    expect(restore?.message).toContain(planned.hash);
    expect(
      s
        .requests()
        .some(
          (r) => r.method === 'PATCH' && /git\/refs/.test(r.path) && (r.body as { force: boolean }).force === false,
        ),
    ).toBe(true);
    expect(await stateOf(s, LINT)).toBe('active');
    expect(await stateOf(s, E2E)).toBe('disabled_manually');
    expect(
      s
        .requests()
        .some((r) => r.method === 'GET' && r.path.endsWith('/actions/variables/OPSGUARD_KILL') && r.status === 404),
    ).toBe(true);

    const records = rollbackRecordsOf(store);
    expect((await records.getRecord(applied.recordId))?.status).toBe('applied');
    expect((await records.getRecord('ks-1'))?.status).toBe('restored');
    const events = (await rollbackHistoryOf(store).list({ planHash: planned.hash })).map((e) => e.event);
    expect(events).toEqual(['planned', 'apply-started', ...plan.steps.map(() => 'step-done'), 'applied']);
  });

  const faults: readonly [string, string, RegExp][] = [
    ['stop-workflow', 'PUT', /\/actions\/workflows\/\d+\/disable$/],
    ['remove-secret', 'DELETE', /\/actions\/secrets\/NPM_TOKEN$/],
    ['restore-files', 'PATCH', /\/git\/refs\/heads/],
    ['enable-workflow', 'PUT', /\/actions\/workflows\/\d+\/enable$/],
    ['restore-variable', 'DELETE', /\/actions\/variables\/OPSGUARD_KILL$/],
  ];

  test.each(faults)(
    'a 5xx that outlasts the retries at %s reports that step; a second apply completes',
    async (kind, method, path) => {
      const { server: s, deps, goodCommit } = await setup();
      const planned = await planRollback(deps, request(goodCommit, { secrets: ['NPM_TOKEN'] }));
      s.injectFault({ method, path, status: 502, times: 1_000 });
      const first = await applyRollback(deps, planned.plan, planned.hash);
      expect(first.status).toBe('partial');
      expect(first.failedStep?.kind).toBe(kind);
      expect(first.failedStep?.detail).toMatch(/502/);
      const record = await deps.records.getRecord(first.recordId);
      expect(record?.status).toBe('partial');
      expect(record?.steps.find((st) => st.kind === kind)?.status).toBe('failed');

      s.clearFaults();
      const second = await applyRollback(deps, planned.plan, planned.hash);
      expect(second.status).toBe('applied');
      expect(second.attempt).toBe(2);
      expect(s.git.fileAt('main', 'config/deploy.json')).toBe(GOOD);
      expect(await stateOf(s, LINT)).toBe('active');
      expect(s.secrets.names()).toEqual(['DEPLOY_KEY']);
      // Put back once: one restore commit, whichever step failed first.
      expect(s.git.log('main').filter((c) => c.message.startsWith('Roll back'))).toHaveLength(1);
      expect((await deps.records.getRecord(first.recordId))?.status).toBe('applied');
    },
  );
});

describe('the stop step is the kill switch’s stop', () => {
  const cancels = (s: ReplayServer, runId: number, what: 'cancel' | 'force-cancel') =>
    s.requests().filter((r) => r.method === 'POST' && r.path.endsWith(`/actions/runs/${runId}/${what}`));
  const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

  test('cancel first; force-cancel only the run that ignored it, only after force-after; bounded', async () => {
    const { server: s, deps, goodCommit, clock } = await setup();
    const planned = await planRollback(deps, request(goodCommit, { secrets: [], files: [] }));
    const started = clock.now().toISOString();
    const applied = await applyRollback(deps, planned.plan, planned.hash);
    expect(applied.status).toBe('applied');
    const [cancel] = cancels(s, 7002, 'cancel');
    const force = cancels(s, 7002, 'force-cancel');
    expect(cancel).toBeDefined();
    expect(force).toHaveLength(1);
    // The run that obeyed the cancel is never force-cancelled.
    expect(cancels(s, 7001, 'cancel')).toHaveLength(1);
    expect(cancels(s, 7001, 'force-cancel')).toEqual([]);
    // Force-cancel no sooner than 120 s after the cancel, and no later than one poll after that.
    const waited = seconds(cancel!.at, force[0]!.at);
    expect(waited).toBeGreaterThanOrEqual(120);
    expect(waited).toBeLessThanOrEqual(130);
    expect(applied.steps[0]?.detail).toMatch(/2 run\(s\) cancelled, 1 force-cancelled; none running/);
    // The whole apply stays within force-after plus one poll (virtual time: nothing slept for real).
    expect(seconds(started, clock.now().toISOString())).toBeLessThanOrEqual(130);
    // Each call is recorded in the apply's record, whose prior state was written before the first.
    const record = await deps.records.getRecord(applied.recordId);
    expect(record?.priorState[`workflow:${DEPLOY}`]).toBe('active');
    expect(record?.steps.map((st) => st.id)).toEqual(
      expect.arrayContaining([
        `stop-workflow:${DEPLOY}/disable:${DEPLOY}`,
        `stop-workflow:${DEPLOY}/cancel:7002`,
        `stop-workflow:${DEPLOY}/force-cancel:7002`,
        `stop-workflow:${DEPLOY}`,
      ]),
    );
  });

  test('force-after from the deps: a shorter wait force-cancels sooner', async () => {
    const { server: s, deps, goodCommit } = await setup(undefined, { forceAfterMs: 30_000, pollMs: 5_000 });
    const planned = await planRollback(deps, request(goodCommit, { secrets: [], files: [] }));
    await applyRollback(deps, planned.plan, planned.hash);
    const waited = seconds(cancels(s, 7002, 'cancel')[0]!.at, cancels(s, 7002, 'force-cancel')[0]!.at);
    expect(waited).toBeGreaterThanOrEqual(30);
    expect(waited).toBeLessThanOrEqual(35);
  });

  test('a force-cancel that keeps failing: the step fails in bounded time naming the run; a second apply finishes', async () => {
    const { server: s, deps, goodCommit, clock } = await setup();
    const planned = await planRollback(deps, request(goodCommit, { secrets: [], files: [] }));
    s.injectFault({ method: 'POST', path: /\/actions\/runs\/7002\/force-cancel$/, status: 502, times: 1_000 });
    const started = clock.now().getTime();
    const first = await applyRollback(deps, planned.plan, planned.hash);
    expect(first.status).toBe('partial');
    expect(first.failedStep?.kind).toBe('stop-workflow');
    expect(first.failedStep?.detail).toMatch(/run:7002 \(force-cancel-run: .*502/);
    expect(first.steps.slice(1).every((st) => st.status === 'pending')).toBe(true);
    // Force-after (120 s) + the guard's retries + the settle wait (30 s): bounded, not hung.
    expect((clock.now().getTime() - started) / 1000).toBeLessThan(240);
    expect(await runOf(s, 7002)).toBe('in_progress/null');

    s.clearFaults();
    const second = await applyRollback(deps, planned.plan, planned.hash);
    expect(second.status).toBe('applied');
    expect(await runOf(s, 7002)).toBe('completed/cancelled');
    expect(await stateOf(s, DEPLOY)).toBe('disabled_manually');
    // The workflow was disabled once: the second apply found it disabled by this plan's record.
    expect(s.requests().filter((r) => r.path.endsWith(`/workflows/${DEPLOY}/disable`))).toHaveLength(1);
  });
});

describe('bad input changes nothing', () => {
  async function rejection(promise: Promise<unknown>): Promise<Error> {
    const error = await promise.then(
      () => new Error('expected a refusal'),
      (e: unknown) => e as Error,
    );
    expect(isConfigurationError(error)).toBe(true);
    return error;
  }

  test('a plan hash that does not match', async () => {
    const { server: s, deps, goodCommit } = await setup();
    const planned = await planRollback(deps, request(goodCommit));
    const tampered: RollbackPlan = { ...planned.plan, steps: planned.plan.steps.slice(1) };
    const error = await rejection(applyRollback(deps, tampered, planned.hash));
    expect(error.message).toContain('plan-hash does not match');
    expect(s.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await rejection(findPlan(deps.history, 'f'.repeat(64)))).toHaveProperty(
      'message',
      expect.stringContaining('no rollback plan'),
    );
    expect(await rejection(findPlan(deps.history, 'nope'))).toHaveProperty(
      'message',
      expect.stringContaining('64 hex digits'),
    );
  });

  test('a branch that moved since the plan', async () => {
    const { server: s, deps, goodCommit } = await setup();
    const planned = await planRollback(deps, request(goodCommit));
    // Someone pushes after the plan.
    const head = s.git.log('main')[0]!;
    const moved = s.git.putCommit(head.tree, [head.sha], 'someone else', '2026-12-03T06:00:00Z');
    s.git.refs.set('heads/main', moved.sha);
    const error = await rejection(applyRollback(deps, planned.plan, planned.hash));
    expect(error.message).toMatch(/branch main moved since the plan .*nothing was changed/);
    expect(s.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await stateOf(s, DEPLOY)).toBe('active');
  });

  test('a token without Secrets: write: one error naming the permission, at plan and at apply', async () => {
    const weak = await setup('ghs_noSecretsToken000000000000000000');
    const error = await rejection(planRollback(weak.deps, request(weak.goodCommit)));
    expect(error.message).toContain('"Secrets: write"');
    expect(weak.server.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  test('a workflow that matches nothing, a file that exists nowhere, a secret that is not there', async () => {
    const { server: s, deps, goodCommit } = await setup();
    expect((await rejection(planRollback(deps, request(goodCommit, { workflow: 'Nope' })))).message).toContain(
      'workflow "Nope" matches no workflow',
    );
    expect(
      (await rejection(planRollback(deps, request(goodCommit, { files: ['config/none.json'] })))).message,
    ).toContain('file "config/none.json"');
    expect((await rejection(planRollback(deps, request(goodCommit, { secrets: ['GONE'] })))).message).toContain(
      'secret "GONE" does not exist',
    );
    expect((await rejection(planRollback(deps, request('0'.repeat(40))))).message).toContain('is not a commit');
    expect(s.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  test('stopping the workflow that runs the rollback is refused: it would cancel itself', async () => {
    const { server: s, deps, goodCommit } = await setup();
    const self = '.github/workflows/deploy.yml';
    const error = await rejection(planRollback(deps, request(goodCommit, { self })));
    expect(error.message).toContain(`is ${self}, the workflow running this rollback`);
    // Without the stop it plans (the other steps do not touch the running workflow).
    const planned = await planRollback(deps, request(goodCommit, { self, stopWorkflow: false }));
    expect(planned.plan.steps.map((st) => st.kind)).not.toContain('stop-workflow');
    expect(s.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
