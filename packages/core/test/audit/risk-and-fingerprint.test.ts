import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  assessRisk,
  buildTicket,
  classifyFailure,
  clusterFailures,
  fingerprintOf,
  newTicketId,
  normaliseMessage,
  sha256Hex,
  type AuditRules,
} from '../../src/index.js';
import { aFailure, RULES } from './builders.js';

const facts = (
  overrides: Partial<Parameters<typeof assessRisk>[1]> & {
    status?: number | null;
    message?: string;
    cause?: string;
    transient?: boolean;
  } = {},
) => {
  const { status = null, message = 'x', cause = 'test_failure', transient = false, ...rest } = overrides;
  return {
    classification: classifyFailure({ status, message, cause, transient }),
    workflow: 'CI',
    branches: ['main'],
    recovered: false,
    secretInLog: false,
    occurrences: 1,
    ...rest,
  };
};

describe('risk levels from config/audit-rules.json', () => {
  it('a secret found in a log is critical, whatever else holds', () => {
    expect(assessRisk(RULES, facts({ secretInLog: true, transient: true, cause: 'network', recovered: true }))).toEqual(
      {
        level: 'critical',
        rule: 'secret-in-log',
        reason: expect.stringContaining('rotate') as unknown as string,
      },
    );
  });

  it('a permission failure on a deploy workflow is high; elsewhere medium', () => {
    const deploy = facts({
      status: 403,
      message: 'Resource not accessible by integration',
      cause: 'permission_403',
      workflow: 'Deploy production',
    });
    expect(assessRisk(RULES, deploy)).toMatchObject({ level: 'high', rule: 'permission-on-deploy' });
    const ci = facts({ status: 403, message: 'Resource not accessible by integration', cause: 'permission_403' });
    expect(assessRisk(RULES, ci)).toMatchObject({ level: 'medium', rule: 'permission' });
  });

  it('a missing secret on a release workflow is high', () => {
    expect(
      assessRisk(
        RULES,
        facts({ cause: 'missing_secret', message: 'Input required and not supplied: token', workflow: 'Release' }),
      ),
    ).toMatchObject({ level: 'high', rule: 'credentials-on-deploy' });
  });

  it('a transient failure that recovered is low; one that did not is medium', () => {
    expect(
      assessRisk(RULES, facts({ status: 502, cause: 'github_5xx', transient: true, recovered: true })),
    ).toMatchObject({
      level: 'low',
      rule: 'transient-recovered',
    });
    expect(assessRisk(RULES, facts({ status: 502, cause: 'github_5xx', transient: true }))).toMatchObject({
      level: 'medium',
      rule: 'transient-unrecovered',
    });
  });

  it('a 422 is a configuration finding; repeated five times unrecovered it is high', () => {
    const once = facts({
      status: 422,
      message: "Workflow does not have 'workflow_dispatch' trigger",
      cause: 'validation_422',
    });
    expect(assessRisk(RULES, once)).toMatchObject({ level: 'medium', rule: 'configuration' });
    expect(assessRisk(RULES, { ...once, occurrences: 5 })).toMatchObject({
      level: 'high',
      rule: 'repeated-deterministic',
    });
  });

  it('no rule matching gives the default level, named as such', () => {
    const none: AuditRules = { defaultLevel: 'low', issueMinLevel: 'high', rules: [] };
    expect(assessRisk(none, facts())).toEqual({
      level: 'low',
      rule: 'default',
      reason: 'no rule matched: the default level',
    });
  });
});

