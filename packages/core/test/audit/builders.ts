import type { AuditRules, FailureOccurrence } from '../../src/index.js';
import rulesJson from '../../../../config/audit-rules.json' with { type: 'json' };

export const RULES = rulesJson as AuditRules;

let next = 1;
export function aFailure(overrides: Partial<FailureOccurrence> = {}): FailureOccurrence {
  const runId = overrides.runId ?? 1000 + next++;
  return {
    runId,
    attempt: 1,
    workflowName: 'CI',
    job: 'test',
    cause: 'test_failure',
    transient: false,
    message: 'FAIL src/cart.test.ts › adds an item (expected 3, received 2)',
    status: null,
    at: '2026-12-01T01:00:00.000Z',
    url: `https://github.com/o/r/actions/runs/${runId}`,
    branch: 'main',
    secretInLog: false,
    recovered: false,
    ...overrides,
  };
}
