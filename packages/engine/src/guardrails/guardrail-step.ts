import { join } from 'node:path';
import { loadGuardrailPolicies } from '@opsguard/config';
import { parseBudgetAlert, parseGuardrailPlan } from '@opsguard/core';
import { applyGuardrailPlan, guardrailPlanHash, type AppliedItem } from './apply-guardrail-plan.js';
import { writeGuardrailEvidence } from './guardrail-evidence.js';
import type { GuardrailRuntime } from './guardrail-runtime.js';
import { appliedLines, budgetAlertSummary, guardrailEvents, STORELESS_NOTE } from './guardrail-summary.js';
import { handleBudgetAlert } from './handle-budget-alert.js';

export interface GuardrailStepRequest {
  readonly command: 'plan' | 'apply';
  /** plan: the alert as parsed JSON. */
  readonly alert: unknown;
  readonly policiesPath: string | undefined;
  /** apply: the plan file read. */
  readonly plan: { readonly path: string; readonly value: unknown } | null;
  readonly planHash: string | undefined;
  readonly execute: boolean;
  readonly oidcRoleArn: string | null;
  readonly outDir: string;
  readonly timeZone: string;
  readonly owner: string;
}

export interface GuardrailStepResult {
  readonly summary: string;
  readonly planHash: string;
  /** Where the plan is in the bundle (plan), for the apply job's artifact. */
  readonly planFile: string | null;
  readonly awaitingApproval: boolean;
  readonly applied: readonly AppliedItem[];
  readonly bundlePath: string | null;
  /** An item could not be applied. */
  readonly failed: boolean;
}

/** The bundle's plan file is `{hash, plan}`; a bare plan (the CLI's `--out`) is taken as it is. */
function unwrapPlan(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'plan' in value && 'hash' in value) {
    return (value as { plan: unknown }).plan;
  }
  return value;
}

/** One guardrail step of a workflow (the guardrail action): plan (the budget handler) or apply, with its evidence. */
export async function runGuardrailStep(
  runtime: GuardrailRuntime,
  request: GuardrailStepRequest,
): Promise<GuardrailStepResult> {
  const { deps } = runtime;
  const dryRun = !request.execute;
  const evidence = { outDir: request.outDir, timeZone: request.timeZone, sanitize: runtime.sanitize, log: deps.log };
  if (request.command === 'apply' && request.plan) {
    const plan = parseGuardrailPlan(unwrapPlan(request.plan.value), request.plan.path);
    const result = await applyGuardrailPlan(deps, {
      plan,
      ...(request.planHash !== undefined && { expectedHash: request.planHash }),
      accountId: runtime.identity.account,
      items: 'approved',
      dryRun,
    });
    const now = deps.clock.now();
    const bundlePath = await writeGuardrailEvidence({
      ...evidence,
      now,
      events: guardrailEvents(now.toISOString(), { applied: result.items }),
    });
    const summary = [
      `### OpsGuard guardrails: apply of plan \`${result.planHash}\`${dryRun ? ' — dry run' : ''}`,
      '',
      ...appliedLines(result.items),
      ...(runtime.durable ? [] : ['', STORELESS_NOTE]),
    ].join('\n');
    return {
      summary,
      planHash: result.planHash,
      planFile: null,
      awaitingApproval: false,
      applied: result.items,
      bundlePath,
      failed: result.items.some((i) => i.status === 'failed'),
    };
  }
  // The forwarder's budget-alert client_payload, the same parser as the shutdown's.
  const alert = parseBudgetAlert(request.alert, deps.clock.now());
  const policies = await loadGuardrailPolicies(request.policiesPath);
  const outcome = await handleBudgetAlert(deps, {
    alert,
    policies,
    accountId: runtime.identity.account,
    protectedRoles: {
      executorRoleArn: runtime.identity.arn,
      oidcRoleArn: request.oidcRoleArn,
      breakGlassPatterns: policies.breakGlassRoles ?? [],
    },
    dryRun,
    owner: request.owner,
    hasTime: () => runtime.budget.spendableMs() > 0,
  });
  const now = deps.clock.now();
  const hash = guardrailPlanHash(outcome.plan);
  const bundlePath = await writeGuardrailEvidence({
    ...evidence,
    now,
    plan: { plan: outcome.plan, hash },
    events: guardrailEvents(now.toISOString(), { outcome }),
  });
  return {
    summary: budgetAlertSummary(outcome, runtime.durable, dryRun),
    planHash: hash,
    planFile: bundlePath === null ? null : join(bundlePath, 'guardrails', `plan-${hash}.json`),
    awaitingApproval: outcome.awaitingApproval.length > 0,
    applied: outcome.applied,
    bundlePath,
    failed: outcome.applied.some((i) => i.status === 'failed'),
  };
}
