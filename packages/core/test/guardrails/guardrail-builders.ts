import type { BudgetAlert, GuardrailPolicies, GuardrailPolicy, PrincipalRef } from '../../src/index.js';

export const ACCOUNT = '123456789012';

export function aPolicy(overrides: Partial<GuardrailPolicy> = {}): GuardrailPolicy {
  return {
    id: 'freeze',
    threshold: { type: 'actual', percent: 100 },
    deny: ['lambda:CreateFunction', 'ec2:RunInstances'],
    principals: [`arn:aws:iam::*:role/dev-*`],
    mode: 'auto',
    ttlMinutes: 60,
    ...overrides,
  };
}

export function policiesOf(policies: GuardrailPolicy[], extra: Partial<GuardrailPolicies> = {}): GuardrailPolicies {
  return { timeZone: 'Asia/Tokyo', policies, ...extra };
}

export function anAlert(overrides: Partial<BudgetAlert> = {}): BudgetAlert {
  return {
    accountId: ACCOUNT,
    budgetName: 'monthly-total',
    thresholdType: 'actual',
    thresholdPercent: 100,
    period: '2026-12-01',
    raisedAt: '2026-12-02T01:00:00.000Z',
    ...overrides,
  };
}

export function aRole(name: string, account = ACCOUNT, path = '/'): PrincipalRef {
  return { arn: `arn:aws:iam::${account}:role${path}${name}`, kind: 'role', name, accountId: account };
}
