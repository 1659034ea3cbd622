import { ConfigurationError } from '@opsguard/core';
import type { GitHubRequester } from './client-types.js';
import { collectPages, validLimit } from './paginate.js';
import type { RepoRef } from './repo.js';
import type { GitHubId, WorkflowRun } from './schemas.js';

/** The `status` filter of "List workflow runs": a status or a conclusion. */
export type WorkflowRunStatusFilter =
  | 'completed'
  | 'action_required'
  | 'cancelled'
  | 'failure'
  | 'neutral'
  | 'skipped'
  | 'stale'
  | 'success'
  | 'timed_out'
  | 'in_progress'
  | 'queued'
  | 'requested'
  | 'waiting'
  | 'pending';

export interface ListWorkflowRunsOptions {
  /** GitHub date syntax: `2026-11-01..2026-11-07`, `>=2026-11-01`, `<2026-11-01T12:00:00Z`. */
  readonly created?: string;
  readonly status?: WorkflowRunStatusFilter;
  readonly branch?: string;
  readonly event?: string;
  readonly headSha?: string;
  /** Only this workflow's runs: its numeric id or file name (`ci.yml`). */
  readonly workflowId?: number | string;
  /** Stop after this many runs (newest first). */
  readonly limit?: number;
}

interface RunsPage {
  readonly total_count: number;
  readonly workflow_runs: WorkflowRun[];
}

export async function listWorkflowRuns(
  client: GitHubRequester,
  repo: RepoRef,
  options: ListWorkflowRunsOptions = {},
): Promise<WorkflowRun[]> {
  const limit = validLimit(options.limit);
  const filters = {
    ...(options.created === undefined ? {} : { created: checkCreated(options.created) }),
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.branch === undefined ? {} : { branch: options.branch }),
    ...(options.event === undefined ? {} : { event: options.event }),
    ...(options.headSha === undefined ? {} : { head_sha: options.headSha }),
  };
  const route =
    options.workflowId === undefined
      ? 'GET /repos/{owner}/{repo}/actions/runs'
      : 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';
  const workflow = options.workflowId === undefined ? {} : { workflow_id: options.workflowId };
  return collectPages(async (page, perPage) => {
    const { data } = await client.request<RunsPage>(route, {
      ...repo,
      ...workflow,
      ...filters,
      per_page: perPage,
      page,
    });
    return { items: data.workflow_runs, totalCount: data.total_count };
  }, limit);
}

export async function getWorkflowRun(client: GitHubRequester, repo: RepoRef, runId: GitHubId): Promise<WorkflowRun> {
  const { data } = await client.request<WorkflowRun>('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
    ...repo,
    run_id: String(runId),
  });
  return data;
}

/** One attempt of a run as it was then (run_attempt counts re-runs; run_id stays). */
export async function getWorkflowRunAttempt(
  client: GitHubRequester,
  repo: RepoRef,
  runId: GitHubId,
  attempt: number,
): Promise<WorkflowRun> {
  const { data } = await client.request<WorkflowRun>(
    'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}',
    {
      ...repo,
      run_id: String(runId),
      attempt_number: attempt,
    },
  );
  return data;
}

export interface RerunOptions {
  readonly enableDebugLogging?: boolean;
}

/** Re-runs every failed job of the run and its dependents (a new run_attempt). */
export async function rerunFailedJobs(
  client: GitHubRequester,
  repo: RepoRef,
  runId: GitHubId,
  options: RerunOptions = {},
): Promise<void> {
  await client.request(
    'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs',
    runWrite(repo, runId, options),
  );
}

export async function rerunWorkflowRun(
  client: GitHubRequester,
  repo: RepoRef,
  runId: GitHubId,
  options: RerunOptions = {},
): Promise<void> {
  await client.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun', runWrite(repo, runId, options));
}

export async function cancelWorkflowRun(client: GitHubRequester, repo: RepoRef, runId: GitHubId): Promise<void> {
  await client.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', { ...repo, run_id: String(runId) });
}

/** Cancels even when `always()` steps keep the run alive (`actions: write` suffices). */
export async function forceCancelWorkflowRun(client: GitHubRequester, repo: RepoRef, runId: GitHubId): Promise<void> {
  await client.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/force-cancel', {
    ...repo,
    run_id: String(runId),
  });
}

function runWrite(repo: RepoRef, runId: GitHubId, options: RerunOptions) {
  return {
    ...repo,
    run_id: String(runId),
    ...(options.enableDebugLogging === undefined ? {} : { enable_debug_logging: options.enableDebugLogging }),
  };
}

const DAY = String.raw`\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?`;
const CREATED = new RegExp(`^(?:(?:[<>]=?)?${DAY}|${DAY}\\.\\.${DAY}|\\*\\.\\.${DAY}|${DAY}\\.\\.\\*)$`);

/** A malformed filter would make GitHub ignore it and return everything: refuse it here. */
function checkCreated(value: string): string {
  if (!CREATED.test(value)) {
    throw new ConfigurationError(
      `created must be a GitHub date filter such as "2026-11-01..2026-11-07" or ">=2026-11-01", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
