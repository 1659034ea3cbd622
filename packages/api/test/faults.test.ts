import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiCapabilitiesOf, openPgliteStore, StoreUnavailableError, type Store } from '@opsguard/store';
import { signPayload } from '@opsguard/webhook-signature';
import { shutdownGracefully } from '../src/listen.js';
import { startFixture, type Fixture } from './support/api-fixture.js';
import { aSource, SECRET } from './support/intake-sources.js';

/** A store whose every call fails as an unreachable server does, while `down` is set. */
function flaky(store: Store, state: { down: boolean }): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        if (state.down)
          return Promise.reject(
            new StoreUnavailableError('store unavailable (query): connect ECONNREFUSED 127.0.0.1:5432'),
          );
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

// One embedded database for the file: each fixture below is a server of its own over it.
let real: Store;
beforeAll(async () => {
  real = await openPgliteStore({ inMemory: true });
});
afterAll(async () => {
  await real?.close();
});

describe('a store that is down', () => {
  const state = { down: false };
  let f: Fixture;
  beforeAll(async () => {
    const caps = apiCapabilitiesOf(real);
    const wrap = <T extends object>(o: T): T => flaky(o as unknown as Store, state) as unknown as T;
    f = await startFixture({
      store: flaky(real, state),
      api: { reader: wrap(caps.reader), intake: wrap(caps.intake), keys: caps.keys },
      intake: { sources: [aSource()], execute: async () => ({ status: 'done', result: {} }) },
    });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('answers 503 problem+json on reads, health and intake, writes nothing, and stays up', async () => {
    state.down = true;
    const read = await fetch(`${f.url}/api/v1/runs`, { headers: { authorization: `Bearer ${f.readerKey}` } });
    expect(read.status).toBe(503);
    expect(read.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await read.json()).toMatchObject({ type: 'https://opsguard.dev/problems/store-unavailable', status: 503 });
    expect((await fetch(`${f.url}/healthz`)).status).toBe(503);
    const body = '{"x":1}';
    const hook = await fetch(`${f.url}/api/v1/hooks/budget-alert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signPayload({ body, secret: SECRET, id: 'while-down' }) },
      body,
    });
    expect(hook.status).toBe(503);
    expect(hook.headers.get('retry-after')).toBe('5');
    state.down = false;
    const rows = await f.store.listAudit({ target: 'intake:budget-alert' });
    expect(rows.filter((r) => r.idempotencyKey === 'while-down')).toEqual([]);
    // Up again: the same delivery is processed normally.
    const again = await fetch(`${f.url}/api/v1/hooks/budget-alert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signPayload({ body, secret: SECRET, id: 'while-down' }) },
      body,
    });
    expect(again.status).toBe(202);
  });
});

describe('rate limit per API key through the store', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ store: real, rateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('the 4th request in a minute is 429 with Retry-After; another key has its own bucket; the bucket is in the store', async () => {
    const get = (key: string) => fetch(`${f.url}/api/v1/metrics`, { headers: { authorization: `Bearer ${key}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(f.readerKey)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await get(f.readerKey);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ type: 'https://opsguard.dev/problems/rate-limited', status: 429 });
    expect((await get(f.writerKey)).status).toBe(200);
    const id = /^og_([a-z0-9]{12})_/.exec(f.readerKey)?.[1] ?? '';
    const grant = await f.store.consumeTokens(
      [{ key: `api-key:${id}`, capacity: 3, refillPerSecond: 3 / 60 }],
      new Date(),
    );
    expect(grant.allowed).toBe(false);
  });
});

describe('graceful shutdown', () => {
  it('an in-flight request finishes; new connections are refused while closing', async () => {
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const f = await startFixture({
      store: real,
      intake: {
        sources: [aSource()],
        execute: () =>
          new Promise((resolve) => {
            started();
            release = () => resolve({ status: 'done', result: { slow: true } });
          }),
      },
    });
    const body = '{"slow":1}';
    const inFlight = fetch(`${f.url}/api/v1/hooks/budget-alert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close', ...signPayload({ body, secret: SECRET }) },
      body,
    });
    await running;
    const closing = shutdownGracefully(f.app, 10_000);
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`${f.url}/healthz`)).rejects.toThrow();
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ result: { slow: true } });
    expect(await closing).toBe('drained');
  });
});
