import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { openPgliteStore, type Store } from '@opsguard/store';
import { auditId, brakeGuard, breakerFor, createBrake, DEFAULT_GUARD_POLICY, type GuardPolicy } from '../src/index.js';
import { aCall, failing, harness, ROOMY, TestClock, transientError, uid } from './support/harness.js';

// One embedded store for the file (opening PGlite costs seconds); tests keep apart by names,
// and the clock moves an hour forward before each test so every bucket starts full.
let store: Store;
const clock = new TestClock();

beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
});
afterAll(async () => {
  await store?.close();
});
beforeEach(() => {
  clock.advance(3_600_000);
});

function policy(rateLimits: Partial<GuardPolicy['rateLimits']>): GuardPolicy {
  return { ...DEFAULT_GUARD_POLICY, rateLimits: { ...ROOMY.rateLimits, ...rateLimits } };
}

async function killSwitch(scope: 'global' | 'service' | 'action', target: string, active: boolean): Promise<void> {
  await store.setKillSwitch({
    scope,
    target,
    active,
    reason: `${scope} stop for the test`,
    actor: 'test',
    at: clock.now(),
  });
}

async function openBreaker(target: string): Promise<void> {
  for (let i = 0; i < 5; i++)
    await store.recordBreakerOutcome(breakerFor(DEFAULT_GUARD_POLICY, target), false, clock.now());
}

describe('gate order', () => {
  test('the kill switch beats the rate limit and the breaker, and spends no token', async () => {
    const { guard } = harness(store, clock, { policy: policy({ actionPerMinute: 1 }) });
    const action = uid('action');
    const target = uid('target');
    await openBreaker(target);
    await killSwitch('global', '*', true);
    try {
      for (let i = 0; i < 3; i++) {
        const call = aCall({ action, target });
        expect(await guard.run(call)).toMatchObject({ outcome: 'SKIPPED', reason: 'kill_switch' });
        expect(call.executions()).toBe(0);
      }
    } finally {
      await killSwitch('global', '*', false);
    }
    // The refusals took nothing: the one token of the action bucket is still there (the breaker now refuses).
    expect(await guard.run(aCall({ action, target }))).toMatchObject({ outcome: 'SKIPPED', reason: 'circuit_open' });
    expect(await guard.run(aCall({ action, target: uid('target') }))).toMatchObject({
      outcome: 'SKIPPED',
      reason: 'rate_limited',
    });
  });

  test('kill switches: global, then service, then action type', async () => {
    const { guard } = harness(store, clock, { policy: ROOMY });
    const service = uid('svc');
    const action = uid('action');
    await killSwitch('action', action, true);
    expect(await guard.run(aCall({ service, action }))).toMatchObject({
      reason: 'kill_switch',
      message: expect.stringContaining(`action kill switch (${action})`),
    });
    await killSwitch('service', service, true);
    expect(await guard.run(aCall({ service, action }))).toMatchObject({
      reason: 'kill_switch',
      message: expect.stringContaining(`service kill switch (${service})`),
    });
    await killSwitch('global', '*', true);
    try {
      expect(await guard.run(aCall({ service, action }))).toMatchObject({
        reason: 'kill_switch',
        message: expect.stringContaining('global kill switch (*)'),
      });
    } finally {
      await killSwitch('global', '*', false);
    }
    // Switches of other services and actions do not stop this one.
    expect(await guard.run(aCall({ service: uid('svc'), action: uid('action') }))).toMatchObject({
      outcome: 'SUCCESS',
    });
  });

  test('a switched-off switch lets calls through again (state is read fresh every call)', async () => {
    const { guard } = harness(store, clock, { policy: ROOMY });
    const service = uid('svc');
    await killSwitch('service', service, true);
    expect((await guard.run(aCall({ service }))).outcome).toBe('SKIPPED');
    await killSwitch('service', service, false);
    expect((await guard.run(aCall({ service }))).outcome).toBe('SUCCESS');
  });

  test.each([
    ['global', { globalPerMinute: 2 }, 'global'],
    ['service', { servicePerMinute: 2 }, 'service:'],
    ['action type', { actionPerMinute: 2 }, 'action:'],
  ] as const)('the %s bucket refuses once it is empty', async (_name, limits, deniedPrefix) => {
    const { guard } = harness(store, clock, { policy: policy(limits) });
    const service = uid('svc');
    const action = uid('action');
    // Different actions for the service bucket, different services for the action bucket.
    const call = (i: number) =>
      aCall({
        service: deniedPrefix === 'action:' ? uid('svc') : service,
        action: deniedPrefix === 'service:' ? uid('action') : action,
        target: uid(`t${i}`),
      });
    expect((await guard.run(call(1))).outcome).toBe('SUCCESS');
    expect((await guard.run(call(2))).outcome).toBe('SUCCESS');
    const refused = await guard.run(call(3));
    expect(refused).toMatchObject({
      outcome: 'SKIPPED',
      reason: 'rate_limited',
      message: expect.stringContaining(`rate limit reached for ${deniedPrefix}`),
    });
  });

  test('with every bucket empty, the global one is named first', async () => {
    const { guard } = harness(store, clock, {
      policy: policy({ globalPerMinute: 1, servicePerMinute: 1, actionPerMinute: 1 }),
    });
    await guard.run(aCall({ action: uid('a'), service: uid('s') }));
    expect(await guard.run(aCall({ action: uid('a'), service: uid('s') }))).toMatchObject({
      reason: 'rate_limited',
      message: 'rate limit reached for global',
    });
  });

  test('the rate limit beats an open breaker', async () => {
    const { guard } = harness(store, clock, { policy: policy({ actionPerMinute: 1 }) });
    const action = uid('action');
    const target = uid('target');
    await openBreaker(target);
    expect(await guard.run(aCall({ action, target }))).toMatchObject({ reason: 'circuit_open' });
    expect(await guard.run(aCall({ action, target }))).toMatchObject({ reason: 'rate_limited' });
  });
});

