import { afterEach, describe, expect, it } from '@jest/globals';
import { loadKillSwitchRules } from '@opsguard/config';
import type { RunRecord } from '@opsguard/core';
import { createLogChannel } from '@opsguard/notify';
import { MemoryStore } from '@opsguard/store';
import nock from 'nock';
import { KILL_DISPATCH_EVENT, notifyStep, RunnerStore } from '../src/index.js';
import { loopContext, repo, serveRepository } from './loop-fixture.js';

const NOW = new Date('2026-11-02T12:00:00Z');
afterEach(() => nock.cleanAll());

/** 12 re-run attempts of CI in the last hour: over the bundled retry-storm trigger (10). */
const storm: RunRecord[] = Array.from({ length: 12 }, (_, i) => ({
  repo: 'octo-org/app',
  runId: 100 + i,
  attempt: 2,
  workflowId: 7,
  workflowName: 'CI',
  event: 'push',
  branch: 'main',
  headSha: 'abc',
  actor: 'mona',
  status: 'completed',
  conclusion: 'failure',
  createdAt: '2026-11-02T11:00:00Z',
  startedAt: `2026-11-02T11:${String(10 + i * 3).padStart(2, '0')}:00Z`,
  updatedAt: '2026-11-02T11:50:00Z',
  durationMs: 60_000,
  queueMs: 0,
  url: 'https://github.com/octo-org/app/actions/runs/100',
  cause: null,
}));

describe('self-trigger: the kill-switch triggers send opsguard-kill to the kill-switch workflow', () => {
  it.each([
    ['a durable store', () => new MemoryStore(), true],
    ['no store (the runner)', null, false],
  ] as const)(
    'with %s and the dispatch response on: one dispatch naming the switch',
    async (_case, makeStore, held) => {
      const { sent } = serveRepository([]);
      const { ctx: base, runtime } = await loopContext(NOW, makeStore ? { store: makeStore() } : {});
      const store = makeStore ? base.store : new RunnerStore(runtime.client, repo, () => NOW);
      const ctx = {
        ...base,
        store,
        detectionRules: {
          ...base.detectionRules,
          response: {
            ...base.detectionRules.response,
            dispatch: { ...base.detectionRules.response.dispatch, enabled: true },
          },
        },
      };
      const result = await notifyStep(ctx, [], [], {
        channels: [],
        issues: null,
        apply: true,
        date: '2026-11-02',
        killSwitchRules: await loadKillSwitchRules(),
        runs: storm,
      });
      await runtime.close();

      const dispatches = sent.filter((s) => s.path.endsWith('/dispatches'));
      expect(dispatches.map((d) => d.body)).toEqual([
        expect.objectContaining({
          event_type: KILL_DISPATCH_EVENT,
          client_payload: expect.objectContaining({
            command: 'activate',
            scope: 'service',
            target: 'github:octo-org/app:CI',
          }),
        }),
      ]);
      expect(result.activations).toEqual([expect.objectContaining({ applied: held, dispatched: true })]);
    },
  );

  it('a second audit the same day does not send the same kill dispatch again', async () => {
    const { sent } = serveRepository([]);
    const store = new MemoryStore();
    const { ctx: base, runtime } = await loopContext(NOW, { store });
    const ctx = {
      ...base,
      detectionRules: {
        ...base.detectionRules,
        response: {
          ...base.detectionRules.response,
          dispatch: { ...base.detectionRules.response.dispatch, enabled: true },
        },
      },
    };
    const options = {
      channels: [],
      issues: null,
      apply: true,
      date: '2026-11-02',
      killSwitchRules: await loadKillSwitchRules(),
      runs: storm,
    };
    const first = await notifyStep(ctx, [], [], options);
    const second = await notifyStep(ctx, [], [], options);
    await runtime.close();
    expect(sent.filter((s) => s.path.endsWith('/dispatches'))).toHaveLength(1);
    expect(first.activations).toEqual([expect.objectContaining({ dispatched: true })]);
    // Reported as sent: the kill-switch workflow has it from the first audit.
    expect(second.activations).toEqual([expect.objectContaining({ dispatched: true })]);
  });

  it('with the dispatch response off (the default): no dispatch, the store holds the switch', async () => {
    const { sent } = serveRepository([]);
    const { ctx, runtime } = await loopContext(NOW);
    const result = await notifyStep(ctx, [], [], {
      channels: [],
      issues: null,
      apply: true,
      date: '2026-11-02',
      killSwitchRules: await loadKillSwitchRules(),
      runs: storm,
    });
    await runtime.close();
    expect(sent.filter((s) => s.path.endsWith('/dispatches'))).toEqual([]);
    expect(result.activations).toEqual([expect.objectContaining({ applied: true, target: 'github:octo-org/app:CI' })]);
  });
});

describe('alarms on every ops-audit run', () => {
  it('a kill switch on is an alarm, and notified', async () => {
    const { sent } = serveRepository([]);
    const store = new MemoryStore();
    await store.setKillSwitch({ scope: 'global', target: '*', active: true, reason: 'storm', actor: 't', at: NOW });
    const { ctx, runtime } = await loopContext(NOW, { store });
    const lines: string[] = [];
    const result = await notifyStep(ctx, [], [], {
      channels: [createLogChannel((line) => lines.push(line))],
      issues: null,
      apply: true,
      date: '2026-11-02',
      killSwitchRules: await loadKillSwitchRules(),
    });
    await runtime.close();
    expect(result.alarms).toEqual([
      expect.objectContaining({ kind: 'kill-switch-active', fingerprint: 'alarm:kill-switch:global:*' }),
    ]);
    expect(result.deliveries).toEqual([
      expect.objectContaining({ delivered: expect.objectContaining({ channel: 'log' }) }),
    ]);
    expect(lines.join('\n')).toContain('kill switch on: global (storm): automation is paused');
    expect(sent).toEqual([]);
  });
});
