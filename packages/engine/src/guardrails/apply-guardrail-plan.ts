import { createHash } from 'node:crypto';
import {
  buildDenyPolicyDocument,
  ConfigurationError,
  denyPolicyText,
  GUARDRAIL_POLICY_PATH,
  guardrailExpiry,
  guardrailPolicyArn,
  guardrailPolicyName,
  planHashInput,
  type GuardrailPlan,
  type GuardrailPlanItem,
  type JsonObject,
} from '@opsguard/core';
import type { GuardedCall } from '@opsguard/guard';
import type { GuardrailExecution } from '@opsguard/store';
import type { GuardrailDeps } from './guardrail-deps.js';
import { awsErrorOf, iamFailureClassifier, outcomeError } from './iam-failures.js';
import { readBackDeny, type DenyReadBack } from './read-back.js';

/** SHA-256 of the plan's canonical alert and items: what a reviewer approves. */
export function guardrailPlanHash(plan: Pick<GuardrailPlan, 'version' | 'alert' | 'items'>): string {
  return createHash('sha256').update(planHashInput(plan)).digest('hex');
}

/** Deterministic per plan and policy: the same plan applied twice is one execution. */
export function guardrailExecutionId(planHash: string, policyId: string): string {
  return `gx_${createHash('sha256').update(`${planHash}\u0000${policyId}`).digest('hex').slice(0, 32)}`;
}

export type AppliedStatus =
  /** Created, attached to every principal, read back. */
  | 'executed'
  /** This plan's execution was recorded before and is no longer `executed` (rolled back, failed): not applied again. */
  | 'already_handled'
  /** Nothing or only part of it applied; recorded as failed (a part is removed by the next clean-up). */
  | 'failed'
  | 'dry_run';

export interface AppliedItem {
  readonly policyId: string;
  readonly executionId: string;
  readonly policyArn: string;
  readonly mode: GuardrailPlanItem['mode'];
  readonly status: AppliedStatus;
  /** UTC ISO-8601, as the document's DateLessThan says. */
  readonly expiresAt: string;
  readonly attached: readonly string[];
  readonly failedPrincipals: readonly { readonly arn: string; readonly error: string }[];
  readonly readBack: DenyReadBack | null;
  /** False in store-less mode: then only the document's own expiry lifts the deny. */
  readonly recorded: boolean;
  readonly error: string | null;
}

export interface ApplyRequest {
  readonly plan: GuardrailPlan;
  /** The reviewed hash: refused when the plan's differs (a changed or another plan). */
  readonly expectedHash?: string;
  /** The account the credentials are in: a plan for another account is refused. */
  readonly accountId: string;
  readonly partition?: string;
  /** `auto`: only the plan's auto items (the budget handler); `approved`: every item (the reviewed apply). */
  readonly items: 'auto' | 'approved';
  readonly dryRun: boolean;
}

export interface ApplyResult {
  readonly planHash: string;
  readonly items: readonly AppliedItem[];
}

function checkRequest(request: ApplyRequest, planHash: string, now: Date): void {
  const { plan } = request;
  if (request.expectedHash !== undefined && request.expectedHash !== planHash) {
    throw new ConfigurationError(
      `the plan's hash is ${planHash}, not the approved ${request.expectedHash}: plan again and have it reviewed`,
    );
  }
  if (plan.alert.accountId !== request.accountId) {
    throw new ConfigurationError(
      `the plan is for account ${plan.alert.accountId}, the credentials are for ${request.accountId}: nothing applied`,
    );
  }
  if (Date.parse(plan.validUntil) < now.getTime()) {
    throw new ConfigurationError(`the plan expired at ${plan.validUntil}: plan again for the current spend`);
  }
}

