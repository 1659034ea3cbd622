import type { FileRestore, RollbackPlanStep } from '@opsguard/core';
import {
  createGitCommit,
  createGitTree,
  deleteRepoVariable,
  deleteSecret,
  enableWorkflow,
  formatRepo,
  getBranchHead,
  getGitCommit,
  getGitTree,
  getRepoVariable,
  getSecret,
  getWorkflow,
  isGitHubApiError,
  setRepoVariable,
  updateBranch,
} from '@opsguard/github';
import { stopWorkflows } from '../killswitch/stop-workflows.js';
import type { RollbackDeps } from './rollback-deps.js';

/** One step's outcome after its read-back. */
export interface StepResult {
  readonly ok: boolean;
  readonly detail: string;
}

interface StepContext {
  readonly deps: RollbackDeps;
  readonly hash: string;
  readonly stepId: string;
  /** Which apply of this plan (1, 2, …): part of every idempotency key. */
  readonly attempt: number;
  /** The apply's rollback record (prior state written before the first change). */
  readonly recordId: string;
}

/** A guard refusal (kill switch, rate limit, open circuit) as an error with the guard's words. */
class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

async function guarded<T>(ctx: StepContext, action: string, target: string, execute: () => Promise<T>): Promise<T> {
  const outcome = await ctx.deps.guard.run({
    action: `rollback-${action}`,
    service: `github:${formatRepo(ctx.deps.repo)}:rollback`,
    target,
    idempotencyKey: `${ctx.hash}:${ctx.stepId}:${target}:${ctx.attempt}`,
    details: { plan: ctx.hash, step: ctx.stepId },
    execute: () => execute(),
  });
  if (outcome.outcome === 'SUCCESS') return outcome.value;
  if (outcome.outcome === 'SKIPPED')
    throw new RefusedError(`refused by the guard (${outcome.reason}): ${outcome.message}`);
  throw outcome.error;
}

/**
 * The kill switch's stop for the planned workflow (disable; cancel its queued, waiting and
 * in-progress runs; force-cancel only what still runs after `forceAfterMs`, bounded), recorded
 * into the apply's record, which holds the prior state from before the first change.
 */
async function stopWorkflow(
  ctx: StepContext,
  step: Extract<RollbackPlanStep, { kind: 'stop-workflow' }>,
): Promise<StepResult> {
  const { deps } = ctx;
  const stopped = await stopWorkflows(
    {
      client: deps.client,
      repo: deps.repo,
      guard: deps.guard,
      records: deps.records,
      now: deps.now,
      sleep: deps.sleep,
      log: deps.log,
    },
    {
      scope: 'service',
      target: String(step.workflowId),
      reason: `rollback plan ${ctx.hash}`,
      actor: deps.actor,
      // The plan names this workflow and a person reviewed it: nothing is spared.
      self: null,
      allow: [],
      ...(deps.stop?.forceAfterMs !== undefined && { forceAfterMs: deps.stop.forceAfterMs }),
      ...(deps.stop?.pollMs !== undefined && { pollMs: deps.stop.pollMs }),
      ...(deps.stop?.settleMs !== undefined && { settleMs: deps.stop.settleMs }),
      into: { recordId: ctx.recordId, stepPrefix: ctx.stepId },
    },
  );
  const state = (await getWorkflow(deps.client, deps.repo, step.workflowId)).state;
  if (!stopped.verified) {
    const what = stopped.notStopped.map((n) => `${n.target} (${n.step}: ${n.message})`).join('; ');
    return { ok: false, detail: `${step.workflowName} not stopped: ${what || `state ${state}`}` };
  }
  const forced = stopped.forceCancelled.length > 0 ? `, ${stopped.forceCancelled.length} force-cancelled` : '';
  return {
    ok: true,
    detail: `${step.workflowName} ${state}; ${stopped.cancelled.length} run(s) cancelled${forced}; none running`,
  };
}

async function removeSecret(
  ctx: StepContext,
  step: Extract<RollbackPlanStep, { kind: 'remove-secret' }>,
): Promise<StepResult> {
  const { client, repo } = ctx.deps;
  const scope = step.location;
  if ((await getSecret(client, repo, step.name, scope)) !== null) {
    await guarded(ctx, 'delete-secret', `secret:${step.name}`, () =>
      deleteSecret(client, repo, step.name, scope).catch((error: unknown) => {
        if (!(isGitHubApiError(error) && error.status === 404)) throw error;
      }),
    );
  }
  const left = await getSecret(client, repo, step.name, scope);
  return left === null
    ? { ok: true, detail: `${step.name} removed (re-issue a new value where it is needed)` }
    : { ok: false, detail: `${step.name} still exists after the delete` };
}

