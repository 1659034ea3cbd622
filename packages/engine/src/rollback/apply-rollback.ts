import {
  ConfigurationError,
  describeStep,
  historyEntryId,
  rollbackPlanHash,
  stepId,
  type JsonObject,
  type RollbackHistoryEvent,
  type RollbackPlan,
  type RollbackPlanStep,
  type RollbackStep,
} from '@opsguard/core';
import { getBranchHead, getWorkflow, requireSecretsWrite, type SecretScope } from '@opsguard/github';
import type { RollbackHistoryStore } from '@opsguard/store';
import { variableTarget, type RollbackDeps } from './rollback-deps.js';
import { filesRestored, runStep } from './rollback-steps.js';

export interface AppliedStep {
  readonly id: string;
  readonly kind: RollbackPlanStep['kind'];
  readonly description: string;
  readonly status: 'done' | 'failed' | 'pending';
  readonly detail: string;
}

export interface AppliedRollback {
  readonly hash: string;
  /** The rollback record (prior state, each step) a second apply continues from. */
  readonly recordId: string;
  readonly status: 'applied' | 'partial';
  readonly steps: readonly AppliedStep[];
  /** The first step that failed (the apply stops there), or null. */
  readonly failedStep: AppliedStep | null;
  /** Which apply of this plan this was (1 = first). */
  readonly attempt: number;
}

/** The record a plan's apply writes: one per plan, so a second apply finds the first's steps. */
export function rollbackRecordId(hash: string): string {
  return `rollback:${hash.slice(0, 32)}`;
}

/** The plan with this hash as `plan` recorded it in the history, or a ConfigurationError. */
export async function findPlan(history: RollbackHistoryStore, hash: string): Promise<RollbackPlan> {
  if (!/^[0-9a-f]{64}$/.test(hash))
    throw new ConfigurationError(`plan-hash must be 64 hex digits (SHA-256), got "${hash}"`);
  const [entry] = (await history.list({ planHash: hash })).filter((e) => e.event === 'planned');
  const plan = entry?.data['plan'];
  if (plan === undefined)
    throw new ConfigurationError(`no rollback plan with hash ${hash} in the history: run rollback plan first`);
  return plan as unknown as RollbackPlan;
}

function secretScopes(steps: readonly RollbackPlanStep[]): SecretScope[] {
  const scopes = new Map<string, SecretScope>();
  for (const step of steps) {
    if (step.kind === 'remove-secret')
      scopes.set(step.location.kind === 'repository' ? '' : step.location.name, step.location);
  }
  return [...scopes.values()];
}

function priorStateOf(plan: RollbackPlan): Record<string, string> {
  const prior: Record<string, string> = {};
  for (const step of plan.steps) {
    if (step.kind === 'stop-workflow') prior[`workflow:${step.workflowId}`] = step.priorState;
    if (step.kind === 'enable-workflow') prior[`workflow:${step.workflowId}`] = 'disabled_manually';
    if (step.kind === 'remove-secret') prior[`secret:${stepId(step).slice('remove-secret:'.length)}`] = 'present';
    if (step.kind === 'restore-files') prior[`branch:${step.branch}`] = step.headSha;
    if (step.kind === 'restore-variable') prior[variableTarget(step.name)] = '(changed by OpsGuard)';
  }
  return prior;
}

/**
 * Everything that can be refused is refused before the first change: a plan whose hash is not
 * the one given, a branch that moved since the plan, a token that may not remove secrets.
 */
async function preflight(
  deps: RollbackDeps,
  plan: RollbackPlan,
  expectedHash: string,
  done: ReadonlySet<string>,
): Promise<string> {
  const hash = rollbackPlanHash(plan);
  if (hash !== expectedHash) {
    throw new ConfigurationError(
      `plan-hash does not match: the plan hashes to ${hash}, not ${expectedHash}; apply only the plan you reviewed`,
    );
  }
  const pending = plan.steps.filter((s) => !done.has(stepId(s)));
  const scopes = secretScopes(pending);
  if (scopes.length > 0) await requireSecretsWrite(deps.client, deps.repo, scopes);
  for (const step of pending) {
    if (step.kind !== 'restore-files') continue;
    const head = await getBranchHead(deps.client, deps.repo, step.branch);
    if (head === step.headSha) continue;
    if (head !== null && (await filesRestored(deps, head, step.files))) continue;
    throw new ConfigurationError(
      `branch ${step.branch} moved since the plan (planned on ${step.headSha.slice(0, 7)}, now ${head?.slice(0, 7) ?? 'gone'}): nothing was changed; make a new plan`,
    );
  }
  return hash;
}

