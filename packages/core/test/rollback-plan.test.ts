import { describe, expect, test } from '@jest/globals';
import {
  canonicalPlanJson,
  evaluateRollbackConditions,
  orderSteps,
  rollbackPlanHash,
  stepId,
  type RollbackPlan,
  type RollbackRules,
  type RunOutcome,
} from '../src/index.js';

const plan: RollbackPlan = {
  version: 1,
  repo: 'acme/webshop',
  trigger: { condition: 'manual', detail: 'bad deploy config' },
  plannedAt: '2026-12-03T06:00:00.000Z',
  plannedBy: 'alice',
  steps: [
    {
      kind: 'restore-files',
      branch: 'main',
      headSha: 'b'.repeat(40),
      goodCommit: 'a'.repeat(40),
      files: [{ path: 'config/app.json', mode: '100644', currentSha: 'c'.repeat(40), goodSha: 'd'.repeat(40) }],
    },
    { kind: 'remove-secret', location: { kind: 'environment', name: 'production' }, name: 'DEPLOY_KEY' },
  ],
};

const rules: RollbackRules = {
  conditions: [
    { kind: 'consecutive-failures', count: 3, response: 'plan' },
    { kind: 'secret-leak', response: 'apply' },
    { kind: 'manual', response: 'plan' },
  ],
  steps: { stopWorkflow: true, removeSecrets: [], restoreFiles: [], reenableDisabled: true, restoreVariables: true },
  verification: { watchNextRunMinutes: 30 },
};

function aRun(conclusion: string, minute: number, over: Partial<RunOutcome> = {}): RunOutcome {
  return {
    workflowName: 'CI',
    workflowPath: '.github/workflows/ci.yml',
    branch: 'main',
    conclusion,
    createdAt: `2026-12-03T05:${String(minute).padStart(2, '0')}:00Z`,
    headSha: `sha-${minute}`,
    ...over,
  };
}

describe('rollback plan hash', () => {
  test('canonical JSON sorts keys at every level, so key order does not change the hash', () => {
    const reordered = JSON.parse(
      JSON.stringify({
        steps: plan.steps,
        version: 1,
        trigger: plan.trigger,
        repo: plan.repo,
        plannedBy: 'alice',
        plannedAt: plan.plannedAt,
      }),
    ) as RollbackPlan;
    expect(canonicalPlanJson(reordered)).toBe(canonicalPlanJson(plan));
    expect(rollbackPlanHash(reordered)).toBe(rollbackPlanHash(plan));
    expect(canonicalPlanJson(plan).startsWith('{"plannedAt":')).toBe(true);
    expect(rollbackPlanHash(plan)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('any change to a step changes the hash', () => {
    const other: RollbackPlan = { ...plan, steps: [plan.steps[0]!, { ...plan.steps[1]!, name: 'OTHER' } as never] };
    expect(rollbackPlanHash(other)).not.toBe(rollbackPlanHash(plan));
  });

  test('steps run stop → secrets → files → re-enable → variables, with stable ids', () => {
    expect(orderSteps(plan.steps).map(stepId)).toEqual(['remove-secret:production/DEPLOY_KEY', 'restore-files:main']);
  });
});

describe('rollback conditions', () => {
  const base = { defaultBranch: 'main', criticalAnomalies: [], secretLeaks: [] };

  test('3 failures in a row on the default branch trigger, naming the last good commit', () => {
    const runs = [aRun('success', 1), aRun('failure', 2), aRun('failure', 3), aRun('failure', 4)];
    const [hit, ...rest] = evaluateRollbackConditions(rules, { ...base, runs });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ response: 'plan', workflow: 'CI', goodCommit: 'sha-1' });
    expect(hit?.trigger.detail).toBe('CI failed 3 times in a row on main');
  });

  test('two failures, or failures on another branch, do not', () => {
    const runs = [
      aRun('success', 1),
      aRun('failure', 2),
      aRun('failure', 3),
      aRun('failure', 4, { branch: 'feature' }),
    ];
    expect(evaluateRollbackConditions(rules, { ...base, runs })).toEqual([]);
    const broken = [aRun('failure', 2), aRun('success', 3), aRun('failure', 4)];
    expect(evaluateRollbackConditions(rules, { ...base, runs: broken })).toEqual([]);
  });

  test('a secret leak and a manual request trigger with the configured response', () => {
    const hits = evaluateRollbackConditions(rules, {
      ...base,
      runs: [],
      secretLeaks: [{ where: 'logs/123.txt', rule: 'github-token' }],
      manual: { reason: 'rotate now' },
    });
    expect(hits.map((h) => [h.trigger.condition, h.response])).toEqual([
      ['secret-leak', 'apply'],
      ['manual', 'plan'],
    ]);
  });
});