/** Whether the files at the head of `branch` are the good ones (the read-back of restore-files). */
export async function filesRestored(
  deps: RollbackDeps,
  headSha: string,
  files: readonly FileRestore[],
): Promise<boolean> {
  const commit = await getGitCommit(deps.client, deps.repo, headSha);
  const tree = await getGitTree(deps.client, deps.repo, commit.tree.sha, true);
  const now = new Map(tree.tree.filter((e) => e.type === 'blob').map((e) => [e.path, e.sha]));
  return files.every((f) => (now.get(f.path) ?? null) === f.goodSha);
}

async function restoreFiles(
  ctx: StepContext,
  step: Extract<RollbackPlanStep, { kind: 'restore-files' }>,
): Promise<StepResult> {
  const { client, repo } = ctx.deps;
  const head = await getBranchHead(client, repo, step.branch);
  if (head === null) return { ok: false, detail: `branch ${step.branch} no longer exists` };
  if (await filesRestored(ctx.deps, head, step.files))
    return { ok: true, detail: `already restored at ${head.slice(0, 7)}` };
  if (head !== step.headSha)
    return {
      ok: false,
      detail: `branch ${step.branch} moved since the plan (${step.headSha.slice(0, 7)} → ${head.slice(0, 7)}): make a new plan`,
    };
  const restored = await guarded(ctx, 'restore-files', `branch:${step.branch}`, async () => {
    const base = await getGitCommit(client, repo, head);
    const tree = await createGitTree(
      client,
      repo,
      base.tree.sha,
      step.files.map((f) => ({ path: f.path, mode: f.mode, sha: f.goodSha })),
    );
    const commit = await createGitCommit(client, repo, {
      message: `Roll back ${step.files.map((f) => f.path).join(', ')} to ${step.goodCommit.slice(0, 7)}\n\nOpsGuard rollback plan ${ctx.hash}`,
      tree,
      parents: [head],
    });
    // Never forced: a push in between makes this a 422, and the read-back below says so.
    await updateBranch(client, repo, step.branch, commit);
    return commit;
  }).catch(async (error: unknown) => {
    // A lost answer to the ref update may still have moved the branch: the read-back decides.
    const now = await getBranchHead(client, repo, step.branch);
    if (now !== null && now !== head && (await filesRestored(ctx.deps, now, step.files))) return now;
    throw error;
  });
  const after = await getBranchHead(client, repo, step.branch);
  if (after === null || !(await filesRestored(ctx.deps, after, step.files)))
    return {
      ok: false,
      detail: `read-back: ${step.branch} does not hold the good files after commit ${restored.slice(0, 7)}`,
    };
  return { ok: true, detail: `commit ${after} on ${step.branch}` };
}

async function enable(
  ctx: StepContext,
  step: Extract<RollbackPlanStep, { kind: 'enable-workflow' }>,
): Promise<StepResult> {
  const { client, repo } = ctx.deps;
  if ((await getWorkflow(client, repo, step.workflowId)).state !== 'active') {
    await guarded(ctx, 'enable-workflow', `workflow:${step.workflowId}`, () =>
      enableWorkflow(client, repo, step.workflowId),
    );
  }
  const state = (await getWorkflow(client, repo, step.workflowId)).state;
  return state === 'active'
    ? { ok: true, detail: `${step.workflowName} active` }
    : { ok: false, detail: `${step.workflowName} still ${state} after enable` };
}

async function restoreVariable(
  ctx: StepContext,
  step: Extract<RollbackPlanStep, { kind: 'restore-variable' }>,
): Promise<StepResult> {
  const { client, repo } = ctx.deps;
  const current = await getRepoVariable(client, repo, step.name);
  if (current !== step.value) {
    await guarded(ctx, 'restore-variable', `variable:${step.name}`, async () => {
      if (step.value === null) await deleteRepoVariable(client, repo, step.name);
      else await setRepoVariable(client, repo, step.name, step.value);
    });
  }
  const after = await getRepoVariable(client, repo, step.name);
  return after === step.value
    ? { ok: true, detail: step.value === null ? `${step.name} deleted` : `${step.name} restored` }
    : { ok: false, detail: `${step.name} does not hold its earlier value after the write` };
}

/** Runs one step and reads it back; any error becomes a failed result naming it. */
export async function runStep(ctx: StepContext, step: RollbackPlanStep): Promise<StepResult> {
  try {
    switch (step.kind) {
      case 'stop-workflow':
        return await stopWorkflow(ctx, step);
      case 'remove-secret':
        return await removeSecret(ctx, step);
      case 'restore-files':
        return await restoreFiles(ctx, step);
      case 'enable-workflow':
        return await enable(ctx, step);
      case 'restore-variable':
        return await restoreVariable(ctx, step);
    }
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
