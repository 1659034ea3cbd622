import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { openPostgresStore } from '../src/postgres-store.js';
import type { Store } from '../src/store.js';
import { createTestDatabase, describePg, uid } from './support/databases.js';

const NOW = new Date('2026-11-23T09:00:00.000Z');

describePg('concurrency on PostgreSQL 15', () => {
  let store: Store;
  let drop: () => Promise<void>;
  let url: string;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    url = database.url;
    // 20 connections: the calls below really run at the same time.
    store = await openPostgresStore({ connectionString: database.url, maxConnections: 20 });
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  test('20 concurrent consumeTokens on a bucket of 10: exactly 10 allowed', async () => {
    const key = uid('bucket');
    const spec = [{ key, capacity: 10, refillPerSecond: 10 / 60 }];
    const grants = await Promise.all(Array.from({ length: 20 }, () => store.consumeTokens(spec, NOW)));
    expect(grants.filter((g) => g.allowed)).toHaveLength(10);
    expect(grants.filter((g) => !g.allowed).every((g) => g.deniedKey === key)).toBe(true);
  });

  test('concurrent calls over shared buckets in different orders neither deadlock nor overspend', async () => {
    const shared = uid('global');
    const calls = Array.from({ length: 20 }, (_, i) => {
      const own = { key: uid(`action${i}`), capacity: 5, refillPerSecond: 0.01 };
      const global = { key: shared, capacity: 12, refillPerSecond: 0.01 };
      return store.consumeTokens(i % 2 ? [global, own] : [own, global], NOW);
    });
    const grants = await Promise.all(calls);
    expect(grants.filter((g) => g.allowed)).toHaveLength(12);
  });

  test('2 concurrent idempotency claims: exactly one wins', async () => {
    const key = uid('key');
    const results = await Promise.all(
      ['run-a', 'run-b'].map((owner) =>
        store.claimIdempotencyKey({ key, scope: 'budget', owner, ttlMs: 60_000, now: NOW }),
      ),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    const loser = results.find((r) => !r.claimed);
    const winner = results.indexOf(results.find((r) => r.claimed)!);
    expect(loser?.existing?.owner).toBe(['run-a', 'run-b'][winner]);
  });

  test('10 concurrent claims of an expired key: exactly one takes it over', async () => {
    const key = uid('key');
    await store.claimIdempotencyKey({ key, scope: 's', owner: 'old', ttlMs: 1_000, now: NOW });
    const later = new Date(NOW.getTime() + 5_000);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.claimIdempotencyKey({ key, scope: 's', owner: `new-${i}`, ttlMs: 60_000, now: later }),
      ),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });

  test('concurrent failures, metric increments and duplicate audit appends are each counted once', async () => {
    const target = uid('target');
    const spec = { target, failureThreshold: 5, openMs: 60_000, successThreshold: 3 };
    await Promise.all(Array.from({ length: 5 }, () => store.recordBreakerOutcome(spec, false, NOW)));
    expect(await store.getBreaker(target)).toMatchObject({ state: 'open', consecutiveFailures: 5 });

    const name = uid('metric');
    await Promise.all(
      Array.from({ length: 20 }, () => store.incrementMetric({ name, labels: { a: 'b' }, value: 1, at: NOW })),
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('select value from public.metrics where name = $1', [name]);
      expect(rows).toEqual([{ value: 20 }]);
    } finally {
      await client.end();
    }
    const audit = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.appendAudit({
          id: `${name}-dup`,
          at: NOW.toISOString(),
          action: 'a',
          service: 's',
          target,
          idempotencyKey: 'k',
          outcome: 'SUCCESS',
          reason: null,
          dryRun: false,
          actor: 'x',
          attempts: 1,
          durationMs: 0,
          details: {},
        }),
      ),
    );
    expect(audit.filter((a) => a.inserted)).toHaveLength(1);
  });
});
