// One job of one attempt: its steps with times and conclusions, the check-run annotations GitHub
// keeps for it, and (for failed jobs) the runner log, all derived from one outcome.
import type { CheckAnnotation, Job, JobStep } from '../types.js';
import { type FailureContext, type FailureDef, failingStepIndex } from './failures.js';
import { jobLog } from './logs.js';
import type { Random } from './random.js';
import { type RepoRef, repoApi, repoWeb } from './repository.js';
import { iso, MINUTE, SECOND } from './time.js';
import type { JobDef, StepDef, WorkflowDef } from './workflows.js';

export type JobOutcome =
  | { readonly type: 'success' }
  | { readonly type: 'failure'; readonly failure: FailureDef }
  | { readonly type: 'skipped' };

export interface JobInput {
  readonly rng: Random;
  readonly repo: RepoRef;
  readonly workflow: WorkflowDef;
  readonly def: JobDef;
  readonly id: number;
  readonly runId: number;
  readonly attempt: number;
  readonly headSha: string;
  readonly headBranch: string;
  /** The ref the workflow ran at (`refs/heads/main`, `refs/pull/1204/merge`). */
  readonly ref: string;
  readonly queuedAt: number;
  readonly outcome: JobOutcome;
  /** The run is cancelled at this moment: a job still going then ends `cancelled`. */
  readonly cancelAt?: number;
  /** Multiplies the duration of the job's main work steps (the regression). */
  readonly slowdown: number;
}

export interface SimulatedJob {
  readonly job: Job;
  readonly annotations: CheckAnnotation[];
  readonly log?: string;
  readonly endedAt: number;
}

/** Where a step starts and ends, and how it ended; `null` conclusion never occurs in a finished job. */
export interface StepTiming {
  readonly def: StepDef;
  readonly start: number;
  readonly end: number;
  readonly conclusion: 'success' | 'failure' | 'cancelled' | 'skipped';
}

const WORK_KINDS = new Set(['build', 'test', 'lint', 'e2e', 'docker', 'deploy', 'audit']);

function runnerFor(rng: Random, def: JobDef): { id: number; name: string; group: [number, string]; labels: string[] } {
  if (def.runner === 'self-hosted') {
    const n = rng.int(1, 6);
    return { id: 40 + n, name: `acme-runner-0${n}`, group: [1, 'Default'], labels: ['self-hosted', 'linux', 'x64'] };
  }
  const id = rng.int(1_000_000_001, 1_000_099_999);
  return { id, name: `GitHub Actions ${id}`, group: [2, 'GitHub Actions'], labels: ['ubuntu-latest'] };
}

function stepSeconds(rng: Random, step: StepDef, slowdown: number): number {
  const base = step.seconds * rng.jitter(0.22) * (WORK_KINDS.has(step.kind) ? slowdown : 1);
  return Math.max(step.kind === 'complete' ? 0 : 1, Math.round(base));
}

function timeSteps(input: JobInput, startedAt: number): { steps: StepTiming[]; endedAt: number; cancelled: boolean } {
  const { rng, def, outcome } = input;
  const failure = outcome.type === 'failure' ? outcome.failure : undefined;
  const failAt = failure ? failingStepIndex(failure, def) : -1;
  const steps: StepTiming[] = [];
  let at = startedAt;
  let stopped: 'failure' | 'cancelled' | undefined;
  for (const [index, step] of def.steps.entries()) {
    const cleanup = step.kind === 'post' || step.kind === 'complete';
    if (stopped && failure?.runnerLevel) break;
    if (stopped && !cleanup) {
      steps.push({ def: step, start: at, end: at, conclusion: 'skipped' });
      continue;
    }
    let seconds = stepSeconds(rng, step, input.slowdown);
    let conclusion: StepTiming['conclusion'] = 'success';
    if (index === failAt && failure) {
      if (failure.hangs) seconds = Math.max(seconds, Math.round((startedAt + 60 * MINUTE - at) / SECOND));
      else seconds = Math.max(1, Math.round(seconds * rng.between(0.2, 0.9)));
      conclusion = failure.runnerLevel || failure.hangs ? 'cancelled' : 'failure';
      stopped = 'failure';
    }
    if (!stopped && input.cancelAt !== undefined && at + seconds * SECOND > input.cancelAt && !cleanup) {
      seconds = Math.max(0, Math.round((input.cancelAt - at) / SECOND));
      conclusion = 'cancelled';
      stopped = 'cancelled';
    }
    steps.push({ def: step, start: at, end: at + seconds * SECOND, conclusion });
    at += seconds * SECOND;
  }
  // A lost runner is noticed minutes later, when its heartbeat times out.
  if (failure?.runnerLevel) at += rng.int(4, 11) * MINUTE;
  return { steps, endedAt: at, cancelled: stopped === 'cancelled' };
}

