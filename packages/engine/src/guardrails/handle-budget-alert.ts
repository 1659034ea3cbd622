import {
  buildGuardrailPlan,
  evaluateGuardrails,
  kindsToList,
  toError,
  type BudgetAlert,
  type GuardrailPlan,
  type GuardrailPlanItem,
  type GuardrailPolicies,
  type PolicyDecision,
  type PrincipalDirectory,
  type PrincipalKind,
  type PrincipalRef,
  type ProtectedRoles,
} from '@opsguard/core';
import { auditId } from '@opsguard/guard';
import type { AuditOutcome, Store } from '@opsguard/store';
import { applyGuardrailPlan, guardrailPlanHash, type AppliedItem } from './apply-guardrail-plan.js';
import { cleanupExpiredGuardrails, type CleanupResult } from './cleanup-guardrails.js';
import type { GuardrailDeps } from './guardrail-deps.js';
import { approvalNotification, confirmationNotification } from './guardrail-notifications.js';

export interface BudgetAlertRequest {
  readonly alert: BudgetAlert;
  readonly policies: GuardrailPolicies;
  /** The account the credentials are in (STS GetCallerIdentity). */
  readonly accountId: string;
  readonly protectedRoles: ProtectedRoles;
  readonly dryRun: boolean;
  /** The clean-up's lease owner (this run). */
  readonly owner: string;
  readonly partition?: string;
  /** Where the approval is given: the apply job's URL or the environment's name, for the request. */
  readonly approvalHint?: string;
  readonly hasTime?: () => boolean;
}

export type CleanupRun =
  { readonly ran: true; readonly result: CleanupResult } | { readonly ran: false; readonly reason: string };

export interface BudgetAlertOutcome {
  readonly cleanup: CleanupRun;
  readonly plan: GuardrailPlan;
  readonly planHash: string;
  readonly decisions: readonly PolicyDecision[];
  /** The auto items, applied (or dry-run). */
  readonly applied: readonly AppliedItem[];
  /** The manual items: the plan waits for a reviewer (the apply job's environment, or the signed intake). */
  readonly awaitingApproval: readonly GuardrailPlanItem[];
}

/** The clean-up runs at the start of every guardrail run: schedules are late, and this run may be the first in hours. */
export async function cleanupFirst(deps: GuardrailDeps, owner: string, hasTime?: () => boolean): Promise<CleanupRun> {
  if (!deps.executions) {
    return { ran: false, reason: 'no store: executions cannot be found (the deny expires by its own condition)' };
  }
  try {
    return {
      ran: true,
      result: await cleanupExpiredGuardrails(deps, { owner, ...(hasTime !== undefined && { hasTime }) }),
    };
  } catch (error) {
    deps.log(`guardrail clean-up failed: ${toError(error).message}`);
    return { ran: false, reason: `clean-up failed: ${toError(error).message}` };
  }
}

async function directoryOf(deps: GuardrailDeps, policies: GuardrailPolicies): Promise<PrincipalDirectory> {
  const directory: Partial<Record<PrincipalKind, PrincipalRef[]>> = {};
  for (const kind of kindsToList(policies)) directory[kind] = await deps.iam.listPrincipals(kind);
  return directory;
}

function decisionOutcome(d: PolicyDecision): { outcome: AuditOutcome; reason: string | null } {
  switch (d.outcome) {
    case 'deny':
      return d.mode === 'auto'
        ? { outcome: 'SUCCESS', reason: null }
        : { outcome: 'SKIPPED', reason: 'awaiting_approval' };
    case 'exempt':
      return { outcome: 'SKIPPED', reason: `exempt: ${d.rule.type}` };
    case 'not_triggered':
      return { outcome: 'SKIPPED', reason: `not_triggered: ${d.reason}` };
    case 'no_targets':
      return { outcome: 'SKIPPED', reason: `no_targets: ${d.reason}` };
  }
}

/**
 * One audit record per policy decision (the guard records each IAM call itself): what was
 * decided for this alert and why — exempt and by which rule, awaiting approval, denied.
 */
export async function auditDecisions(
  store: Pick<Store, 'appendAudit'>,
  actor: string,
  planHash: string,
  decisions: readonly PolicyDecision[],
  at: Date,
  dryRun: boolean,
): Promise<void> {
  for (const d of decisions) {
    const { outcome, reason } = decisionOutcome(d);
    const target = `guardrail:${d.policyId}`;
    await store.appendAudit({
      id: auditId('guardrail-decide', target, planHash, outcome, reason ?? undefined),
      at: at.toISOString(),
      action: 'guardrail-decide',
      service: 'aws:iam',
      target,
      idempotencyKey: planHash,
      outcome,
      reason,
      dryRun,
      actor,
      attempts: 0,
      durationMs: 0,
      details: { plan_hash: planHash, decision: JSON.parse(JSON.stringify(d)) as never },
    });
  }
}

/**
 * The budget event handler: clean-up first, then the alert → matching policies → exceptions
 * and built-in protection → plan (hashed) → `auto` items applied at once and confirmed with
 * their expiry, `manual` items left for approval with a request to the reviewers. Every
 * decision is audited; the caller writes the plan and the outcome into the evidence bundle.
 */
export async function handleBudgetAlert(
  deps: GuardrailDeps & { readonly audit: Pick<Store, 'appendAudit'> },
  request: BudgetAlertRequest,
): Promise<BudgetAlertOutcome> {
  // A dry run changes nothing, the clean-up included (it may run on the read-only plan role).
  const cleanup: CleanupRun = request.dryRun
    ? { ran: false, reason: 'dry run' }
    : await cleanupFirst(deps, request.owner, request.hasTime);
  const now = deps.clock.now();
  const decisions = evaluateGuardrails({
    alert: request.alert,
    policies: request.policies,
    now,
    protectedRoles: request.protectedRoles,
    directory: await directoryOf(deps, request.policies),
  });
  const plan = buildGuardrailPlan(request.alert, decisions, now);
  const planHash = guardrailPlanHash(plan);
  await auditDecisions(deps.audit, deps.executedBy, planHash, decisions, now, request.dryRun);
  const hasAuto = plan.items.some((i) => i.mode === 'auto');
  const applied = hasAuto
    ? (
        await applyGuardrailPlan(deps, {
          plan,
          accountId: request.accountId,
          items: 'auto',
          dryRun: request.dryRun,
          ...(request.partition !== undefined && { partition: request.partition }),
        })
      ).items
    : [];
  const awaitingApproval = plan.items.filter((i) => i.mode === 'manual');
  const notices = [
    ...applied.filter((a) => a.status === 'executed').map((a) => confirmationNotification(a, plan.alert)),
    ...(awaitingApproval.length > 0 && !request.dryRun
      ? [approvalNotification(plan, planHash, awaitingApproval, request.approvalHint)]
      : []),
  ];
  for (const n of notices) {
    await deps.notify(n).catch((e: unknown) => deps.log(`notification not sent: ${toError(e).message}`));
  }
  return { cleanup, plan, planHash, decisions, applied, awaitingApproval };
}