describe('fail closed', () => {
  test('unreadable kill-switch state: refused, nothing executed, SKIPPED recorded, no token spent', async () => {
    const h = harness(failing(store, ['listKillSwitches']), clock, { policy: policy({ actionPerMinute: 1 }) });
    const action = uid('action');
    const call = aCall({ action });
    const outcome = await h.guard.run(call);
    expect(outcome).toMatchObject({ outcome: 'SKIPPED', reason: 'kill_switch_unreadable', audit: 'recorded' });
    expect(outcome.outcome === 'SKIPPED' && outcome.message).toMatch(
      /kill-switch state unreadable, refusing: .*ECONNREFUSED/,
    );
    expect(call.executions()).toBe(0);
    const [row] = await store.listAudit({ action });
    expect(row).toMatchObject({ outcome: 'SKIPPED', reason: 'kill_switch_unreadable', attempts: 0 });
    expect((await harness(store, clock).guard.run(aCall({ action }))).outcome).toBe('SUCCESS');
  });

  test('a store that is down entirely: refused, the audit failure reported, nothing thrown', async () => {
    const h = harness(failing(store, ['*']), clock);
    const call = aCall();
    const outcome = await h.guard.run(call);
    expect(outcome).toMatchObject({ outcome: 'SKIPPED', reason: 'kill_switch_unreadable', audit: 'failed' });
    expect(call.executions()).toBe(0);
    expect(h.warnings.some((w) => /audit record .* not written: store unavailable/.test(w))).toBe(true);
  });

  test('an unreadable OPSGUARD_KILL variable refuses too', async () => {
    const h = harness(store, clock, {
      policy: ROOMY,
      brake: createBrake(store, { source: 'api', read: () => Promise.reject(new Error('GitHub API 500')) }),
    });
    const call = aCall();
    expect(await h.guard.run(call)).toMatchObject({
      outcome: 'SKIPPED',
      reason: 'kill_switch_unreadable',
      message: expect.stringContaining('OPSGUARD_KILL unreadable'),
    });
    expect(call.executions()).toBe(0);
  });

  test.each(['consumeTokens', 'admitBreaker'] as const)(
    'a failing %s refuses with store_unavailable',
    async (method) => {
      const h = harness(failing(store, [method]), clock, { policy: ROOMY });
      const call = aCall({ action: uid('action') });
      expect(await h.guard.run(call)).toMatchObject({
        outcome: 'SKIPPED',
        reason: 'store_unavailable',
        audit: 'recorded',
      });
      expect(call.executions()).toBe(0);
    },
  );

  test('a breaker outcome that cannot be written does not hide the work that was done', async () => {
    const h = harness(failing(store, ['recordBreakerOutcome']), clock, { policy: ROOMY });
    const call = aCall({ action: uid('action') });
    expect(await h.guard.run(call)).toMatchObject({ outcome: 'SUCCESS', value: 'done', audit: 'recorded' });
    expect(h.warnings.some((w) => w.includes('circuit breaker outcome'))).toBe(true);
  });
});

