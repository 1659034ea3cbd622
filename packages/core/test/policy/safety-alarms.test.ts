import { describe, expect, it } from '@jest/globals';
import { safetyAlarms, type AlarmAuditRecord } from '../../src/index.js';

const NOW = new Date('2026-12-03T06:00:00Z');
const record = (over: Partial<AlarmAuditRecord> = {}): AlarmAuditRecord => ({
  at: '2026-12-03T05:30:00Z',
  action: 'rerun-failed-jobs',
  target: 'acme/webshop:workflow:CI',
  outcome: 'SUCCESS',
  reason: null,
  ...over,
});
const times = (n: number, over: Partial<AlarmAuditRecord>) => Array.from({ length: n }, () => record(over));

describe('safety alarms', () => {
  it('quiet when automation is healthy', () => {
    expect(safetyAlarms([...times(20, {}), record({ outcome: 'FAILURE' })], [], NOW)).toEqual([]);
  });

  it('a failure rate over 10 % of executed actions (refusals not counted)', () => {
    const audit = [
      ...times(9, {}),
      ...times(2, { outcome: 'FAILURE' }),
      ...times(30, { outcome: 'SKIPPED', reason: 'kill_switch' }),
    ];
    expect(safetyAlarms(audit, [], NOW)).toEqual([
      expect.objectContaining({
        kind: 'failure-rate',
        message: '18 % of automated actions failed (2 of 11; limit 10 %)',
      }),
    ]);
  });

  it('any kill switch on: the pause is an alarm, one per switch', () => {
    const alarms = safetyAlarms([], [{ scope: 'global', target: '*', active: true, reason: 'storm' }], NOW);
    expect(alarms).toEqual([
      expect.objectContaining({ kind: 'kill-switch-active', fingerprint: 'alarm:kill-switch:global:*' }),
    ]);
  });

  it('more than 10 rate-limit refusals in the last hour; older ones do not count', () => {
    const recent = times(11, { outcome: 'SKIPPED', reason: 'rate_limited' });
    const old = times(20, { outcome: 'SKIPPED', reason: 'rate_limited', at: '2026-12-03T04:00:00Z' });
    expect(safetyAlarms([...recent, ...old], [], NOW).map((a) => a.kind)).toEqual(['rate-limit-refusals']);
    expect(safetyAlarms([...recent.slice(1), ...old], [], NOW)).toEqual([]);
  });

  it('a circuit open: one alarm per target refused by its breaker in the last hour', () => {
    const audit = [
      ...times(2, { outcome: 'SKIPPED', reason: 'circuit_open' }),
      record({ outcome: 'SKIPPED', reason: 'circuit_open', target: 'b' }),
    ];
    expect(safetyAlarms(audit, [], NOW).map((a) => a.fingerprint)).toEqual([
      'alarm:circuit-open:acme/webshop:workflow:CI',
      'alarm:circuit-open:b',
    ]);
  });
});
