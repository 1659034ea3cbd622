import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MemoryStore } from '../src/memory-store.js';
import { openPgliteStore } from '../src/pglite-store.js';
import type { BreakerSpec, Store, TokenBucketSpec } from '../src/store.js';
import { anAudit, aRetry, aRun } from './support/builders.js';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

/** Deterministic PRNG, so a failing sequence can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Op = (store: Store, ms: number) => Promise<unknown>;

/** A random sequence of the guard's atomic operations, run on both stores at the same times. */
function sequence(seed: number, length: number): { ms: number; op: Op }[] {
  const random = prng(seed);
  const buckets: TokenBucketSpec[] = [
    { key: 'global', capacity: 5, refillPerSecond: 5 / 60 },
    { key: 'service:ci', capacity: 2, refillPerSecond: 2 / 60 },
    { key: 'daily', capacity: 3, refillPerSecond: 3 / 86_400 },
  ];
  const breaker: BreakerSpec = { target: 'ci', failureThreshold: 3, openMs: 60_000, successThreshold: 2 };
  // Every argument is drawn here, once: both stores get the very same call.
  const pick = (n: number) => Math.floor(random() * n);
  const ops: (() => Op)[] = [
    () => {
      const chosen = buckets.filter(() => random() < 0.7);
      return (s, ms) => s.consumeTokens(chosen, at(ms));
    },
    () => (s, ms) => s.admitBreaker(breaker, at(ms)),
    () => {
      const ok = random() < 0.4;
      return (s, ms) => s.recordBreakerOutcome(breaker, ok, at(ms));
    },
    () => {
      const [key, owner] = [`k${pick(4)}`, `o${pick(2)}`];
      return (s, ms) =>
        s
          .claimIdempotencyKey({ key, scope: 'retry', owner, ttlMs: 120_000, now: at(ms) })
          .then((r) => ({ claimed: r.claimed, owner: r.existing?.owner ?? null, status: r.existing?.status ?? null }));
    },
    () => {
      const [key, owner] = [`k${pick(4)}`, `o${pick(2)}`];
      return (s) => s.releaseIdempotencyKey(key, owner);
    },
    () => {
      const key = `k${pick(4)}`;
      return (s, ms) => s.completeIdempotencyKey(key, 'completed', { n: 1 }, at(ms));
    },
  ];
  let ms = 0;
  return Array.from({ length }, () => {
    ms += Math.floor(random() * 20_000);
    const make = ops[pick(ops.length)] as () => Op;
    return { ms, op: make() };
  });
}

describe('MemoryStore: the SQL functions’ semantics in memory', () => {
  let pglite: Store;
  beforeAll(async () => {
    pglite = await openPgliteStore({ inMemory: true });
  });
  afterAll(async () => {
    await pglite?.close();
  });

  test.each([1, 2, 3, 4, 5])(
    'random sequence %p: buckets, breaker and claims answer exactly as on PGlite',
    async (seed) => {
      const memory = new MemoryStore();
      // A fresh PGlite schema per sequence would cost seconds: keys are per seed instead.
      const prefixed = new Proxy(pglite, {
        get(target, prop, receiver) {
          const value: unknown = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) =>
            (value as (...a: unknown[]) => unknown).apply(
              target,
              args.map((a) => withSeed(a, seed)),
            );
        },
      });
      for (const { ms, op } of sequence(seed, 120)) {
        const [m, p] = [await op(memory, ms), await op(prefixed, ms)];
        expect(normalise(m)).toEqual(normalise(p));
      }
    },
  );

  test('kill switches: set, list, the global one has the target *', async () => {
    const store = new MemoryStore();
    await store.setKillSwitch({ scope: 'service', target: 'ci', active: true, reason: 'storm', actor: 'a', at: at(0) });
    await expect(
      store.setKillSwitch({ scope: 'global', target: 'ci', active: true, reason: 'x', actor: 'a', at: at(0) }),
    ).rejects.toThrow(/target \*/);
    expect(await store.listKillSwitches()).toEqual([
      { scope: 'service', target: 'ci', active: true, reason: 'storm', updatedBy: 'a', updatedAt: at(0).toISOString() },
    ]);
  });

  test('audit: a duplicate id keeps the first record; filters by action, since and limit', async () => {
    const store = new MemoryStore();
    const first = anAudit({ id: 'a1', at: at(0).toISOString(), action: 'rerun-failed-jobs' });
    expect(await store.appendAudit(first)).toEqual({ inserted: true });
    expect(await store.appendAudit({ ...first, reason: 'rewritten' })).toEqual({ inserted: false });
    await store.appendAudit(anAudit({ id: 'a2', at: at(1000).toISOString(), action: 'cancel-run' }));
    const kept = await store.listAudit();
    expect(kept.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(kept[0]).toEqual(first);
    expect((await store.listAudit({ action: 'cancel-run' })).map((a) => a.id)).toEqual(['a2']);
    expect((await store.listAudit({ since: at(500) })).map((a) => a.id)).toEqual(['a2']);
    expect(await store.listAudit({ limit: 1 })).toHaveLength(1);
  });

  test('runs upsert by run id and attempt; the KPI window counts re-runs by their typed act', async () => {
    const store = new MemoryStore();
    await store.upsertRuns([aRun({ runId: 1, attempt: 1 }), aRun({ runId: 1, attempt: 1, conclusion: 'success' })]);
    expect(await store.listRuns()).toEqual([aRun({ runId: 1, attempt: 1, conclusion: 'success' })]);
    await store.upsertRuns([
      aRun({ runId: 2, attempt: 1, conclusion: 'failure', createdAt: at(0).toISOString() }),
      aRun({ runId: 2, attempt: 2, conclusion: 'success', createdAt: at(60_000).toISOString() }),
    ]);
    await store.insertRetryHistory(aRetry({ runId: 2, attempt: 1, act: { kind: 'requested', attempt: 2 } }));
    const [overall] = await store.kpiWindow({ repo: 'acme/web', now: at(3_600_000), days: 1, defaultBranch: 'main' });
    expect(overall).toMatchObject({ workflowName: null, autoReruns: 1, autoRecoveryRate: 1 });
  });
});

/** Keys, targets and owners get the seed as a prefix; statuses, times and numbers do not. */
function withSeed(arg: unknown, seed: number): unknown {
  if (typeof arg === 'string') return /^[ko]\d$/.test(arg) ? `${seed}:${arg}` : arg;
  if (Array.isArray(arg)) return arg.map((a) => withSeed(a, seed));
  if (arg !== null && typeof arg === 'object' && !(arg instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(arg))
      out[k] = k === 'key' || k === 'target' || k === 'owner' ? `${seed}:${String(v)}` : v;
    return out;
  }
  return arg;
}

/** The answers without what the seed prefix or the backend's row bookkeeping adds. */
function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/^\d+:/, '');
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'updatedAt') out[k] = normalise(v);
    return out;
  }
  return value;
}
