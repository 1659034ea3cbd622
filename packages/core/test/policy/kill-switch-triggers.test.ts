import { describe, expect, it } from '@jest/globals';
import { killSwitchTriggerActivations, killVariableWith, type RunRecord } from '../../src/index.js';

const NOW = new Date('2026-12-03T06:00:00Z');

function aRecord(over: Partial<RunRecord> = {}): RunRecord {
  return {
    repo: 'acme/webshop',
    runId: 1,
    attempt: 1,
    workflowId: 7,
    workflowName: 'CI',
    event: 'push',
    branch: 'main',
    headSha: 'abc',
    actor: 'mona',
    status: 'completed',
    conclusion: 'failure',
    createdAt: '2026-12-03T05:55:00Z',
    startedAt: '2026-12-03T05:55:00Z',
    updatedAt: '2026-12-03T05:58:00Z',
    durationMs: 180_000,
    queueMs: 0,
    url: 'https://github.com/acme/webshop/actions/runs/1',
    cause: null,
    ...over,
  };
}

const TRIGGERS = {
  retryStorm: { enabled: true, scope: 'service' as const, maxReruns: 3, windowMinutes: 60 },
  runawayLoop: { enabled: true, scope: 'service' as const, maxStarts: 5, windowMinutes: 10 },
  abnormalConsumption: { enabled: true, scope: 'global' as const, maxRunMinutesPerHour: 60 },
};

describe('kill-switch triggers', () => {
  it('a retry storm: more re-run attempts of one workflow than allowed in the window stops that workflow', () => {
    const runs = [2, 3, 4, 5].map((attempt) => aRecord({ attempt, runId: 10 }));
    const [storm] = killSwitchTriggerActivations(runs, { retryStorm: TRIGGERS.retryStorm }, NOW);
    expect(storm).toEqual({
      scope: 'service',
      target: 'github:acme/webshop:CI',
      reason: 'auto: retry storm: 4 re-runs of CI in 60 min (limit 3)',
      fingerprint: 'kill:retry-storm:CI:2026-12-03T06',
    });
    expect(killSwitchTriggerActivations(runs.slice(1), { retryStorm: TRIGGERS.retryStorm }, NOW)).toEqual([]);
  });

  it('a runaway loop: one workflow started more than N times in M minutes; older starts do not count', () => {
    const recent = Array.from({ length: 6 }, (_, i) => aRecord({ runId: i, createdAt: `2026-12-03T05:5${i}:00Z` }));
    const old = aRecord({ runId: 99, workflowName: 'Lint', createdAt: '2026-12-03T04:00:00Z' });
    const found = killSwitchTriggerActivations([...recent, old], { runawayLoop: TRIGGERS.runawayLoop }, NOW);
    expect(found.map((a) => a.reason)).toEqual(['auto: runaway loop: CI started 6 times in 10 min (limit 5)']);
    expect(killSwitchTriggerActivations(recent.slice(1), { runawayLoop: TRIGGERS.runawayLoop }, NOW)).toEqual([]);
  });

  it('abnormal consumption: run minutes of the last hour over the limit stop everything', () => {
    const runs = Array.from({ length: 21 }, (_, i) => aRecord({ runId: i, durationMs: 180_000 }));
    const [use] = killSwitchTriggerActivations(runs, { abnormalConsumption: TRIGGERS.abnormalConsumption }, NOW);
    expect(use).toMatchObject({ scope: 'global', target: '*', reason: expect.stringContaining('63 run minutes') });
    expect(
      killSwitchTriggerActivations(runs.slice(1), { abnormalConsumption: TRIGGERS.abnormalConsumption }, NOW),
    ).toEqual([]);
  });

  it('a disabled trigger, or none configured, never fires', () => {
    const runs = [2, 3, 4, 5].map((attempt) => aRecord({ attempt }));
    expect(killSwitchTriggerActivations(runs, { retryStorm: { ...TRIGGERS.retryStorm, enabled: false } }, NOW)).toEqual(
      [],
    );
    expect(killSwitchTriggerActivations(runs, undefined, NOW)).toEqual([]);
  });
});

describe('OPSGUARD_KILL written by the store-less kill switch', () => {
  it.each([
    [null, 'global', '*', true, 'true'],
    ['true', 'global', '*', false, 'false'],
    [null, 'service', 'github:acme/webshop:CI', true, 'service:github:acme/webshop:CI'],
    [
      'service:github:acme/webshop:CI',
      'action',
      'cancel-run',
      true,
      'service:github:acme/webshop:CI,action:cancel-run',
    ],
    [
      'service:github:acme/webshop:CI,action:cancel-run',
      'service',
      'github:acme/webshop:CI',
      false,
      'action:cancel-run',
    ],
    ['action:cancel-run', 'action', 'cancel-run', false, 'false'],
    ['true', 'service', 'CI', false, 'true'],
  ] as const)('%s + %s %s %s → %s', (current, scope, target, active, expected) => {
    expect(killVariableWith(current, scope, target, active)).toBe(expected);
  });
});
