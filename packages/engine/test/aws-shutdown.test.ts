import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  createAwsClients,
  describeInstances,
  distributionState,
  getReservedConcurrency,
  type AwsClients,
} from '@opsguard/aws';
import {
  isConfigurationError,
  parseShutdownPlan,
  parseShutdownTargets,
  sealShutdownPlan,
  type ShutdownPlan,
} from '@opsguard/core';
import { createBrake, createGuard, DEFAULT_GUARD_POLICY, type Guard } from '@opsguard/guard';
import { startStandinAccount, type StandinAccount, type StandinAccountSpec } from '@opsguard/sample';
import { openPgliteStore, type Store } from '@opsguard/store';
import {
  applyShutdown,
  memoryRestoreRecords,
  planShutdown,
  recoverFromRecord,
  virtualClock,
  type AwsRunDeps,
} from '../src/index.js';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const START = new Date('2026-12-03T10:00:00Z');

const SPEC: StandinAccountSpec = {
  account: ACCOUNT,
  region: REGION,
  functions: [
    { name: 'checkout', reservedConcurrency: 25, tags: { 'opsguard:shutdown': 'yes' } },
    { name: 'thumbnails', tags: { 'opsguard:shutdown': 'yes' } },
  ],
  instances: [
    { id: 'i-0aaa1111', state: 'running', tags: { app: 'shop' } },
    { id: 'i-0bbb2222', state: 'running', tags: { app: 'shop' } },
    { id: 'i-0ccc3333', state: 'stopped', tags: { app: 'shop' } },
  ],
  distributions: [
    { id: 'E2SHOP123', enabled: true },
    { id: 'E2OLD0001', enabled: false },
  ],
};
const TARGETS = parseShutdownTargets({
  functions: { tag: 'opsguard:shutdown=yes' },
  instances: { tag: { key: 'app', value: 'shop' } },
  distributions: ['E2SHOP123', 'E2OLD0001'],
  ssmService: 'webshop',
});

let store: Store;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
});
afterAll(async () => {
  await store.close();
});

let account: StandinAccount;
let clients: AwsClients;
let clock: ReturnType<typeof virtualClock>;
let records: ReturnType<typeof memoryRestoreRecords>;
let guard: Guard;

async function world(spec: StandinAccountSpec = SPEC): Promise<void> {
  account = await startStandinAccount(spec);
  clients = await createAwsClients({
    region: REGION,
    endpoint: account.url,
    credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin' },
    maxAttempts: 1,
  });
}

const deps = (): AwsRunDeps => ({ clients, guard, clock, records });
const plan = (): Promise<ShutdownPlan> => planShutdown({ clients, clock }, { targets: TARGETS });

let day = 0;
beforeEach(() => {
  // A day apart per test: the guard's buckets and breakers in the shared store start fresh.
  day += 1;
  clock = virtualClock(new Date(START.getTime() + day * 86_400_000));
  records = memoryRestoreRecords();
  guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: () => clock.now(),
    random: () => 0.5,
    sleep: async () => undefined,
    actor: 'test',
    brake: createBrake(store, null),
  });
});
afterEach(async () => {
  clients.destroy();
  await account.close();
});

/** Every resource as the SDK reads it back. */
async function readBack() {
  return {
    checkout: await getReservedConcurrency(clients, 'checkout'),
    thumbnails: await getReservedConcurrency(clients, 'thumbnails'),
    instances: (await describeInstances(clients, { tag: { key: 'app', value: 'shop' } })).map((i) => [i.id, i.state]),
    shop: (await distributionState(clients, 'E2SHOP123')).enabled,
    old: (await distributionState(clients, 'E2OLD0001')).enabled,
  };
}

describe('plan', () => {
  beforeEach(() => world());
  it('records every target with its prior state, account, region and a SHA-256, changing nothing', async () => {
    const made = await plan();
    expect(made).toMatchObject({
      account: ACCOUNT,
      region: REGION,
      ssm: { service: 'webshop', instanceIds: ['i-0aaa1111', 'i-0bbb2222'] },
    });
    expect(made.functions).toEqual([
      { name: 'checkout', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:checkout`, reservedConcurrency: 25 },
      { name: 'thumbnails', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:thumbnails`, reservedConcurrency: null },
    ]);
    expect(made.distributions.map((d) => [d.id, d.enabled])).toEqual([
      ['E2SHOP123', true],
      ['E2OLD0001', false],
    ]);
    expect(made.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parseShutdownPlan(JSON.stringify(made))).toEqual(made);
    expect(
      account.server.requests().every((r) => !/^(Put|Delete|Stop|Start|Update|Send)/.test(r.operation ?? r.method)),
    ).toBe(true);
  });
  it('a missing function is one clear configuration error', async () => {
    const error = await planShutdown(
      { clients, clock },
      { targets: parseShutdownTargets({ functions: { names: ['gone'] } }) },
    ).catch((e: unknown) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/Lambda function gone does not exist/);
  });
});

