import { describe, expect, it } from '@jest/globals';
import {
  buildDenyPolicyDocument,
  buildGuardrailPlan,
  denyPolicyExpiry,
  denyPolicyText,
  evaluateGuardrails,
  guardrailPolicyArn,
  guardrailPolicyName,
  isConfigurationError,
  parseGuardrailPlan,
  planHashInput,
} from '../../src/index.js';
import { aPolicy, aRole, anAlert, policiesOf } from './guardrail-builders.js';

const EXPIRY = new Date('2026-12-02T14:00:00.500Z');

describe('deny policy document', () => {
  it('denies the actions on every resource until the expiry, as a DateLessThan on aws:CurrentTime', () => {
    expect(
      buildDenyPolicyDocument('freeze-new-compute', ['lambda:CreateFunction', 'ec2:RunInstances'], EXPIRY),
    ).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OpsGuardGuardrailFreezeNewCompute',
          Effect: 'Deny',
          Action: ['ec2:RunInstances', 'lambda:CreateFunction'],
          Resource: '*',
          Condition: { DateLessThan: { 'aws:CurrentTime': '2026-12-02T14:00:00Z' } },
        },
      ],
    });
  });

  it('reads the expiry back from the document, plain or URL-encoded as IAM returns it', () => {
    const text = denyPolicyText(buildDenyPolicyDocument('p', ['ec2:RunInstances'], EXPIRY));
    expect(denyPolicyExpiry(text)?.toISOString()).toBe('2026-12-02T14:00:00.000Z');
    expect(denyPolicyExpiry(encodeURIComponent(text))?.toISOString()).toBe('2026-12-02T14:00:00.000Z');
    expect(
      denyPolicyExpiry({ Statement: { Effect: 'Allow', Condition: { DateLessThan: { 'aws:CurrentTime': 'x' } } } }),
    ).toBeNull();
    expect(denyPolicyExpiry('%E0%A4%A')).toBeNull();
  });

  it('refuses a document over IAM size limit', () => {
    const many = Array.from({ length: 400 }, (_, i) => `ec2:SomeVeryLongActionName${i}`);
    expect(() => denyPolicyText(buildDenyPolicyDocument('p', many, EXPIRY))).toThrow(/over IAM's 6144/);
  });
});

describe('guardrail plan', () => {
  const alert = anAlert();
  const decisions = evaluateGuardrails({
    alert,
    policies: policiesOf([aPolicy(), aPolicy({ id: 'later', threshold: { type: 'forecasted', percent: 100 } })]),
    now: new Date('2026-12-02T13:00:00Z'),
    protectedRoles: { executorRoleArn: null, oidcRoleArn: null, breakGlassPatterns: [] },
    directory: { role: [aRole('dev-alice')] },
  });

  it('has one item per deny decision and keeps every decision for the reviewer', () => {
    const plan = buildGuardrailPlan(alert, decisions, new Date('2026-12-02T13:00:00Z'));
    expect(plan.items).toEqual([
      {
        policyId: 'freeze',
        mode: 'auto',
        ttlMinutes: 60,
        actions: ['ec2:RunInstances', 'lambda:CreateFunction'],
        principals: [aRole('dev-alice')],
      },
    ]);
    expect(plan.decisions.map((d) => d.outcome)).toEqual(['deny', 'not_triggered']);
    expect(plan.validUntil).toBe('2026-12-03T13:00:00.000Z');
  });

  it('hashes the same alert and items to the same text whenever it was planned, and anything else differently', () => {
    const a = buildGuardrailPlan(alert, decisions, new Date('2026-12-02T13:00:00Z'));
    const b = buildGuardrailPlan(alert, decisions, new Date('2026-12-02T15:00:00Z'));
    expect(planHashInput(a)).toBe(planHashInput(b));
    const other = buildGuardrailPlan(anAlert({ period: '2027-01-01' }), decisions, new Date('2026-12-02T13:00:00Z'));
    expect(planHashInput(other)).not.toBe(planHashInput(a));
    // Keys sorted at every level: the text does not depend on the order fields were written in.
    const reordered = { items: a.items, alert: { ...alert }, version: a.version } as const;
    expect(planHashInput(reordered)).toBe(planHashInput(a));
    expect(planHashInput(a).startsWith('{"alert":{"accountId"')).toBe(true);
  });

  it('refuses a TTL under 30 minutes at run time, whatever built the decision', () => {
    const short = decisions.map((d) => (d.outcome === 'deny' ? { ...d, ttlMinutes: 5 } : d));
    expect(() => buildGuardrailPlan(alert, short, new Date())).toThrow(
      'policy freeze: ttlMinutes must be a whole number of at least 30, not 5',
    );
  });

  it('reads a plan file back, refusing a tampered TTL or a bad principal with its path', () => {
    const plan = buildGuardrailPlan(alert, decisions, new Date('2026-12-02T13:00:00Z'));
    const json = JSON.parse(JSON.stringify(plan)) as Record<string, unknown>;
    expect(parseGuardrailPlan(json, 'plan.json')).toEqual(plan);
    const tampered = JSON.parse(JSON.stringify(plan)) as {
      items: { ttlMinutes: number; principals: { arn: string }[] }[];
    };
    (tampered.items[0] as { ttlMinutes: number }).ttlMinutes = 10;
    const error = (() => {
      try {
        parseGuardrailPlan(tampered, 'plan.json');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'plan.json: at /items/0/ttlMinutes: ttlMinutes must be a whole number of at least 30, not 10',
    );
    const wild = JSON.parse(JSON.stringify(plan)) as typeof tampered;
    (wild.items[0]?.principals[0] as { arn: string }).arn = 'arn:aws:iam::*:role/*';
    expect(() => parseGuardrailPlan(wild, 'plan.json')).toThrow(
      'plan.json: at /items/0/principals/0/arn: expected a concrete role, user or group ARN',
    );
  });

  it('names the managed policy after the policy and the plan hash, under the OpsGuard path', () => {
    const name = guardrailPolicyName('freeze', 'abcdef0123456789');
    expect(name).toBe('opsguard-freeze-abcdef012345');
    expect(guardrailPolicyArn('123456789012', name)).toBe(
      'arn:aws:iam::123456789012:policy/opsguard/guardrails/opsguard-freeze-abcdef012345',
    );
    expect(guardrailPolicyName('x'.repeat(63), 'f'.repeat(64)).length).toBeLessThanOrEqual(128);
  });
});
