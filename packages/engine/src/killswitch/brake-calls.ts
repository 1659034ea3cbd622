import {
  cancelWorkflowRun,
  disableWorkflow,
  enableWorkflow,
  forceCancelWorkflowRun,
  formatRepo,
  isGitHubApiError,
  type GitHubRequester,
  type RepoRef,
  type Workflow,
} from '@opsguard/github';
import { brakeGuard, type FailureClassifier, type Guard } from '@opsguard/guard';
import type { RollbackStep } from '@opsguard/core';
import { guardClassifier } from '../resilience/index.js';
import { workflowService } from './covered-workflows.js';

export type BrakeAction = 'disable-workflow' | 'enable-workflow' | 'cancel-run' | 'force-cancel-run';

export interface BrakeCallDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly guard: Guard;
  readonly now: () => Date;
  readonly dryRun: boolean;
}

/** What one brake call did, as a rollback step records it. */
export type BrakeCallResult = Pick<RollbackStep, 'status' | 'detail'>;

/**
 * A cancel is a POST, which the GitHub client never re-sends after a 5xx (it may have acted).
 * Cancelling a run twice changes nothing (the second answers 409), so for the brake a 5xx is
 * worth another try: the guard retries it with its backoff.
 */
function resendable(now: () => Date): FailureClassifier {
  const github = guardClassifier(now, 0);
  return (error) => {
    const verdict = github(error);
    return verdict.mayHaveActed === true ? { transient: true } : verdict;
  };
}

/** GitHub's answer to cancelling a run that has already ended (409): the goal is met. */
async function unlessEnded(cancel: Promise<void>): Promise<string | null> {
  try {
    await cancel;
    return null;
  } catch (error) {
    if (isGitHubApiError(error) && error.status === 409) return 'already ended';
    throw error;
  }
}

/**
 * One call of the brake through the guard, marked `brake` (no kill switch, rate limit or
 * breaker refuses it; retried on transient errors; audited).
 */
export async function brakeCall(
  deps: BrakeCallDeps,
  action: BrakeAction,
  workflow: Workflow,
  subject: { readonly kind: 'workflow' } | { readonly kind: 'run'; readonly runId: number },
  idempotencyKey: string,
): Promise<BrakeCallResult> {
  const repo = formatRepo(deps.repo);
  const target = subject.kind === 'workflow' ? `${repo}:workflow:${workflow.id}` : `${repo}:run:${subject.runId}`;
  const outcome = await brakeGuard(deps.guard).run({
    action,
    service: workflowService(deps.repo, workflow),
    target,
    idempotencyKey,
    dryRun: deps.dryRun,
    details: {
      workflowId: workflow.id,
      workflow: workflow.name,
      ...(subject.kind === 'run' ? { runId: subject.runId } : {}),
    },
    ...(subject.kind === 'run' ? { classifyFailure: resendable(deps.now) } : {}),
    execute: async (): Promise<string | null> => {
      const runId = subject.kind === 'run' ? subject.runId : 0;
      switch (action) {
        case 'disable-workflow':
          return disableWorkflow(deps.client, deps.repo, workflow.id).then(() => null);
        case 'enable-workflow':
          return enableWorkflow(deps.client, deps.repo, workflow.id).then(() => null);
        case 'cancel-run':
          return unlessEnded(cancelWorkflowRun(deps.client, deps.repo, runId));
        case 'force-cancel-run':
          return unlessEnded(forceCancelWorkflowRun(deps.client, deps.repo, runId));
      }
    },
  });
  switch (outcome.outcome) {
    case 'SUCCESS':
      return { status: 'done', detail: outcome.value };
    case 'SKIPPED':
      return { status: 'skipped', detail: outcome.message };
    case 'FAILURE':
      return { status: 'failed', detail: outcome.error.message };
  }
}
