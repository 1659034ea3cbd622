import { describe, expect, it } from '@jest/globals';
import {
  checkGuardrailPolicies,
  evaluateGuardrails,
  kindsToList,
  type GuardrailEvaluationInput,
  type PolicyDecision,
  type ProtectedRoles,
} from '../../src/index.js';
import { ACCOUNT, aPolicy, aRole, anAlert, policiesOf } from './guardrail-builders.js';

const NONE: ProtectedRoles = { executorRoleArn: null, oidcRoleArn: null, breakGlassPatterns: [] };
// Wednesday 2026-12-02 22:00 in Tokyo: outside business hours, not a weekend.
const WEDNESDAY_NIGHT = new Date('2026-12-02T13:00:00Z');

function evaluate(overrides: Partial<GuardrailEvaluationInput> = {}): PolicyDecision[] {
  return evaluateGuardrails({
    alert: anAlert(),
    policies: policiesOf([aPolicy()]),
    now: WEDNESDAY_NIGHT,
    protectedRoles: NONE,
    directory: { role: [aRole('dev-alice'), aRole('dev-bob'), aRole('ops-carol')] },
    ...overrides,
  });
}

describe('guardrail policy engine', () => {
  it('denies the principals a wildcard pattern resolves to, with mode, TTL and sorted actions', () => {
    const [decision] = evaluate();
    expect(decision).toMatchObject({
      policyId: 'freeze',
      outcome: 'deny',
      mode: 'auto',
      ttlMinutes: 60,
      actions: ['ec2:RunInstances', 'lambda:CreateFunction'],
    });
    expect(decision?.outcome === 'deny' && decision.targets.map((t) => t.name)).toEqual(['dev-alice', 'dev-bob']);
  });

  it('is not triggered by another threshold type, a lower percent or another budget', () => {
    expect(evaluate({ alert: anAlert({ thresholdType: 'forecasted' }) })[0]).toMatchObject({
      outcome: 'not_triggered',
      reason: 'the alert is forecasted, the policy answers actual',
    });
    expect(evaluate({ alert: anAlert({ thresholdPercent: 80 }) })[0]).toMatchObject({
      outcome: 'not_triggered',
      reason: "the alert's 80% is below the policy's 100%",
    });
    const named = policiesOf([aPolicy({ budgets: ['team-*'] })]);
    expect(evaluate({ policies: named })[0]).toMatchObject({ outcome: 'not_triggered' });
    expect(evaluate({ policies: named, alert: anAlert({ budgetName: 'team-web' }) })[0]).toMatchObject({
      outcome: 'deny',
    });
  });

  it('an allowlisted account exempts the whole policy, naming the rule and its path', () => {
    const policies = policiesOf([aPolicy()], { exceptions: { accounts: ['999999999999', ACCOUNT] } });
    expect(evaluate({ policies })[0]).toEqual({
      policyId: 'freeze',
      outcome: 'exempt',
      rule: { type: 'account_allowlist', path: '/exceptions/accounts/1', account: ACCOUNT },
    });
  });

  it('an open time window exempts: business hours, weekends, holidays, in the configured zone', () => {
    const windows = policiesOf([aPolicy()], {
      exceptions: {
        timeWindows: [
          {
            type: 'business_hours',
            name: 'office',
            days: ['mon', 'tue', 'wed', 'thu', 'fri'],
            start: '09:00',
            end: '18:00',
          },
          { type: 'weekends', name: 'weekend' },
          { type: 'holidays', name: 'new year', dates: ['2027-01-01'] },
        ],
      },
    });
    const at = (iso: string) => evaluate({ policies: windows, now: new Date(iso) })[0];
    expect(at('2026-12-02T01:00:00Z')).toMatchObject({
      outcome: 'exempt',
      rule: { type: 'time_window', name: 'office', path: '/exceptions/timeWindows/0' },
    });
    expect(at('2026-12-05T13:00:00Z')).toMatchObject({
      outcome: 'exempt',
      rule: { name: 'weekend', window: 'weekends' },
    });
    // 2027-01-01 is a Friday; 22:00 Tokyo is outside business hours but a holiday.
    expect(at('2027-01-01T13:00:00Z')).toMatchObject({
      outcome: 'exempt',
      rule: { name: 'new year', window: 'holidays' },
    });
    expect(at('2026-12-02T13:00:00Z')).toMatchObject({ outcome: 'deny' });
    // The same instant read in New York is Wednesday 08:00: before business hours there too.
    expect(evaluate({ policies: { ...windows, timeZone: 'America/New_York' } })[0]).toMatchObject({ outcome: 'deny' });
  });

  it('a principal allowlist exempts matching principals only, with wildcards, file-wide or per policy', () => {
    const policies = policiesOf([aPolicy({ exceptions: { principals: ['arn:aws:iam::*:role/dev-b*'] } })], {
      exceptions: { principals: ['arn:aws:iam::123456789012:role/dev-alice'] },
    });
    const [decision] = evaluate({
      policies,
      directory: { role: [aRole('dev-alice'), aRole('dev-bob'), aRole('dev-dan')] },
    });
    expect(decision?.outcome).toBe('deny');
    if (decision?.outcome !== 'deny') return;
    expect(decision.targets.map((t) => t.name)).toEqual(['dev-dan']);
    expect(decision.principals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          verdict: 'exempt',
          principal: aRole('dev-alice'),
          rule: {
            type: 'principal_allowlist',
            path: '/exceptions/principals/0',
            pattern: 'arn:aws:iam::123456789012:role/dev-alice',
          },
        }),
        expect.objectContaining({
          verdict: 'exempt',
          principal: aRole('dev-bob'),
          rule: {
            type: 'principal_allowlist',
            path: '/policies/0/exceptions/principals/0',
            pattern: 'arn:aws:iam::*:role/dev-b*',
          },
        }),
      ]),
    );
  });

  it('never targets the executor role, the OIDC role or break-glass roles, even when a policy names them', () => {
    const policies = policiesOf(
      [
        aPolicy({
          principals: [
            'arn:aws:iam::123456789012:role/opsguard-executor',
            'arn:aws:iam::123456789012:role/github-oidc',
            'arn:aws:iam::*:role/*',
          ],
        }),
      ],
      { breakGlassRoles: ['arn:aws:iam::*:role/emergency-*'] },
    );
    const directory = {
      role: [
        aRole('BreakGlassAdmin'),
        aRole('break-glass-ops'),
        aRole('emergency-1'),
        aRole('AWSServiceRoleForSupport', ACCOUNT, '/aws-service-role/support.amazonaws.com/'),
        aRole('dev-alice'),
      ],
    };
    const [decision] = evaluate({
      policies,
      directory,
      protectedRoles: {
        // STS gives the executor as an assumed-role ARN, without the role's path.
        executorRoleArn: 'arn:aws:sts::123456789012:assumed-role/opsguard-executor/run-42',
        oidcRoleArn: 'arn:aws:iam::123456789012:role/github-oidc',
        breakGlassPatterns: policies.breakGlassRoles ?? [],
      },
    });
    expect(decision?.outcome === 'deny' && decision.targets.map((t) => t.name)).toEqual(['dev-alice']);
    const kinds =
      decision?.outcome === 'deny'
        ? decision.principals.map((p) => [
            p.principal.name,
            p.verdict === 'exempt' && p.rule.type === 'protected' ? p.rule.kind : p.verdict,
          ])
        : [];
    expect(Object.fromEntries(kinds)).toEqual({
      'opsguard-executor': 'executor_role',
      'github-oidc': 'oidc_role',
      BreakGlassAdmin: 'break_glass_role',
      'break-glass-ops': 'break_glass_role',
      'emergency-1': 'break_glass_role',
      AWSServiceRoleForSupport: 'service_linked_role',
      'dev-alice': 'target',
    });
  });

  it('protection beats an allowlist in the decision, and nothing left to deny is no_targets', () => {
    const policies = policiesOf([aPolicy({ principals: ['arn:aws:iam::123456789012:role/break-glass'] })], {
      exceptions: { principals: ['arn:aws:iam::*:role/break-*'] },
    });
    expect(evaluate({ policies })[0]).toMatchObject({
      outcome: 'no_targets',
      principals: [{ verdict: 'exempt', rule: { type: 'protected', kind: 'break_glass_role' } }],
    });
    expect(evaluate({ directory: {} })[0]).toMatchObject({
      outcome: 'no_targets',
      reason: 'no principal matches the policy',
    });
  });

  it('leaves principals of another account alone', () => {
    const policies = policiesOf([aPolicy({ principals: ['arn:aws:iam::210987654321:user/bob'] })]);
    expect(evaluate({ policies })[0]).toMatchObject({
      outcome: 'no_targets',
      principals: [{ verdict: 'other_account' }],
    });
  });

  it('lists only the kinds wildcard patterns need', () => {
    const policies = policiesOf([
      aPolicy({
        principals: ['arn:aws:iam::*:role/dev-*', 'arn:aws:iam::123456789012:user/bob', 'arn:aws:iam::*:group/g?'],
      }),
    ]);
    expect(kindsToList(policies)).toEqual(['group', 'role']);
  });
});