/** Whole seconds: the document says the expiry to the second, and the record says the same instant. */
function expiryOf(now: Date, ttlMinutes: number): Date {
  const at = guardrailExpiry(now, ttlMinutes);
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

interface ItemContext {
  readonly deps: GuardrailDeps;
  readonly request: ApplyRequest;
  readonly planHash: string;
  readonly item: GuardrailPlanItem;
  readonly executionId: string;
  readonly policyName: string;
  readonly policyArn: string;
}

function call<T>(
  ctx: ItemContext,
  action: string,
  target: string,
  details: JsonObject,
  execute: () => Promise<T>,
): GuardedCall<T> {
  return {
    action,
    service: 'aws:iam',
    target,
    idempotencyKey: `${ctx.executionId}:${action}`,
    dryRun: ctx.request.dryRun,
    classifyFailure: iamFailureClassifier,
    details: { execution_id: ctx.executionId, plan_hash: ctx.planHash, policy_id: ctx.item.policyId, ...details },
    execute,
  };
}

/** Records the execution before any IAM call; returns the row to apply, or why not to. */
async function record(
  ctx: ItemContext,
  document: JsonObject,
  expiresAt: Date,
): Promise<{ execution: GuardrailExecution | null; handled: boolean }> {
  const store = ctx.deps.executions;
  if (!store || ctx.request.dryRun) return { execution: null, handled: false };
  const now = ctx.deps.clock.now();
  const { inserted, execution } = await store.recordExecution(
    {
      id: ctx.executionId,
      planHash: ctx.planHash,
      policyId: ctx.item.policyId,
      mode: ctx.item.mode,
      accountId: ctx.request.accountId,
      budgetName: ctx.request.plan.alert.budgetName,
      principals: ctx.item.principals.map((p) => ({ arn: p.arn, kind: p.kind, name: p.name })),
      denyActions: ctx.item.actions,
      policyArn: ctx.policyArn,
      policyDocument: document,
      executedBy: ctx.deps.executedBy,
      executedAt: now,
      ttlExpiresAt: expiresAt,
    },
    now,
  );
  // A row recorded earlier that is still `executed` is an apply that did not finish: finish it
  // (every step is idempotent). One that was rolled back or failed is never applied again.
  return { execution, handled: !inserted && execution.status !== 'executed' };
}

async function createPolicy(ctx: ItemContext, documentText: string): Promise<string | null> {
  const { item } = ctx;
  const outcome = await ctx.deps.guard.run(
    call(ctx, 'iam-create-policy', ctx.policyArn, { actions: [...item.actions] }, async () => {
      try {
        return (
          await ctx.deps.iam.createPolicy({
            name: ctx.policyName,
            path: GUARDRAIL_POLICY_PATH,
            document: documentText,
            description: `OpsGuard guardrail ${item.policyId} for budget ${ctx.request.plan.alert.budgetName}`.slice(
              0,
              1000,
            ),
          })
        ).arn;
      } catch (error) {
        // An earlier apply of this plan created it (a resumed execution): the same name, the same document.
        if (awsErrorOf(error).code.startsWith('EntityAlreadyExists')) return ctx.policyArn;
        throw error;
      }
    }),
  );
  return outcome.outcome === 'SUCCESS' ? null : outcomeError(outcome);
}

async function attachAll(ctx: ItemContext) {
  const attached: string[] = [];
  const failed: { arn: string; error: string }[] = [];
  for (const principal of ctx.item.principals) {
    const outcome = await ctx.deps.guard.run(
      call(ctx, `iam-attach-${principal.kind}-policy`, principal.arn, { policy_arn: ctx.policyArn }, () =>
        ctx.deps.iam.attachPolicy(principal, ctx.policyArn),
      ),
    );
    if (outcome.outcome === 'SUCCESS') attached.push(principal.arn);
    else failed.push({ arn: principal.arn, error: outcomeError(outcome) });
  }
  return { attached, failed };
}

async function applyItem(ctx: ItemContext): Promise<AppliedItem> {
  const { deps, item, request } = ctx;
  const fresh = expiryOf(deps.clock.now(), item.ttlMinutes);
  const freshDocument = buildDenyPolicyDocument(item.policyId, item.actions, fresh);
  // Throws before anything is recorded when the document would be over IAM's size limit.
  denyPolicyText(freshDocument);
  const { execution, handled } = await record(ctx, freshDocument as unknown as JsonObject, fresh);
  const expiresAt = execution ? new Date(execution.ttlExpiresAt) : fresh;
  const documentText = execution ? JSON.stringify(execution.policyDocument) : denyPolicyText(freshDocument);
  const base = {
    policyId: item.policyId,
    executionId: ctx.executionId,
    policyArn: ctx.policyArn,
    mode: item.mode,
    expiresAt: expiresAt.toISOString(),
    recorded: execution !== null,
  };
  const result = (status: AppliedStatus, rest: Partial<AppliedItem> = {}): AppliedItem => ({
    ...base,
    status,
    attached: [],
    failedPrincipals: [],
    readBack: null,
    error: null,
    ...rest,
  });
  if (handled) return result('already_handled', { error: `execution is ${execution?.status ?? 'handled'}` });
  const createError = await createPolicy(ctx, documentText);
  if (request.dryRun) return result('dry_run');
  if (createError !== null) {
    // Nothing was attached; a policy that may have been created unattached denies no one.
    await deps.executions?.failExecution(ctx.executionId, createError, false, deps.clock.now());
    return result('failed', { error: createError });
  }
  const { attached, failed } = await attachAll(ctx);
  if (failed.length > 0) {
    // Half a deny is not what was reviewed: keep it `executed` and due now, so the clean-up
    // (run next, and at the start of every run) takes off what was attached.
    const error = failed.map((f) => `${f.arn}: ${f.error}`).join('; ');
    await deps.executions?.failExecution(ctx.executionId, error, true, deps.clock.now());
    return result('failed', { attached, failedPrincipals: failed, error });
  }
  const readBack = await readBackDeny(deps, ctx.policyArn, item.principals, expiresAt);
  return result('executed', { attached, readBack });
}

/**
 * The executor: for each item of a reviewed plan, the execution is recorded (plan hash,
 * principals, policy ARN, expiry) before anything is done, then the deny — whose statement
 * carries its own `DateLessThan aws:CurrentTime` expiry — is created and attached to every
 * principal through the guard, and read back (document expiry and attachments).
 */
export async function applyGuardrailPlan(deps: GuardrailDeps, request: ApplyRequest): Promise<ApplyResult> {
  const planHash = guardrailPlanHash(request.plan);
  checkRequest(request, planHash, deps.clock.now());
  const items: AppliedItem[] = [];
  for (const item of request.plan.items) {
    if (request.items === 'auto' && item.mode !== 'auto') continue;
    const policyName = guardrailPolicyName(item.policyId, planHash);
    const ctx: ItemContext = {
      deps,
      request,
      planHash,
      item,
      executionId: guardrailExecutionId(planHash, item.policyId),
      policyName,
      policyArn: guardrailPolicyArn(request.accountId, policyName, request.partition),
    };
    items.push(await applyItem(ctx));
  }
  return { planHash, items };
}
