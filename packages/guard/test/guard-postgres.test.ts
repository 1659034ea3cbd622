import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { openPostgresStore, type Store } from '@opsguard/store';
import { aCall, harness, ROOMY, TestClock, uid } from './support/harness.js';
import { createTestDatabase, describePg } from './support/postgres.js';

describePg('the guard on PostgreSQL 15, concurrently', () => {
  // Two stores with their own pools: two runners acting on the same database at once.
  let runners: Store[] = [];
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    runners = [
      await openPostgresStore({ connectionString: database.url, maxConnections: 10 }),
      await openPostgresStore({ connectionString: database.url, maxConnections: 10 }),
    ];
  });
  afterAll(async () => {
    for (const store of runners) await store.close();
    await drop?.();
  });

  test('20 concurrent calls consume exactly the action bucket (5/min); the rest are SKIPPED rate_limited', async () => {
    const clock = new TestClock();
    const action = uid('action');
    const calls = Array.from({ length: 20 }, (_, i) => aCall({ action, target: `acme/web#${i}` }));
    const outcomes = await Promise.all(calls.map((call, i) => harness(runners[i % 2]!, clock).guard.run(call)));

    expect(outcomes.filter((o) => o.outcome === 'SUCCESS')).toHaveLength(5);
    const skipped = outcomes.filter((o) => o.outcome === 'SKIPPED');
    expect(skipped).toHaveLength(15);
    expect(skipped.every((o) => o.outcome === 'SKIPPED' && o.reason === 'rate_limited')).toBe(true);
    expect(calls.reduce((n, call) => n + call.executions(), 0)).toBe(5);

    // One audit record per call, each outcome as returned.
    const audit = await runners[0]!.listAudit({ action });
    expect(audit).toHaveLength(20);
    expect(audit.filter((r) => r.outcome === 'SUCCESS')).toHaveLength(5);
    expect(audit.filter((r) => r.outcome === 'SKIPPED' && r.reason === 'rate_limited')).toHaveLength(15);
    expect(new Set(audit.map((r) => r.id))).toEqual(new Set(outcomes.map((o) => o.auditId)));
  });

  test('concurrent failures on one target open its breaker once; later calls are refused', async () => {
    const clock = new TestClock();
    clock.advance(3_600_000); // the buckets the first test emptied are full again
    const target = uid('target');
    const fail = () => Promise.reject(new Error('HTTP 422'));
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        harness(runners[i % 2]!, clock, { policy: ROOMY }).guard.run(aCall({ action: uid('a'), target, work: fail })),
      ),
    );
    expect(outcomes.every((o) => o.outcome === 'FAILURE')).toBe(true);
    expect(await runners[1]!.getBreaker(target)).toMatchObject({ state: 'open', consecutiveFailures: 5 });
    const refused = aCall({ action: uid('a'), target });
    expect(await harness(runners[0]!, clock, { policy: ROOMY }).guard.run(refused)).toMatchObject({
      outcome: 'SKIPPED',
      reason: 'circuit_open',
    });
    expect(refused.executions()).toBe(0);
  });
});