function toStep(timing: StepTiming, number: number): JobStep {
  const skipped = timing.conclusion === 'skipped';
  return {
    name: timing.def.name,
    status: 'completed',
    conclusion: timing.conclusion,
    number,
    started_at: skipped ? null : iso(timing.start),
    completed_at: skipped ? null : iso(timing.end),
  };
}

function annotation(input: JobInput, message: string, path?: string, line?: number, column?: number): CheckAnnotation {
  return {
    path: path ?? '.github',
    blob_href: `${repoWeb(input.repo)}/blob/${input.headSha}/${path ?? '.github'}`,
    start_line: line ?? 1,
    start_column: column ?? null,
    end_line: line ?? 1,
    end_column: column ?? null,
    annotation_level: 'failure',
    title: '',
    message,
    raw_details: '',
  };
}

export function simulateJob(input: JobInput): SimulatedJob {
  const { rng, def, repo } = input;
  const api = repoApi(repo);
  const skipped = input.outcome.type === 'skipped';
  const runner = runnerFor(rng, def);
  const startedAt = skipped
    ? input.queuedAt
    : input.queuedAt + rng.int(def.runner === 'self-hosted' ? 3 : 2, def.runner === 'self-hosted' ? 45 : 9) * SECOND;
  const timed = skipped ? { steps: [], endedAt: startedAt, cancelled: false } : timeSteps(input, startedAt);
  const failure = input.outcome.type === 'failure' ? input.outcome.failure : undefined;
  const conclusion: Job['conclusion'] = skipped
    ? 'skipped'
    : timed.cancelled
      ? 'cancelled'
      : failure
        ? 'failure'
        : 'success';
  const job: Job = {
    id: input.id,
    run_id: input.runId,
    workflow_name: input.workflow.name,
    head_branch: input.headBranch,
    run_url: `${api}/actions/runs/${input.runId}`,
    run_attempt: input.attempt,
    node_id: `CR_kwDOKo${input.id.toString(36).toUpperCase()}`,
    head_sha: input.headSha,
    url: `${api}/actions/jobs/${input.id}`,
    html_url: `${repoWeb(repo)}/actions/runs/${input.runId}/job/${input.id}`,
    status: 'completed',
    conclusion,
    created_at: iso(input.queuedAt),
    started_at: iso(startedAt),
    completed_at: iso(timed.endedAt),
    name: def.name,
    steps: timed.steps.map((s, i) => toStep(s, i + 1)),
    check_run_url: `${api}/check-runs/${input.id}`,
    labels: runner.labels,
    runner_id: skipped ? null : runner.id,
    runner_name: skipped ? null : runner.name,
    runner_group_id: skipped ? null : runner.group[0],
    runner_group_name: skipped ? null : runner.group[1],
  };
  const ctx: FailureContext = { rng, runnerName: runner.name, job: def, owner: repo.owner, repo: repo.name };
  if (failure) {
    const annotations = failure.annotations(ctx).map((a) => annotation(input, a.message, a.path, a.line, a.column));
    const log = jobLog({
      rng,
      repo,
      workflow: input.workflow,
      def,
      runnerName: runner.name,
      labels: runner.labels,
      ref: input.ref,
      queuedAt: input.queuedAt,
      steps: timed.steps,
      tail: failure.logTail(ctx),
      runnerLost: failure.runnerLevel === true,
    });
    return { job, annotations, log, endedAt: timed.endedAt };
  }
  if (timed.cancelled) {
    return { job, annotations: [annotation(input, 'The operation was canceled.')], endedAt: timed.endedAt };
  }
  return { job, annotations: [], endedAt: timed.endedAt };
}