/**
 * Applies exactly the plan with `expectedHash`: the record (prior state) is written before the
 * first change, each step runs through the guard and is read back, and its outcome is recorded
 * in the record and the history. The first failed step stops the apply and is reported; a second
 * apply of the same plan skips what is done (after reading it back) and finishes the rest.
 */
export async function applyRollback(
  deps: RollbackDeps,
  plan: RollbackPlan,
  expectedHash: string,
): Promise<AppliedRollback> {
  const recordId = rollbackRecordId(rollbackPlanHash(plan));
  const existing = await deps.records.getRecord(recordId);
  const done = new Set((existing?.steps ?? []).filter((s) => s.status === 'done').map((s) => s.id));
  const hash = await preflight(deps, plan, expectedHash, done);
  const previous = (await deps.history.list({ planHash: hash })).filter((e) => e.event === 'apply-started').length;
  const attempt = previous + 1;
  const history = (event: RollbackHistoryEvent, step: string | null, detail: string, data: JsonObject = {}) =>
    deps.history.append({
      id: historyEntryId(hash, event, step, attempt),
      at: deps.now().toISOString(),
      repo: plan.repo,
      planHash: hash,
      event,
      step,
      actor: deps.actor,
      detail,
      data,
    });
  await deps.records.createRecord(
    {
      id: recordId,
      kind: 'rollback',
      repo: plan.repo,
      scope: hash,
      reason: plan.trigger.detail,
      priorState: priorStateOf(plan),
      createdBy: deps.actor,
    },
    deps.now(),
  );
  await history('apply-started', null, `apply ${attempt} of ${plan.steps.length} step(s)`);
  const results: AppliedStep[] = [];
  let failed: AppliedStep | null = null;
  for (const step of plan.steps) {
    const id = stepId(step);
    const description = describeStep(step);
    if (failed) {
      results.push({
        id,
        kind: step.kind,
        description,
        status: 'pending',
        detail: 'not started: an earlier step failed',
      });
      continue;
    }
    // A step recorded done is read back (inside runStep) before it counts: nothing is trusted blindly.
    const result = await runStep({ deps, hash, stepId: id, attempt, recordId }, step);
    const recorded: RollbackStep = {
      id,
      kind: step.kind,
      target: targetOf(step),
      status: result.ok ? 'done' : 'failed',
      detail: result.detail,
      at: deps.now().toISOString(),
    };
    await deps.records.recordStep(recordId, recorded, deps.now());
    await history(result.ok ? 'step-done' : 'step-failed', id, result.detail);
    const applied: AppliedStep = {
      id,
      kind: step.kind,
      description,
      status: result.ok ? 'done' : 'failed',
      detail: result.detail,
    };
    results.push(applied);
    deps.log(`${result.ok ? '✓' : '✗'} ${description}: ${result.detail}`);
    if (!result.ok) failed = applied;
  }
  const status = failed ? 'partial' : 'applied';
  await deps.records.setStatus(recordId, status, deps.now());
  await history(
    status,
    null,
    failed
      ? `step ${failed.id} failed: ${failed.detail}; apply the same plan again to finish`
      : `${plan.steps.length} step(s) done and read back`,
  );
  if (!failed) await markKillSwitchRestored(deps, plan);
  return { hash, recordId, status, steps: results, failedStep: failed, attempt };
}

function targetOf(step: RollbackPlanStep): string {
  switch (step.kind) {
    case 'stop-workflow':
    case 'enable-workflow':
      return `workflow:${step.workflowId}`;
    case 'remove-secret':
      return `secret:${step.name}`;
    case 'restore-files':
      return `branch:${step.branch}`;
    case 'restore-variable':
      return variableTarget(step.name);
  }
}

/**
 * A kill-switch record whose every disabled workflow is active again and whose every changed
 * variable this plan put back is marked `restored`, so nothing later undoes it a second time.
 */
async function markKillSwitchRestored(deps: RollbackDeps, plan: RollbackPlan): Promise<void> {
  const ids = new Set(
    plan.steps.flatMap((s) =>
      s.kind === 'enable-workflow' ? [s.disabledBy] : s.kind === 'restore-variable' ? [s.changedBy] : [],
    ),
  );
  for (const id of ids) {
    const record = await deps.records.getRecord(id);
    if (!record || record.status === 'restored') continue;
    let complete = true;
    for (const [target, prior] of Object.entries(record.priorState)) {
      if (target.startsWith('workflow:') && prior === 'active') {
        const state = (await getWorkflow(deps.client, deps.repo, target.slice('workflow:'.length))).state;
        complete &&= state === 'active';
      } else if (target.startsWith('variable:')) {
        complete &&= plan.steps.some(
          (s) => s.kind === 'restore-variable' && s.changedBy === id && variableTarget(s.name) === target,
        );
      }
    }
    if (complete) await deps.records.setStatus(id, 'restored', deps.now());
  }
}
