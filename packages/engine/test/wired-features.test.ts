import { afterEach, describe, expect, it } from '@jest/globals';
import { loadKillSwitchRules } from '@opsguard/config';
import type { Anomaly } from '@opsguard/core';
import { createSlackChannel } from '@opsguard/notify';
import { MemoryStore, StoreUnavailableError, type Store } from '@opsguard/store';
import nock from 'nock';
import { collectStep, createRuntime, detectStep, notifyAll, notifyStep, RunnerStore, runUrlOf } from '../src/index.js';
import { loopContext, repo, serveRepository } from './loop-fixture.js';

const NOW = new Date('2026-11-02T12:00:00Z');
afterEach(() => nock.cleanAll());

const storm: Anomaly = {
  rule: 'retry_storm',
  subject: 'github:octo-org/app:CI',
  severity: 'critical',
  value: 14,
  baseline: 10,
  message: 'CI was re-run 14 times in 1 h',
  fingerprint: 'retry_storm:CI',
};

describe('what was built and is now wired (issue 8)', () => {
  it('kill-switch auto-activation comes from config/kill-switch-rules.json and lands in the store', async () => {
    serveRepository([]);
    const store = new MemoryStore();
    const { ctx, runtime } = await loopContext(NOW, { store });
    // The bundled rules: a critical retry storm stops its workflow (a service switch).
    const rules = await loadKillSwitchRules();
    const result = await notifyStep(ctx, [storm], [], {
      channels: [],
      issues: null,
      apply: true,
      date: '2026-11-02',
      killSwitchRules: rules,
    });
    await runtime.close();
    expect(result.activations).toEqual([
      expect.objectContaining({ scope: 'service', target: storm.subject, applied: true }),
    ]);
    expect(await store.listKillSwitches()).toEqual([
      expect.objectContaining({
        scope: 'service',
        target: storm.subject,
        active: true,
        reason: `auto: ${storm.message}`,
      }),
    ]);
  });

  it('store-less, the activation is not faked: it says the store is missing', async () => {
    serveRepository([]);
    const { ctx, runtime } = await loopContext(NOW);
    const runner = new RunnerStore(runtime.client, repo, () => NOW);
    const rules = {
      autoActivate: [{ rules: ['*'], minSeverity: 'warning' as const, scope: 'global' as const, target: '*' }],
      requireReason: true,
    };
    const result = await notifyStep({ ...ctx, store: runner }, [storm], [], {
      channels: [],
      issues: null,
      apply: true,
      date: '2026-11-02',
      killSwitchRules: rules,
    });
    await runtime.close();
    expect(result.activations).toEqual([
      expect.objectContaining({ applied: false, note: expect.stringContaining('no store') }),
    ]);
  });

  it('the notification-failure rule counts the last day’s undelivered notifications in the store', async () => {
    const store = new MemoryStore();
    const record = {
      repo: 'octo-org/app',
      kind: 'anomaly' as const,
      severity: 'warning' as const,
      title: 't',
      lines: [],
      links: [],
      channel: null,
      delivered: false,
      error: 'slack: 500',
      createdAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
    };
    await store.insertNotification({ ...record, fingerprint: 'a' });
    await store.insertNotification({ ...record, fingerprint: 'b' });
    serveRepository([]);
    const { ctx, runtime } = await loopContext(NOW, { store });
    const { anomalies } = await detectStep(ctx, [], { defaultBranch: 'main', storeHealth: null });
    await runtime.close();
    expect(anomalies).toEqual([expect.objectContaining({ rule: 'notification_failures', value: 2 })]);
  });

  it('the store-health rule is fed by a real ping: a store that does not answer is reported', async () => {
    const down = new Proxy(new MemoryStore(), {
      get(target, prop, receiver) {
        if (prop === 'kind') return 'postgres';
        if (prop === 'ping') return () => Promise.reject(new StoreUnavailableError('connection refused'));
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Store;
    serveRepository([]);
    const { ctx, runtime } = await loopContext(NOW, { store: down });
    const collected = await collectStep(ctx, { days: 1, jobs: 'failed' });
    const { anomalies } = await detectStep(ctx, [], { defaultBranch: 'main', storeHealth: collected.storeHealth });
    await runtime.close();
    expect(collected.storeHealth).toEqual({ reachable: false, lastWriteAt: null });
    expect(anomalies.map((a) => a.rule)).toContain('store_unreachable');
  });

  it('a Slack 5xx is retried like any transient error, then delivered', async () => {
    let calls = 0;
    nock('https://hooks.slack.com')
      .post(/.*/)
      .times(3)
      .reply(() => (++calls < 3 ? [503, 'service unavailable'] : [200, 'ok']));
    serveRepository([]);
    const { ctx, runtime } = await loopContext(NOW);
    const slack = createSlackChannel({
      webhookUrl: 'https://hooks.slack.com/services/T/B/x',
      now: () => NOW.getTime(),
      sleep: async () => undefined,
      fetch: runtime.fetch,
    });
    const [delivery] = await notifyAll(
      {
        guard: ctx.guard,
        repo: 'octo-org/app',
        channels: [slack],
        issues: null,
        dryRun: false,
        store: ctx.store,
        now: ctx.now,
      },
      [{ fingerprint: 'f', kind: 'anomaly', severity: 'warning', title: 'x', lines: [], links: [] }],
    );
    await runtime.close();
    expect(calls).toBe(3);
    expect(delivery?.delivered).toMatchObject({ channel: 'slack' });
  });

  it('run URLs come from GITHUB_SERVER_URL (GHES), not github.com', async () => {
    const runtime = await createRuntime({
      repo,
      token: 'test-token',
      apiUrl: 'https://ghe.example.com/api/v3',
      env: { GITHUB_SERVER_URL: 'https://ghe.example.com' },
      store: new MemoryStore(),
      cwd: process.cwd(),
      actor: 'test',
      log: () => undefined,
      killVariable: { kind: 'value', value: null, from: 'input' },
    });
    expect(runtime.client.serverUrl).toBe('https://ghe.example.com');
    expect(runUrlOf({ serverUrl: runtime.client.serverUrl, repoName: 'octo-org/app' }, 7)).toBe(
      'https://ghe.example.com/octo-org/app/actions/runs/7',
    );
    await runtime.close();
  });
});
