import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { denyPolicyExpiry, type ProtectedRoles } from '@opsguard/core';
import { openPgliteStore, type Store } from '@opsguard/store';
import {
  applyGuardrailPlan,
  CLEANUP_BATCH_SIZE,
  cleanupExpiredGuardrails,
  handleBudgetAlert,
  type BudgetAlertOutcome,
} from '../src/index.js';
import { ACCOUNT, anAlert, guardrailWorld, somePolicies, testClock, type GuardrailWorld } from './guardrail-fixture.js';

const PROTECTED: ProtectedRoles = {
  executorRoleArn: `arn:aws:sts::${ACCOUNT}:assumed-role/opsguard-apply/run-1`,
  oidcRoleArn: null,
  breakGlassPatterns: [],
};
const HOUR = 3_600_000;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

// One PGlite for the file; each test gets a fresh IAM stand-in and clock, and its own plan
// (the alert's period differs), so executions of one test never meet another's.
let store: Store;
let period = 0;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
});
afterAll(async () => {
  await store.close();
});

describe('guardrails end to end on the IAM stand-in (real SDK, PGlite, injected clock)', () => {
  let world: GuardrailWorld;
  beforeEach(async () => {
    world = await guardrailWorld(store);
    period++;
    // What earlier tests left `executed` is rolled back far in the future, off this test's books.
    await cleanupExpiredGuardrails(world.deps({ clock: testClock(new Date('2031-01-01T00:00:00Z')) }), {
      owner: 'reset',
    });
  });
  afterEach(async () => {
    await world.close();
  });

  const alert = () => anAlert({ period: `2026-${String(period).padStart(2, '0')}-01` });

  async function autoRun(policies = somePolicies()): Promise<BudgetAlertOutcome> {
    return handleBudgetAlert(
      { ...world.deps(), audit: world.store },
      {
        alert: alert(),
        policies,
        accountId: ACCOUNT,
        protectedRoles: PROTECTED,
        dryRun: false,
        owner: `run-${period}`,
      },
    );
  }

  it('auto: executed → TTL expires → clean-up rolls back → status updated, policy gone', async () => {
    const outcome = await autoRun();
    expect(outcome.applied).toHaveLength(1);
    const applied = outcome.applied[0]!;
    expect(applied.status).toBe('executed');
    expect(applied.expiresAt).toBe('2026-12-03T02:00:00.000Z');
    // Exceptions respected: test-* by the file's allowlist, the executor role by built-in protection;
    // role/developer-* does not reach into paths (team/developer-carol).
    expect(applied.attached).toEqual([role('developer-alice'), role('developer-bob')]);
    const decision = outcome.decisions[0];
    expect(decision?.outcome === 'deny' && decision.principals.map((p) => [p.principal.name, p.verdict])).toEqual([
      ['developer-alice', 'target'],
      ['developer-bob', 'target'],
      ['opsguard-apply', 'exempt'],
      ['test-runner', 'exempt'],
    ]);
    expect(world.iam.state.trueAttachments('role', 'test-runner')).toEqual([]);
    expect(world.iam.state.trueAttachments('role', 'opsguard-apply')).toEqual([]);
    // The deny document read back from IAM carries its own expiry.
    expect(applied.readBack).toMatchObject({ expiry: '2026-12-03T02:00:00.000Z', expiryMatches: true, missing: [] });
    const version = world.iam.state.policyVersion(applied.policyArn, 'v1');
    expect(JSON.parse(version.document).Statement[0].Condition).toEqual({
      DateLessThan: { 'aws:CurrentTime': '2026-12-03T02:00:00Z' },
    });
    expect(denyPolicyExpiry(version.document)).toEqual(new Date('2026-12-03T02:00:00Z'));
    // Recorded before acting, and confirmed with the expiry.
    const row = await world.executions.getExecution(applied.executionId);
    expect(row).toMatchObject({
      status: 'executed',
      ttlExpiresAt: '2026-12-03T02:00:00.000Z',
      policyArn: applied.policyArn,
    });
    expect(world.notifications.map((n) => n.title)).toEqual([
      'Guardrail freeze-new-compute applied: 2 principal(s) denied until 2026-12-03T02:00:00.000Z',
    ]);
    // Every decision and call is audited.
    const audit = await world.store.listAudit({ since: new Date(0) });
    const calls = audit.filter((a) => a.idempotencyKey.startsWith(applied.executionId));
    expect(calls.map((a) => `${a.action} ${a.target} ${a.outcome}`).sort()).toEqual([
      `iam-attach-role-policy ${role('developer-alice')} SUCCESS`,
      `iam-attach-role-policy ${role('developer-bob')} SUCCESS`,
      `iam-create-policy ${applied.policyArn} SUCCESS`,
    ]);
    expect(audit.some((a) => a.action === 'guardrail-decide' && a.idempotencyKey === outcome.planHash)).toBe(true);

    // Before the TTL, the clean-up finds nothing.
    world.clock.advance(59 * 60_000);
    expect(await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-1' })).toMatchObject({
      total_found: 0,
      rolled_back: 0,
    });
    world.clock.advance(2 * 60_000);
    const result = await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-2' });
    expect(result).toMatchObject({ total_found: 1, rolled_back: 1, failed: 0, errors: [], policies_deleted: 1 });
    expect(await world.executions.getExecution(applied.executionId)).toMatchObject({
      status: 'rolled_back',
      rolledBackAt: '2026-12-03T02:01:00.000Z',
      attempts: 1,
    });
    for (const name of ['developer-alice', 'developer-bob']) {
      expect(world.iam.state.trueAttachments('role', name)).toEqual([]);
    }
    expect(world.iam.state.allPolicies()).toEqual([]);

    // Twice is safe: nothing found, no IAM call made.
    const callsBefore = world.iam.calls.length;
    expect(await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-3' })).toMatchObject({
      total_found: 0,
      rolled_back: 0,
      failed: 0,
    });
    expect(world.iam.calls.length).toBe(callsBefore);
  });

  it('an exempting time window or account exempts the whole policy: nothing recorded, nothing attached', async () => {
    const holiday = somePolicies();
    const policies = {
      ...holiday,
      exceptions: { timeWindows: [{ type: 'holidays' as const, name: 'today', dates: ['2026-12-03'] }] },
    };
    const outcome = await autoRun(policies);
    expect(outcome.decisions[0]).toMatchObject({ outcome: 'exempt', rule: { type: 'time_window', name: 'today' } });
    expect(outcome.applied).toEqual([]);
    expect(world.iam.calls.filter((c) => c.action === 'CreatePolicy')).toEqual([]);
    const accounts = await autoRun({ ...holiday, exceptions: { accounts: [ACCOUNT] } });
    expect(accounts.decisions[0]).toMatchObject({ outcome: 'exempt', rule: { type: 'account_allowlist' } });
  });

  it('manual mode applies nothing and asks for approval; the approved plan applies once', async () => {
    const outcome = await autoRun(somePolicies({ mode: 'manual' }));
    expect(outcome.applied).toEqual([]);
    expect(outcome.awaitingApproval.map((i) => i.policyId)).toEqual(['freeze-new-compute']);
    expect(world.notifications[0]?.title).toBe('Guardrail approval needed: freeze-new-compute for budget monthly');
    expect(world.iam.calls.filter((c) => c.action === 'CreatePolicy')).toEqual([]);
    const request = {
      plan: outcome.plan,
      expectedHash: outcome.planHash,
      accountId: ACCOUNT,
      items: 'approved' as const,
      dryRun: false,
    };
    const first = await applyGuardrailPlan(world.deps(), request);
    expect(first.items.map((i) => i.status)).toEqual(['executed']);
    // Applied again (a re-run of the approved job): the same execution, finished idempotently.
    const again = await applyGuardrailPlan(world.deps(), request);
    expect(again.items.map((i) => [i.status, i.executionId])).toEqual([['executed', first.items[0]?.executionId]]);
    expect(world.iam.state.allPolicies()).toHaveLength(1);
    await expect(applyGuardrailPlan(world.deps(), { ...request, expectedHash: 'f'.repeat(64) })).rejects.toThrow(
      /not the approved/,
    );
    await expect(applyGuardrailPlan(world.deps(), { ...request, accountId: '210987654321' })).rejects.toThrow(
      /the credentials are for 210987654321/,
    );
  });

  it('one failing rollback does not stop the others, and the third failure in a row alerts', async () => {
    // Three executions (three alerts of the month), then one role's detach is denied for good.
    for (const percent of [100, 110, 120]) {
      await handleBudgetAlert(
        { ...world.deps(), audit: world.store },
        {
          alert: { ...alert(), thresholdPercent: percent },
          policies: somePolicies({
            principals: [`arn:aws:iam::*:role/developer-${percent === 110 ? 'bob' : 'alice'}`],
          }),
          accountId: ACCOUNT,
          protectedRoles: PROTECTED,
          dryRun: false,
          owner: 'handler',
        },
      );
    }
    world.iam.injectFault({
      action: 'DetachRolePolicy',
      code: 'AccessDenied',
      when: (p) => p['RoleName'] === 'developer-bob',
    });
    world.clock.advance(2 * HOUR);
    const first = await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-a' });
    expect(first).toMatchObject({ total_found: 3, rolled_back: 2, failed: 1, alerted: [] });
    expect(first.errors[0]).toMatchObject({
      principal: role('developer-bob'),
      code: 'AccessDenied',
      consecutiveFailures: 1,
      terminal: false,
    });
    // The failed one stays `executed` (never lost) and is retried once its lease is over.
    expect(await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-b' })).toMatchObject({ total_found: 0 });
    world.clock.advance(11 * 60_000);
    const second = await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-c' });
    expect(second).toMatchObject({ total_found: 1, failed: 1, alerted: [] });
    world.clock.advance(11 * 60_000);
    const third = await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-d' });
    expect(third).toMatchObject({ total_found: 1, failed: 1 });
    expect(third.alerted).toEqual([third.errors[0]?.executionId]);
    const alertSent = world.notifications.find((n) => n.severity === 'critical');
    expect(alertSent?.title).toBe('Guardrail freeze-new-compute: rollback failed 3 times in a row');
    // Fixed: the next run rolls it back.
    world.iam.clearFaults();
    world.clock.advance(11 * 60_000);
    expect(await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-e' })).toMatchObject({
      total_found: 1,
      rolled_back: 1,
    });
    expect(await world.executions.listExecutions({ status: 'executed' })).toEqual([]);
  });

  it('NoSuchEntity on detach is done; LimitExceeded is terminal and alerts at once', async () => {
    const a = await autoRun(somePolicies({ principals: [role('developer-alice')] }));
    const arn = a.applied[0]!.policyArn;
    world.iam.state.detach('role', 'developer-alice', arn); // someone took it off by hand
    period++;
    const b = await autoRun(somePolicies({ principals: [role('developer-bob')] }));
    world.iam.injectFault({
      action: 'DetachRolePolicy',
      code: 'LimitExceeded',
      when: (p) => p['RoleName'] === 'developer-bob',
    });
    world.clock.advance(2 * HOUR);
    const result = await cleanupExpiredGuardrails(world.deps(), { owner: 'cron' });
    expect(result).toMatchObject({ total_found: 2, rolled_back: 1, failed: 1 });
    expect(result.errors[0]).toMatchObject({ code: 'LimitExceededException', terminal: true });
    expect(result.alerted).toHaveLength(1);
    expect(await world.executions.getExecution(a.applied[0]!.executionId)).toMatchObject({ status: 'rolled_back' });
    expect(await world.executions.getExecution(b.applied[0]!.executionId)).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('LimitExceeded'),
    });
  });

  it('throttling is retried (the SDK, then the guard) and the deny still applies', async () => {
    world.iam.injectFault({ action: 'AttachRolePolicy', code: 'Throttling', times: 4 });
    const outcome = await autoRun(somePolicies({ principals: [role('developer-alice')] }));
    expect(outcome.applied[0]).toMatchObject({ status: 'executed', attached: [role('developer-alice')] });
    expect(world.iam.calls.filter((c) => c.action === 'AttachRolePolicy').map((c) => c.error)).toEqual([
      'Throttling',
      'Throttling',
      'Throttling',
      'Throttling',
      null,
    ]);
    const audit = await world.store.listAudit({ action: 'iam-attach-role-policy' });
    expect(audit.at(-1)).toMatchObject({ outcome: 'SUCCESS', attempts: 2 });
  });

  it('AccessDenied on CreatePolicy: the execution is recorded first, then marked failed; nothing attached', async () => {
    world.iam.injectFault({ action: 'CreatePolicy', code: 'AccessDenied' });
    const outcome = await autoRun();
    const item = outcome.applied[0]!;
    expect(item).toMatchObject({ status: 'failed', attached: [], recorded: true });
    expect(item.error).toContain('AccessDenied');
    expect(await world.executions.getExecution(item.executionId)).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('AccessDenied'),
    });
    expect(world.iam.calls.filter((c) => c.action === 'AttachRolePolicy')).toEqual([]);
  });

  it('a half-applied deny is due at once and the next clean-up takes off what was attached', async () => {
    world.iam.injectFault({
      action: 'AttachRolePolicy',
      code: 'AccessDenied',
      when: (p) => p['RoleName'] === 'developer-bob',
    });
    const outcome = await autoRun();
    const item = outcome.applied[0]!;
    expect(item.status).toBe('failed');
    expect(item.attached).toEqual([role('developer-alice')]);
    expect(item.failedPrincipals.map((f) => f.arn)).toEqual([role('developer-bob')]);
    world.iam.clearFaults();
    const result = await cleanupExpiredGuardrails(world.deps(), { owner: 'cron' });
    expect(result).toMatchObject({ total_found: 1, rolled_back: 1 });
    expect(world.iam.state.trueAttachments('role', 'developer-alice')).toEqual([]);
    expect(world.iam.state.allPolicies()).toEqual([]);
  });

  it('eventual consistency: a detach still listed is re-read until it is gone; past the reads it is retried next run', async () => {
    await autoRun(somePolicies({ principals: [role('developer-alice')] }));
    world.iam.setDetachVisibleAfterReads(3);
    world.clock.advance(2 * HOUR);
    expect(await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-1' })).toMatchObject({ rolled_back: 1 });
    period++;
    await autoRun(somePolicies({ principals: [role('developer-bob')] }));
    world.iam.setDetachVisibleAfterReads(10);
    world.clock.advance(2 * HOUR);
    const slow = await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-2' });
    expect(slow).toMatchObject({ total_found: 1, rolled_back: 0, failed: 1 });
    expect(slow.errors[0]).toMatchObject({ code: 'NotConfirmed' });
    // Next run: the detach answers NoSuchEntity (it did go through), the re-read confirms.
    world.clock.advance(11 * 60_000);
    world.iam.setDetachVisibleAfterReads(0);
    expect(await cleanupExpiredGuardrails(world.deps(), { owner: 'cron-3' })).toMatchObject({ rolled_back: 1 });
  });

  it('works in batches (100 by default): 25 expired executions in batches of 10 are all found', async () => {
    expect(CLEANUP_BATCH_SIZE).toBe(100);
    for (let i = 0; i < 25; i++) {
      await world.executions.recordExecution(
        {
          id: `gx_batch_${period}_${i}`,
          planHash: 'a'.repeat(64),
          policyId: `p${period}-${i}`,
          mode: 'auto',
          accountId: ACCOUNT,
          budgetName: 'monthly',
          principals: [{ arn: role('developer-alice'), kind: 'role', name: 'developer-alice' }],
          denyActions: ['ec2:RunInstances'],
          policyArn: `arn:aws:iam::${ACCOUNT}:policy/opsguard/guardrails/none-${i}`,
          policyDocument: { Version: '2012-10-17' },
          executedBy: 'test',
          executedAt: world.clock.now(),
          ttlExpiresAt: world.clock.now(),
        },
        world.clock.now(),
      );
    }
    // The policies do not exist: each detach answers NoSuchEntity, which is done.
    const result = await cleanupExpiredGuardrails(world.deps(), { owner: 'batch', batchSize: 10 });
    expect(result).toMatchObject({ total_found: 25, rolled_back: 25, failed: 0, complete: true });
  });

  it('never loses track: when the outcome cannot be recorded, the execution stays due and the next run after the lease finishes it', async () => {
    const outcome = await autoRun(somePolicies({ principals: [role('developer-alice')] }));
    const id = outcome.applied[0]!.executionId;
    world.clock.advance(2 * HOUR);
    const failing = {
      ...world.executions,
      claimExpiredExecutions: world.executions.claimExpiredExecutions.bind(world.executions),
      finishRollback: () => Promise.reject(new Error('store went away')),
    };
    const lost = await cleanupExpiredGuardrails(world.deps({ executions: failing }), { owner: 'crash' });
    expect(lost).toMatchObject({ total_found: 1, rolled_back: 0, failed: 1 });
    expect(lost.errors[0]).toMatchObject({ code: 'StoreError', executionId: id });
    expect(await world.executions.getExecution(id)).toMatchObject({ status: 'executed' });
    world.clock.advance(11 * 60_000);
    // IAM already has it detached: NoSuchEntity on the detach is done, the re-read confirms.
    expect(await cleanupExpiredGuardrails(world.deps(), { owner: 'next' })).toMatchObject({
      total_found: 1,
      rolled_back: 1,
    });
    expect(await world.executions.getExecution(id)).toMatchObject({ status: 'rolled_back' });
  });

  it('store-less: the deny applies with its own expiry, and nothing is recorded', async () => {
    const outcome = await handleBudgetAlert(
      { ...world.deps({ executions: null }), audit: world.store },
      {
        alert: alert(),
        policies: somePolicies(),
        accountId: ACCOUNT,
        protectedRoles: PROTECTED,
        dryRun: false,
        owner: 'x',
      },
    );
    expect(outcome.cleanup).toMatchObject({ ran: false });
    expect(outcome.applied[0]).toMatchObject({ status: 'executed', recorded: false });
    expect(denyPolicyExpiry(world.iam.state.policyVersion(outcome.applied[0]!.policyArn, 'v1').document)).toEqual(
      new Date('2026-12-03T02:00:00Z'),
    );
    expect(await world.executions.getExecution(outcome.applied[0]!.executionId)).toBeNull();
  });

  it('dry run: the guard records the plan, IAM is not written', async () => {
    const outcome = await handleBudgetAlert(
      { ...world.deps(), audit: world.store },
      {
        alert: alert(),
        policies: somePolicies(),
        accountId: ACCOUNT,
        protectedRoles: PROTECTED,
        dryRun: true,
        owner: 'x',
      },
    );
    expect(outcome.applied.map((a) => a.status)).toEqual(['dry_run']);
    expect(outcome.cleanup).toEqual({ ran: false, reason: 'dry run' });
    expect(world.iam.calls.filter((c) => !c.action.startsWith('List'))).toEqual([]);
    expect(await world.executions.getExecution(outcome.applied[0]!.executionId)).toBeNull();
  });
});