describe('the OPSGUARD_KILL repository variable', () => {
  test.each([
    ['true', true, true],
    ['1', true, true],
    ['service:github:acme/web:CI', true, false],
    ['action:rerun-failed-jobs', true, false],
    ['service:other', false, false],
    ['somehow garbled', true, true],
    ['false', false, false],
    [null, false, false],
  ] as const)('%p stops this call: %p, others: %p', async (value, stopsThis, stopsOthers) => {
    let reads = 0;
    const h = harness(store, clock, {
      policy: ROOMY,
      brake: createBrake(store, {
        source: 'api',
        read: async () => {
          reads += 1;
          return value;
        },
      }),
    });
    const mine = await h.guard.run(aCall());
    expect(mine.outcome).toBe(stopsThis ? 'SKIPPED' : 'SUCCESS');
    if (stopsThis)
      expect(mine).toMatchObject({ reason: 'kill_switch', message: expect.stringContaining('OPSGUARD_KILL') });
    const other = await h.guard.run(aCall({ service: 'aws:lambda', action: 'stop-instance', target: uid('i') }));
    expect(other.outcome).toBe(stopsOthers ? 'SKIPPED' : 'SUCCESS');
    expect(reads).toBe(2);
  });
});

describe('token buckets through the guard (defaults: 50/min global, 10/min service, 5/min action)', () => {
  test('5 per action type, then one more every 12 s', async () => {
    const { guard } = harness(store, clock);
    const action = uid('action');
    const service = uid('svc');
    const run = () => guard.run(aCall({ action, service, target: uid('t') }));
    for (let i = 0; i < 5; i++) expect((await run()).outcome).toBe('SUCCESS');
    expect(await run()).toMatchObject({ outcome: 'SKIPPED', reason: 'rate_limited', retryAfterMs: 12_000 });
    clock.advance(6_000);
    expect(await run()).toMatchObject({ outcome: 'SKIPPED', retryAfterMs: 6_000 });
    clock.advance(6_000);
    expect((await run()).outcome).toBe('SUCCESS');
    expect((await run()).outcome).toBe('SKIPPED');
  });

  test('10 per service across its action types', async () => {
    const { guard } = harness(store, clock);
    const service = uid('svc');
    const outcomes = [];
    for (let i = 0; i < 11; i++) outcomes.push((await guard.run(aCall({ service, action: uid('a') }))).outcome);
    expect(outcomes.filter((o) => o === 'SUCCESS')).toHaveLength(10);
    expect(outcomes[10]).toBe('SKIPPED');
  });
});

