import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadDetectionRules } from '@opsguard/config';
import type { Anomaly, DetectionRules } from '@opsguard/core';
import { createTestGitHubClient } from '@opsguard/testing';
import { createGuard, DEFAULT_GUARD_POLICY, createBrake } from '@opsguard/guard';
import { openPgliteStore, type Store } from '@opsguard/store';
import nock from 'nock';
import { dispatchAnomalies } from '../src/index.js';

const API = 'https://api.github.com';
let store: Store;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
});
afterAll(async () => {
  await store.close();
});

const anomaly = (severity: Anomaly['severity'], subject: string): Anomaly => ({
  rule: 'failure_rate_spike',
  subject,
  value: 0.5,
  baseline: 0.1,
  severity,
  message: `${subject}: failure rate 50% vs 10%`,
  fingerprint: `failure_rate_spike:${subject}`,
});

async function deps(rules: DetectionRules, dryRun = false) {
  const client = await createTestGitHubClient();
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: () => new Date('2026-11-20T00:00:00Z'),
    random: () => 0.5,
    sleep: async () => undefined,
    actor: 'test',
    brake: createBrake(store, null),
  });
  return {
    client,
    repo: { owner: 'octo-org', repo: 'app' },
    guard,
    rules,
    dryRun,
    store,
    now: () => new Date('2026-11-20T00:00:00Z'),
  };
}

describe('dispatchAnomalies', () => {
  it('sends one repository_dispatch per anomaly at or above the severity, once per day', async () => {
    const base = await loadDetectionRules();
    const rules = {
      ...base,
      response: { dispatch: { enabled: true, eventType: 'opsguard-anomaly', minSeverity: 'critical' as const } },
    };
    const bodies: unknown[] = [];
    nock(API)
      .post('/repos/octo-org/app/dispatches')
      .reply(204, async (req: Request) => (bodies.push(await req.json()), ''));
    const anomalies = [anomaly('critical', 'CI'), anomaly('warning', 'Lint')];
    expect(await dispatchAnomalies(await deps(rules), anomalies, '2026-11-20')).toBe(1);
    expect(bodies).toEqual([
      {
        event_type: 'opsguard-anomaly',
        client_payload: expect.objectContaining({
          rule: 'failure_rate_spike',
          subject: 'CI',
          severity: 'critical',
          fingerprint: 'failure_rate_spike:CI',
        }),
      },
    ]);
    // The same anomaly again that day (a re-run of the audit): the audit trail says it was sent, so
    // the dispatch GitHub would accept is not made.
    const second = nock(API).post('/repos/octo-org/app/dispatches').reply(204);
    expect(await dispatchAnomalies(await deps(rules), [anomaly('critical', 'CI')], '2026-11-20')).toBe(0);
    expect(second.isDone()).toBe(false);
    // The next day it is sent again.
    expect(await dispatchAnomalies(await deps(rules), [anomaly('critical', 'CI')], '2026-11-21')).toBe(1);
    expect(second.isDone()).toBe(true);
  });

  it('sends nothing when the response is off or in a dry run', async () => {
    const base = await loadDetectionRules();
    expect(base.response.dispatch.enabled).toBe(false);
    expect(await dispatchAnomalies(await deps(base), [anomaly('critical', 'E2E')], '2026-11-20')).toBe(0);
    const on = { ...base, response: { dispatch: { ...base.response.dispatch, enabled: true } } };
    expect(await dispatchAnomalies(await deps(on, true), [anomaly('critical', 'E2E')], '2026-11-20')).toBe(0);
  });
});