describe('shutdown → recovery round trip', () => {
  beforeEach(() => world());
  it('shuts everything down in order, then restores every resource to its prior state (read back)', async () => {
    const before = await readBack();
    const made = await plan();
    const result = await applyShutdown(deps(), made);
    expect(result.overall_success).toBe(true);
    expect(result.phases.map((p) => [p.phase, p.status])).toEqual([
      ['lambda-concurrency', 'succeeded'],
      ['drain-wait', 'succeeded'],
      ['ssm-stop-service', 'succeeded'],
      ['ec2-stop', 'succeeded'],
      ['cloudfront-disable', 'succeeded'],
    ]);
    expect(await readBack()).toEqual({
      checkout: 0,
      thumbnails: 0,
      instances: [
        ['i-0aaa1111', 'stopped'],
        ['i-0bbb2222', 'stopped'],
        ['i-0ccc3333', 'stopped'],
      ],
      shop: false,
      old: false,
    });
    expect(clock.slept()).toBeGreaterThanOrEqual(30_000);
    expect(account.ssm.sent().map((c) => c.commands[0])).toEqual(['systemctl stop webshop', 'systemctl stop webshop']);
    const record = await records.load(made.sha256);
    expect(record?.status).toBe('shut-down');

    const recovery = await recoverFromRecord(deps(), record!, {
      healthCheck: { url: account.healthUrl },
      fetch: (url) => fetch(url),
    });
    expect(recovery).toMatchObject({ status: 'recovered', failedAt: undefined });
    expect(await readBack()).toEqual(before);
    expect((await records.load(made.sha256))?.status).toBe('recovered');
    // Restored exactly: the function that had no reservation has none (deleted), not a number.
    expect(account.lambda.reservation('thumbnails')).toBeUndefined();
  });

  it('records the restore record before the first change', async () => {
    const made = await plan();
    account.faults.inject({
      service: 'lambda',
      operation: 'PutFunctionConcurrency',
      code: 'ServiceException',
      status: 500,
    });
    const saved: string[] = [];
    const spy = {
      ...records,
      save: async (r: Parameters<typeof records.save>[0]) => {
        saved.push(`${r.status}:${r.steps.length}`);
        await records.save(r);
      },
    };
    await applyShutdown({ ...deps(), records: spy }, made);
    expect(saved[0]).toBe('shutdown-in-progress:0');
    expect(saved.length).toBeGreaterThan(made.functions.length + made.instances.length);
  });

  it('a second recovery after a full one reports skipped and changes nothing', async () => {
    const made = await plan();
    await applyShutdown(deps(), made);
    await recoverFromRecord(deps(), (await records.load(made.sha256))!);
    const calls = account.server.requests().length;
    const again = await recoverFromRecord(deps(), (await records.load(made.sha256))!);
    expect(again.status).toBe('skipped');
    expect(
      account.server
        .requests()
        .slice(calls)
        .filter((r) => /^(Put|Delete|Start|Update)/.test(r.operation ?? '')),
    ).toEqual([]);
  });
});