describe('circuit breaker through the guard', () => {
  const failure = () => Promise.reject(new Error('HTTP 422: workflow is disabled'));

  test('5 failures open it; calls are refused for 60 s; then half-open; 3 successes close it', async () => {
    const { guard } = harness(store, clock, { policy: ROOMY });
    const target = uid('target');
    for (let i = 0; i < 5; i++) expect((await guard.run(aCall({ target, work: failure }))).outcome).toBe('FAILURE');
    expect(await store.getBreaker(target)).toMatchObject({ state: 'open', consecutiveFailures: 5 });

    const refused = aCall({ target });
    expect(await guard.run(refused)).toMatchObject({
      outcome: 'SKIPPED',
      reason: 'circuit_open',
      retryAfterMs: 60_000,
    });
    expect(refused.executions()).toBe(0);
    clock.advance(59_999);
    expect(await guard.run(aCall({ target }))).toMatchObject({ reason: 'circuit_open', retryAfterMs: 1 });

    clock.advance(1);
    expect((await guard.run(aCall({ target }))).outcome).toBe('SUCCESS');
    expect((await store.getBreaker(target))?.state).toBe('half_open');
    expect((await guard.run(aCall({ target }))).outcome).toBe('SUCCESS');
    expect((await store.getBreaker(target))?.state).toBe('half_open');
    expect((await guard.run(aCall({ target }))).outcome).toBe('SUCCESS');
    expect(await store.getBreaker(target)).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null });
  });

  test('a failure while half-open reopens it', async () => {
    const { guard } = harness(store, clock, { policy: ROOMY });
    const target = uid('target');
    for (let i = 0; i < 5; i++) await guard.run(aCall({ target, work: failure }));
    clock.advance(60_000);
    expect((await guard.run(aCall({ target }))).outcome).toBe('SUCCESS');
    expect((await guard.run(aCall({ target, work: failure }))).outcome).toBe('FAILURE');
    expect(await store.getBreaker(target)).toMatchObject({ state: 'open', openedAt: clock.now().toISOString() });
    expect(await guard.run(aCall({ target }))).toMatchObject({ reason: 'circuit_open', retryAfterMs: 60_000 });
  });

  test('a success while closed resets the count; a call retried 3 times is one failure', async () => {
    const { guard } = harness(store, clock, { policy: ROOMY });
    const target = uid('target');
    for (let i = 0; i < 4; i++) await guard.run(aCall({ target, work: failure }));
    await guard.run(aCall({ target }));
    expect(await store.getBreaker(target)).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    await guard.run(aCall({ target, work: () => Promise.reject(transientError()) }));
    expect(await store.getBreaker(target)).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
  });
});

describe('audit', () => {
  test('one record per outcome, with a deterministic id', async () => {
    const { guard, metrics } = harness(store, clock, { policy: ROOMY });
    const action = uid('action');
    const ok = aCall({ action, target: 'a', details: { runId: 7 } });
    const bad = aCall({
      action,
      target: 'b',
      work: () => Promise.reject(new Error('HTTP 403: Resource not accessible by integration')),
    });
    const skipped = aCall({ action, target: 'c', dryRun: true });
    const outcomes = [];
    for (const call of [ok, bad, skipped]) {
      outcomes.push(await guard.run(call));
      clock.advance(1_000);
    }

    expect(outcomes.map((o) => o.audit)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(outcomes[0]?.auditId).toBe(auditId(action, 'a', ok.idempotencyKey, 'SUCCESS'));
    expect(outcomes[2]?.auditId).toBe(auditId(action, 'c', skipped.idempotencyKey, 'SKIPPED', 'dry-run:dry_run'));
    const rows = await store.listAudit({ action });
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => [r.target, r.outcome, r.reason, r.attempts, r.dryRun])).toEqual([
      ['a', 'SUCCESS', null, 1, false],
      ['b', 'FAILURE', 'HTTP 403: Resource not accessible by integration', 1, false],
      ['c', 'SKIPPED', 'dry_run', 0, true],
    ]);
    expect(rows[0]).toMatchObject({
      id: outcomes[0]?.auditId,
      service: 'github:acme/web:CI',
      idempotencyKey: ok.idempotencyKey,
      actor: 'opsguard-test',
      details: { runId: 7 },
    });
    expect(metrics.map((m) => [m.name, m.labels['outcome'], m.labels['reason'], m.value])).toEqual([
      ['guard_calls', 'SUCCESS', '', 1],
      ['guard_calls', 'FAILURE', '', 1],
      ['guard_calls', 'SKIPPED', 'dry_run', 1],
    ]);
  });

  test('a replayed call with the same idempotency key and outcome adds no second record', async () => {
    const { guard } = harness(store, clock, { policy: ROOMY });
    const action = uid('action');
    const idempotencyKey = uid('key');
    expect((await guard.run(aCall({ action, idempotencyKey }))).audit).toBe('recorded');
    expect((await guard.run(aCall({ action, idempotencyKey }))).audit).toBe('duplicate');
    expect(await store.listAudit({ action })).toHaveLength(1);
  });
});

