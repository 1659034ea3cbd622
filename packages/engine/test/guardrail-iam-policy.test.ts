import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPgliteStore, type Store } from '@opsguard/store';
import { applyGuardrailPlan, cleanupExpiredGuardrails, handleBudgetAlert } from '../src/index.js';
import { ACCOUNT, anAlert, guardrailWorld, somePolicies, type GuardrailWorld } from './guardrail-fixture.js';

// Least privilege for the guardrails: everything the executor, the clean-up and the budget
// handler send to IAM (read off the stand-in's wire) is allowed by infra/aws/guardrail-role-policy.json,
// and the policy allows nothing more.
const POLICY = join(import.meta.dirname, '../../../infra/aws/guardrail-role-policy.json');

interface Statement {
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: unknown;
}
const statements = (JSON.parse(readFileSync(POLICY, 'utf8')) as { Statement: Statement[] }).Statement;

let store: Store;
let world: GuardrailWorld;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
  world = await guardrailWorld(store);
});
afterAll(async () => {
  await world.close();
  await store.close();
});

describe('the guardrail role policy', () => {
  it('allows every IAM operation the code sends, and nothing more', async () => {
    const protectedRoles = { executorRoleArn: null, oidcRoleArn: null, breakGlassPatterns: [] };
    const policies = somePolicies({
      principals: ['arn:aws:iam::*:role/developer-*', 'arn:aws:iam::*:user/*', 'arn:aws:iam::*:group/*'],
    });
    const outcome = await handleBudgetAlert(
      { ...world.deps(), audit: world.store },
      { alert: anAlert(), policies, accountId: ACCOUNT, protectedRoles, dryRun: false, owner: 'policy' },
    );
    expect(outcome.applied[0]?.status).toBe('executed');
    const manual = await handleBudgetAlert(
      { ...world.deps(), audit: world.store },
      {
        alert: anAlert({ thresholdPercent: 150 }),
        policies: somePolicies({ mode: 'manual' }),
        accountId: ACCOUNT,
        protectedRoles,
        dryRun: false,
        owner: 'policy',
      },
    );
    await applyGuardrailPlan(world.deps(), { plan: manual.plan, accountId: ACCOUNT, items: 'approved', dryRun: false });
    world.clock.advance(2 * 3_600_000);
    expect(await cleanupExpiredGuardrails(world.deps(), { owner: 'policy' })).toMatchObject({ failed: 0 });
    const sent = [...new Set(world.iam.calls.map((c) => `iam:${c.action}`))].sort();
    const allowed = [...new Set(statements.flatMap((s) => s.Action))].sort();
    expect(sent).toEqual(allowed);
  });

  it('writes only OpsGuard policies under /opsguard/guardrails/, and attaches or detaches only those', () => {
    const own = statements.find((s) => s.Action.includes('iam:CreatePolicy'));
    expect(own?.Resource).toBe('arn:aws:iam::*:policy/opsguard/guardrails/*');
    const attach = statements.find((s) => s.Action.includes('iam:AttachRolePolicy'));
    expect(attach?.Condition).toEqual({ ArnLike: { 'iam:PolicyARN': 'arn:aws:iam::*:policy/opsguard/guardrails/*' } });
    // No statement allows a policy write on any resource.
    for (const s of statements) {
      if (s.Resource === '*') expect(s.Action.every((a) => a.startsWith('iam:List'))).toBe(true);
    }
  });
});