describe('shutdown continues past each injected failure and reports it', () => {
  beforeEach(() =>
    world({
      ...SPEC,
      instances: [
        { id: 'i-0aaa1111', state: 'running', tags: { app: 'shop' }, stuckStopping: true },
        { id: 'i-0bbb2222', state: 'running', tags: { app: 'shop' } },
      ],
    }),
  );
  it('throttling on Lambda, AccessDenied on SSM, an instance that will not stop, PreconditionFailed on CloudFront', async () => {
    const made = await plan();
    account.faults.inject({
      service: 'lambda',
      operation: 'PutFunctionConcurrency',
      code: 'TooManyRequestsException',
      status: 429,
      resource: 'checkout',
    });
    account.faults.inject({
      service: 'ssm',
      operation: 'SendCommand',
      code: 'AccessDeniedException',
      status: 400,
      resource: 'i-0bbb2222',
    });
    account.faults.inject({
      service: 'cloudfront',
      operation: 'UpdateDistribution',
      code: 'PreconditionFailed',
      status: 412,
    });
    const result = await applyShutdown(deps(), made);
    expect(result.overall_success).toBe(false);
    const byPhase = Object.fromEntries(result.phases.map((p) => [p.phase, p]));
    expect(byPhase['lambda-concurrency']).toMatchObject({
      status: 'partial',
      errors: [expect.objectContaining({ kind: 'throttling', code: 'TooManyRequestsException' })],
    });
    expect(byPhase['ssm-stop-service']).toMatchObject({
      status: 'partial',
      errors: [expect.objectContaining({ kind: 'access-denied' })],
    });
    expect(byPhase['ec2-stop']).toMatchObject({
      status: 'partial',
      errors: [expect.objectContaining({ code: 'DidNotStop', kind: 'timeout' })],
    });
    expect(byPhase['cloudfront-disable']).toMatchObject({
      status: 'failed',
      errors: [expect.objectContaining({ kind: 'precondition-failed' })],
    });
    // It went on: the other function, the other instance were still shut down.
    expect(account.lambda.reservation('thumbnails')).toBe(0);
    expect(account.ec2.state('i-0bbb2222')).toBe('stopped');
    const record = await records.load(made.sha256);
    expect(record?.steps.filter((s) => s.status === 'failed').map((s) => s.phase)).toEqual([
      'shutdown:lambda-concurrency',
      'shutdown:ssm-stop-service',
      'shutdown:ec2-stop',
      'shutdown:cloudfront-disable',
    ]);
  });

  it('a function that disappeared between plan and apply is reported as not-found', async () => {
    const made = await plan();
    account.faults.inject({
      service: 'lambda',
      operation: 'PutFunctionConcurrency',
      code: 'ResourceNotFoundException',
      status: 404,
      resource: 'checkout',
    });
    const result = await applyShutdown(deps(), made);
    expect(result.phases[0]?.errors).toEqual([
      expect.objectContaining({ kind: 'not-found', resource: made.functions[0]?.arn }),
    ]);
  });

  it('an instance-store root is refused unless forced', async () => {
    await account.close();
    clients.destroy();
    await world({
      ...SPEC,
      instances: [{ id: 'i-0ddd4444', state: 'running', rootDeviceType: 'instance-store', tags: { app: 'shop' } }],
    });
    const result = await applyShutdown(deps(), await plan());
    expect(result.phases.find((p) => p.phase === 'ec2-stop')?.errors).toEqual([
      expect.objectContaining({ code: 'InstanceStoreRoot' }),
    ]);
    expect(account.ec2.state('i-0ddd4444')).toBe('running');
  });
});