describe('policy file checks at run time', () => {
  it('refuses a TTL under 30 minutes and an unknown mode even when no schema saw the document', () => {
    const bad = policiesOf([aPolicy({ ttlMinutes: 10, mode: 'later' as 'auto' })]);
    expect(checkGuardrailPolicies(bad)).toEqual([
      { path: '/policies/0/ttlMinutes', expected: 'a whole number of minutes, at least 30', found: '10' },
      { path: '/policies/0/mode', expected: 'one of "manual", "auto"', found: '"later"' },
    ]);
  });

  it('reports malformed ARNs, break-glass patterns that are not roles, bad hours and dates', () => {
    const problems = checkGuardrailPolicies(
      policiesOf([aPolicy({ principals: ['arn:aws:iam::1:role/x'] })], {
        breakGlassRoles: ['arn:aws:iam::*:user/admin'],
        exceptions: {
          timeWindows: [
            { type: 'business_hours', name: 'late', days: ['mon'], start: '18:00', end: '09:00' },
            { type: 'holidays', name: 'h', dates: ['2027-02-30'] },
          ],
        },
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      '/breakGlassRoles/0',
      '/exceptions/timeWindows/0/end',
      '/exceptions/timeWindows/1/dates/0',
      '/policies/0/principals/0',
    ]);
  });

  it('finds duplicate accounts and holidays across the file and a policy', () => {
    const problems = checkGuardrailPolicies(
      policiesOf(
        [
          aPolicy({
            exceptions: { accounts: [ACCOUNT], timeWindows: [{ type: 'holidays', name: 'b', dates: ['2027-01-01'] }] },
          }),
        ],
        {
          exceptions: { accounts: [ACCOUNT], timeWindows: [{ type: 'holidays', name: 'a', dates: ['2027-01-01'] }] },
        },
      ),
    );
    expect(problems).toEqual([
      {
        path: '/policies/0/exceptions/accounts/0',
        expected: 'an exception that does not overlap /exceptions/accounts/0',
        found: `account ${ACCOUNT} listed twice`,
      },
      {
        path: '/policies/0/exceptions/timeWindows/0/dates/0',
        expected: 'an exception that does not overlap /exceptions/timeWindows/0/dates/0',
        found: 'holiday 2027-01-01 listed twice',
      },
    ]);
  });
});