describe('fingerprints', () => {
  it('sha256Hex is SHA-256', () => {
    for (const text of ['', 'abc', 'é and 日本語', 'x'.repeat(1000)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });

  it('times, ids, hashes, numbers and temp paths do not split a cluster', () => {
    const a = normaliseMessage(
      '2026-12-01T01:02:03.456Z Error: run 9812734 failed at 2026-12-01 01:02 sha 3f2a9c1d in /tmp/abc/x.log',
    );
    const b = normaliseMessage(
      '2026-12-02T07:00:00Z Error: run 11 failed at 2026-12-02 07:00 sha 9e8d7c6b5a in /tmp/zz/y.log',
    );
    expect(a).toBe(b);
    expect(a).toBe('Error: run <n> failed at <time> sha <hex> in <tmp>');
  });

  it('cause, workflow and job are part of the fingerprint', () => {
    const base = { cause: 'test_failure', workflow: 'CI', job: 'test', message: 'FAIL x' };
    const print = fingerprintOf(base);
    expect(fingerprintOf({ ...base, cause: 'lint' })).not.toBe(print);
    expect(fingerprintOf({ ...base, workflow: 'E2E' })).not.toBe(print);
    expect(fingerprintOf({ ...base, job: 'build' })).not.toBe(print);
    expect(print).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('tickets across two days', () => {
  const period = (date: string) => ({ date, from: `${date}T00:00:00.000Z`, to: `${date}T23:59:59.000Z` });
  const base = { repo: 'o/r', rules: RULES, runs: [], retries: [], killSwitch: [], issue: null };

  it('the same cluster on a later day keeps the ticket id and counts each attempt once', () => {
    const d1 = [
      aFailure({ runId: 1, at: '2026-12-01T01:00:00.000Z' }),
      aFailure({
        runId: 2,
        at: '2026-12-01T02:00:00.000Z',
        message: 'FAIL src/cart.test.ts › adds an item (expected 4, received 1)',
      }),
    ];
    const [c1] = clusterFailures(d1);
    expect(c1?.occurrences).toHaveLength(2);
    const id = newTicketId(c1?.occurrences[0]?.at ?? '', 'Asia/Tokyo');
    expect(id).toBe('audit_ticket_20261201_100000');
    const day1 = buildTicket({
      ...base,
      cluster: c1!,
      prior: null,
      id,
      period: period('2026-12-01'),
      now: new Date('2026-12-01T03:00:00Z'),
    });
    expect(day1).toMatchObject({ id, occurrences: 2, seenOn: ['2026-12-01'], period: { newOccurrences: 2 } });

    // Day 2's window overlaps day 1 (runs 1 and 2 again) and adds run 3.
    const d2 = [...d1, aFailure({ runId: 3, at: '2026-12-02T05:00:00.000Z' })];
    const [c2] = clusterFailures(d2);
    expect(c2?.fingerprint).toBe(c1?.fingerprint);
    const day2 = buildTicket({
      ...base,
      cluster: c2!,
      prior: day1,
      id: 'audit_ticket_other',
      period: period('2026-12-02'),
      now: new Date('2026-12-02T06:00:00Z'),
    });
    expect(day2).toMatchObject({
      id,
      occurrences: 3,
      seenOn: ['2026-12-01', '2026-12-02'],
      firstSeenAt: '2026-12-01T01:00:00.000Z',
      lastSeenAt: '2026-12-02T05:00:00.000Z',
      createdAt: '2026-12-01T03:00:00.000Z',
      period: { occurrences: 3, newOccurrences: 1 },
    });
    // Running again the same day adds nothing.
    const again = buildTicket({
      ...base,
      cluster: c2!,
      prior: day2,
      id: 'x',
      period: period('2026-12-02'),
      now: new Date('2026-12-02T07:00:00Z'),
    });
    expect(again.occurrences).toBe(3);
  });

  it('reaching five occurrences raises the level, and names the rule', () => {
    const failures = [1, 2, 3, 4, 5].map((n) => aFailure({ runId: n, at: `2026-12-0${n}T01:00:00.000Z` }));
    let prior = null;
    for (let day = 1; day <= 5; day++) {
      const [cluster] = clusterFailures(failures.slice(0, day));
      prior = buildTicket({
        ...base,
        cluster: cluster!,
        prior,
        id: 'audit_ticket_20261201_100000',
        period: period(`2026-12-0${day}`),
        now: new Date(`2026-12-0${day}T03:00:00Z`),
      });
    }
    expect(prior).toMatchObject({ occurrences: 5, risk: { level: 'high', rule: 'repeated-deterministic' } });
  });
});