describe('bad input: one clear error, nothing changed', () => {
  beforeEach(() => world());
  const mutations = () =>
    account.server
      .requests()
      .filter((r) => /^(Put|Delete|Stop|Start|Update|Send)/.test(r.operation ?? '') || r.method === 'PUT');
  const refused = async (made: ShutdownPlan, pattern: RegExp) => {
    const error = await applyShutdown(deps(), made).catch((e: unknown) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
    expect(mutations()).toEqual([]);
    expect(records.all()).toEqual([]);
  };

  it('a plan for another account', async () => {
    const { sha256: _drop, ...body } = await plan();
    await refused(
      sealShutdownPlan({ ...body, account: '999999999999' }),
      /made for account 999999999999.*123456789012/,
    );
  });
  it('a plan for another region', async () => {
    const { sha256: _drop, ...body } = await plan();
    await refused(sealShutdownPlan({ ...body, region: 'us-west-2' }), /made for region us-west-2/);
  });
  it('a stale plan', async () => {
    const made = await plan();
    await clock.sleep(2 * 60 * 60_000);
    await refused(made, /stale/);
  });
  it('an edited plan', () => {
    return plan().then((made) => {
      const edited = JSON.stringify({ ...made, functions: [] });
      expect(() => parseShutdownPlan(edited)).toThrow(/SHA-256 does not match/);
    });
  });
  it('a malformed target list', () => {
    expect(() => parseShutdownTargets({ instances: { ids: ['i-1', 'web-1'] } })).toThrow(
      /targets.instances.ids\[0\]: "i-1" is not an EC2 instance id/,
    );
    expect(() => parseShutdownTargets({ lambdas: [] })).toThrow(/targets.lambdas: unknown key/);
    expect(() => parseShutdownTargets({})).toThrow(/nothing to shut down/);
    expect(() => parseShutdownTargets({ functions: { tag: 'novalue' } })).toThrow(/not a tag like Key=Value/);
  });
  it('a missing region', async () => {
    await expect(createAwsClients({ region: '' })).rejects.toThrow(/AWS region is missing/);
  });
});

describe('recovery aborts at the first failure, and a second run resumes from the restore record', () => {
  it('an instance that returns to stopped is reported with its StateReason, not as a time-out; the next run resumes', async () => {
    await world({
      ...SPEC,
      instances: [
        { id: 'i-0aaa1111', state: 'running', tags: { app: 'shop' } },
        {
          id: 'i-0bbb2222',
          state: 'running',
          tags: { app: 'shop' },
          startFailure: { code: 'Client.InternalError', message: 'Client.InternalError: Client error on launch' },
        },
      ],
    });
    const before = await readBack();
    const made = await plan();
    await applyShutdown(deps(), made);
    const first = await recoverFromRecord(deps(), (await records.load(made.sha256))!);
    expect(first).toMatchObject({
      status: 'failed',
      failedAt: {
        phase: 'ec2-start',
        error: { code: 'Client.InternalError', message: expect.stringMatching(/returned to stopped/) },
      },
    });
    // Aborted: the functions and the distribution were not touched yet.
    expect(account.lambda.reservation('checkout')).toBe(0);
    expect(account.cloudfront.enabled('E2SHOP123')).toBe(false);
    const afterFirst = await records.load(made.sha256);
    expect(afterFirst?.status).toBe('recovery-failed');

    account.ec2.heal('i-0bbb2222');
    const startsBefore = account.server.requests().filter((r) => r.operation === 'StartInstances').length;
    const second = await recoverFromRecord(deps(), afterFirst!);
    expect(second.status).toBe('recovered');
    // The instance done in the first run is not started again.
    const starts = account.server
      .requests()
      .filter((r) => r.operation === 'StartInstances')
      .slice(startsBefore);
    expect(starts.map((r) => r.body)).toEqual([expect.stringContaining('i-0bbb2222')]);
    expect(await readBack()).toEqual(before);
  });

  it('a health check that never passes stops recovery after 5 tries 5 s apart (injected clock)', async () => {
    await world();
    const made = await plan();
    await applyShutdown(deps(), made);
    account.setHealth(503);
    const sleptBefore = clock.slept();
    const result = await recoverFromRecord(deps(), (await records.load(made.sha256))!, {
      healthCheck: { url: account.healthUrl },
      fetch: (url) => fetch(url),
    });
    expect(result).toMatchObject({
      status: 'failed',
      failedAt: { phase: 'health-check', error: { message: '5 tries: HTTP 503 (expected 200)' } },
    });
    expect(clock.slept() - sleptBefore).toBeGreaterThanOrEqual(4 * 5_000);
    expect(account.lambda.reservation('checkout')).toBe(0);
  });

  it('AccessDenied on StartInstances stops at ec2-start; a stopping instance is waited for, then started', async () => {
    await world();
    const made = await plan();
    await applyShutdown(deps(), made);
    account.faults.inject({
      service: 'ec2',
      operation: 'StartInstances',
      code: 'UnauthorizedOperation',
      status: 403,
      times: 1,
    });
    const first = await recoverFromRecord(deps(), (await records.load(made.sha256))!);
    expect(first.failedAt).toMatchObject({ phase: 'ec2-start', error: { kind: 'access-denied' } });
    account.ec2.setState('i-0aaa1111', 'stopping');
    const second = await recoverFromRecord(deps(), (await records.load(made.sha256))!);
    expect(second.status).toBe('recovered');
    expect(account.ec2.state('i-0aaa1111')).toBe('running');
  });

  it('an instance already running is a distinct skipped outcome', async () => {
    await world();
    const made = await plan();
    await applyShutdown(deps(), made);
    account.ec2.setState('i-0aaa1111', 'running');
    const result = await recoverFromRecord(deps(), (await records.load(made.sha256))!);
    const ec2 = result.phases.find((p) => p.phase === 'ec2-start');
    expect(ec2?.resources).toContainEqual(expect.objectContaining({ outcome: 'skipped', detail: 'already running' }));
  });
});