describe('audit ids', () => {
  test('a dry-run plan does not swallow the refusal of the real call with the same key', async () => {
    const { guard } = harness(store, clock, { policy: ROOMY });
    const action = uid('action');
    const idempotencyKey = uid('key');
    expect((await guard.run(aCall({ action, idempotencyKey, dryRun: true }))).audit).toBe('recorded');
    await killSwitch('action', action, true);
    expect(await guard.run(aCall({ action, idempotencyKey }))).toMatchObject({
      reason: 'kill_switch',
      audit: 'recorded',
    });
    expect((await guard.run(aCall({ action, idempotencyKey, dryRun: true }))).audit).toBe('recorded');
    const rows = (await store.listAudit({ action })).map((r) => `${r.reason} dryRun=${r.dryRun}`);
    expect(rows.sort()).toEqual(['dry_run dryRun=true', 'kill_switch dryRun=false', 'kill_switch dryRun=true']);
  });

  test('different refusals of one call are separate records; the same refusal again is not', async () => {
    const { guard } = harness(store, clock, { policy: policy({ actionPerMinute: 1 }) });
    const action = uid('action');
    const idempotencyKey = uid('key');
    await guard.run(aCall({ action, target: uid('t') }));
    expect(await guard.run(aCall({ action, idempotencyKey }))).toMatchObject({
      reason: 'rate_limited',
      audit: 'recorded',
    });
    expect(await guard.run(aCall({ action, idempotencyKey }))).toMatchObject({
      reason: 'rate_limited',
      audit: 'duplicate',
    });
    await killSwitch('action', action, true);
    expect(await guard.run(aCall({ action, idempotencyKey }))).toMatchObject({
      reason: 'kill_switch',
      audit: 'recorded',
    });
  });
});

describe('dry run', () => {
  test('runs the gates, executes nothing, records the plan', async () => {
    const { guard } = harness(store, clock, { policy: ROOMY });
    const action = uid('action');
    const call = aCall({ action, dryRun: true });
    expect(await guard.run(call)).toMatchObject({
      outcome: 'SKIPPED',
      reason: 'dry_run',
      message: `dry run: would ${action} on acme/web#1001`,
    });
    expect(call.executions()).toBe(0);
    expect(await store.listAudit({ action })).toEqual([
      expect.objectContaining({
        outcome: 'SKIPPED',
        reason: 'dry_run',
        dryRun: true,
        details: { message: `dry run: would ${action} on acme/web#1001` },
      }),
    ]);
  });

  test('a dry run is still refused by the kill switch, and recorded as such', async () => {
    const { guard } = harness(store, clock, { policy: ROOMY });
    const action = uid('action');
    await killSwitch('action', action, true);
    const call = aCall({ action, dryRun: true });
    expect(await guard.run(call)).toMatchObject({ outcome: 'SKIPPED', reason: 'kill_switch' });
    expect(await store.listAudit({ action })).toEqual([
      expect.objectContaining({ reason: 'kill_switch', dryRun: true }),
    ]);
  });
});

