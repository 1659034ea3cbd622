import { describe, expect, it } from '@jest/globals';
import {
  detectAnomalies,
  killSwitchActivations,
  type DetectionInput,
  type DetectionRules,
  type KpiAttempt,
} from '../../src/index.js';
import rulesJson from '../../../../config/detection-rules.json' with { type: 'json' };

const rules = rulesJson as DetectionRules;
const NOW = new Date('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;
let id = 1;

function at(hoursAgo: number, over: Partial<KpiAttempt> = {}): KpiAttempt {
  const created = new Date(NOW.getTime() - hoursAgo * HOUR);
  return {
    runId: id++,
    attempt: 1,
    workflowName: 'CI',
    branch: 'main',
    status: 'completed',
    conclusion: 'success',
    createdAt: created.toISOString(),
    startedAt: created.toISOString(),
    updatedAt: new Date(created.getTime() + 600_000).toISOString(),
    durationMs: 600_000,
    queueMs: 1_000,
    cause: null,
    ...over,
  };
}

const detect = (attempts: KpiAttempt[], health: DetectionInput['health'] = { store: null, notificationFailures: 0 }) =>
  detectAnomalies({ attempts, defaultBranch: 'main', rules, health, now: NOW });

/** A steady week: 2 runs every 6 hours, one failure in ten. */
function steadyWeek(): KpiAttempt[] {
  const out: KpiAttempt[] = [];
  for (let h = 30; h < 24 * 8; h += 3)
    out.push(at(h, { conclusion: h % 30 === 0 ? 'failure' : 'success', branch: 'feature' }));
  return out;
}

describe('detection', () => {
  it('finds nothing in a steady week', () => {
    expect(detect(steadyWeek())).toEqual([]);
  });

  it('flags a failure-rate spike against the 7-day baseline', () => {
    const recent = Array.from({ length: 10 }, (_, i) =>
      at(i + 1, { conclusion: i % 2 === 0 ? 'failure' : 'success', branch: 'feature' }),
    );
    const found = detect([...steadyWeek(), ...recent]);
    expect(found.map((a) => a.rule)).toEqual(['failure_rate_spike']);
    expect(found[0]).toMatchObject({
      subject: 'CI',
      severity: 'critical',
      value: 0.5,
      fingerprint: 'failure_rate_spike:CI',
    });
  });

  it('flags a p95 duration regression', () => {
    const slow = Array.from({ length: 8 }, (_, i) => at(i * 5 + 1, { durationMs: 1_200_000, branch: 'feature' }));
    const found = detect([
      ...steadyWeek().map((a) => ({ ...a, createdAt: new Date(Date.parse(a.createdAt) - 60 * HOUR).toISOString() })),
      ...slow,
    ]);
    expect(found.find((a) => a.rule === 'duration_regression')).toMatchObject({ value: 1_200_000, baseline: 600_000 });
  });

  it('flags consecutive failures on the default branch only, by final attempt', () => {
    const fails = [
      at(3, { conclusion: 'failure' }),
      at(2, { conclusion: 'failure' }),
      at(1, { conclusion: 'failure' }),
    ];
    expect(detect(fails).map((a) => a.rule)).toContain('consecutive_failures');
    // A successful re-run of the newest run breaks the streak.
    const rerun = { ...fails[2]!, attempt: 2, conclusion: 'success' };
    expect(detect([...fails, rerun]).map((a) => a.rule)).not.toContain('consecutive_failures');
    expect(detect(fails.map((a) => ({ ...a, branch: 'feature' }))).map((a) => a.rule)).not.toContain(
      'consecutive_failures',
    );
  });

  it('flags runs stuck queued or in progress', () => {
    const found = detect([
      at(1, { status: 'queued', conclusion: null }),
      at(7, { status: 'in_progress', conclusion: null }),
      at(0.1, { status: 'queued', conclusion: null }),
    ]);
    expect(found.filter((a) => a.rule === 'stuck_run')).toHaveLength(2);
  });

  it('times a queued re-run from its request, not from attempt 1', () => {
    const requested = new Date(NOW.getTime() - 5 * 60_000).toISOString();
    const rerun = at(20, { attempt: 2, status: 'queued', conclusion: null, startedAt: requested });
    expect(detect([rerun]).filter((a) => a.rule === 'stuck_run')).toEqual([]);
    const old = at(20, {
      attempt: 2,
      status: 'queued',
      conclusion: null,
      startedAt: new Date(NOW.getTime() - 2 * HOUR).toISOString(),
    });
    expect(detect([old]).filter((a) => a.rule === 'stuck_run')).toHaveLength(1);
  });

  it('flags a retry storm', () => {
    const storm = Array.from({ length: 11 }, (_, i) => at(0.5, { runId: 500 + i, attempt: 2, branch: 'feature' }));
    expect(detect(storm).map((a) => a.rule)).toEqual(['retry_storm']);
  });

  it('flags an unreachable or lagging store and failed notifications', () => {
    expect(
      detect([], { store: { reachable: false, lastWriteAt: null }, notificationFailures: 0 }).map((a) => a.rule),
    ).toEqual(['store_unreachable']);
    expect(
      detect([], { store: { reachable: true, lastWriteAt: '2026-11-18T00:00:00Z' }, notificationFailures: 2 }).map(
        (a) => a.rule,
      ),
    ).toEqual(['store_lagging', 'notification_failures']);
  });

  it('turns a critical retry storm into a service kill switch', () => {
    const storm = Array.from({ length: 11 }, (_, i) =>
      at(0.5, { runId: 900 + i, attempt: 2, workflowName: 'E2E', branch: 'feature' }),
    );
    const activations = killSwitchActivations(detect(storm), {
      autoActivate: [{ rules: ['retry_storm'], minSeverity: 'critical', scope: 'service', target: '{subject}' }],
      requireReason: true,
    });
    expect(activations).toEqual([expect.objectContaining({ scope: 'service', target: 'E2E' })]);
  });
});