describe('retry of transient failures', () => {
  test('retried with backoff and jitter, no real waiting', async () => {
    const h = harness(store, clock, { policy: ROOMY });
    const call = aCall({ work: async (attempt) => (attempt < 3 ? Promise.reject(transientError()) : 'ok') });
    const started = Date.now();
    expect(await h.guard.run(call)).toMatchObject({ outcome: 'SUCCESS', value: 'ok', attempts: 3 });
    // DEFAULT_BACKOFF 1 s × 2^n, jitter factor 0.1, random 0.5: 950 ms, then 1900 ms.
    expect(h.sleeps).toEqual([950, 1900]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('at most 3 retries, then FAILURE with 4 attempts', async () => {
    const h = harness(store, clock, { policy: ROOMY, random: () => 0 });
    const call = aCall({ work: () => Promise.reject(transientError('HTTP 503')) });
    expect(await h.guard.run(call)).toMatchObject({
      outcome: 'FAILURE',
      attempts: 4,
      error: expect.objectContaining({ message: 'HTTP 503' }),
    });
    expect(call.executions()).toBe(4);
    expect(h.sleeps).toEqual([900, 1800, 3600]);
  });

  test('a retry-after longer than the backoff is honoured', async () => {
    const h = harness(store, clock, { policy: ROOMY });
    const call = aCall({
      work: async (attempt) => (attempt === 1 ? Promise.reject(new Error('secondary rate limit')) : 'ok'),
      classifyFailure: () => ({ transient: true, retryAfterMs: 60_000 }),
    });
    expect(await h.guard.run(call)).toMatchObject({ outcome: 'SUCCESS', attempts: 2 });
    expect(h.sleeps).toEqual([60_000]);
  });

  test('a non-transient failure is not retried', async () => {
    const h = harness(store, clock, { policy: ROOMY });
    const call = aCall({ work: () => Promise.reject(new Error('HTTP 403: Resource not accessible by integration')) });
    expect(await h.guard.run(call)).toMatchObject({ outcome: 'FAILURE', attempts: 1 });
    expect(call.executions()).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  test('a thrown non-Error is a FAILURE with a readable message', async () => {
    const h = harness(store, clock, { policy: ROOMY });
    const outcome = await h.guard.run(aCall({ work: () => Promise.reject({ status: 500 }) }));
    expect(outcome).toMatchObject({
      outcome: 'FAILURE',
      error: expect.objectContaining({ message: 'non-error thrown: {"status":500}' }),
    });
  });
});

describe("the brake's own calls", () => {
  test('pass a global switch, OPSGUARD_KILL, a drained rate limit and an open breaker; still audited', async () => {
    let variable: string | null = null;
    const h = harness(store, clock, {
      policy: policy({ actionPerMinute: 1 }),
      brake: createBrake(store, { source: 'api', read: async () => variable }),
    });
    const action = uid('disable-workflow');
    const target = uid('workflow');
    // Drain the action bucket, then open the breaker and pull every switch.
    expect(await h.guard.run(aCall({ action, target: uid('other') }))).toMatchObject({ outcome: 'SUCCESS' });
    await openBreaker(target);
    await killSwitch('global', '*', true);
    variable = 'true';
    try {
      const ordinary = aCall({ action, target });
      expect(await h.guard.run(ordinary)).toMatchObject({ outcome: 'SKIPPED', reason: 'kill_switch' });
      expect(ordinary.executions()).toBe(0);

      const brake = aCall({ action, target, brake: true });
      expect(await h.guard.run(brake)).toMatchObject({ outcome: 'SUCCESS', attempts: 1 });
      expect(brake.executions()).toBe(1);
      const records = await store.listAudit({ action, target });
      expect(records.map((r) => [r.outcome, r.reason, r.details['brake'] ?? null])).toEqual(
        expect.arrayContaining([
          ['SKIPPED', 'kill_switch', null],
          ['SUCCESS', null, true],
        ]),
      );
      expect(h.metrics.at(-1)?.labels).toMatchObject({ action, outcome: 'SUCCESS', brake: 'true' });
    } finally {
      await killSwitch('global', '*', false);
    }
  });

  test('are retried on transient errors like every call (and not retried past the limit)', async () => {
    const h = harness(store, clock, {
      policy: ROOMY,
      brake: createBrake(store, { source: 'api', read: async () => 'true' }),
    });
    const flaky = aCall({
      brake: true,
      work: async (attempt) => (attempt < 3 ? Promise.reject(transientError('HTTP 502')) : 'cancelled'),
    });
    expect(await brakeGuard(h.guard).run(flaky)).toMatchObject({ outcome: 'SUCCESS', value: 'cancelled', attempts: 3 });
    expect(h.sleeps).toEqual([950, 1900]);
    const down = aCall({ brake: true, work: () => Promise.reject(transientError('HTTP 503')) });
    expect(await h.guard.run(down)).toMatchObject({ outcome: 'FAILURE', attempts: 4 });
  });

  test('run with the kill-switch state unreadable (the store down): the brake still acts', async () => {
    const h = harness(failing(store, ['listKillSwitches', 'consumeTokens', 'admitBreaker']), clock, { policy: ROOMY });
    const action = uid('cancel-run');
    expect(await h.guard.run(aCall({ action }))).toMatchObject({
      outcome: 'SKIPPED',
      reason: 'kill_switch_unreadable',
    });
    const brake = aCall({ action });
    expect(await brakeGuard(h.guard).run(brake)).toMatchObject({ outcome: 'SUCCESS' });
    expect(brake.executions()).toBe(1);
  });
});
