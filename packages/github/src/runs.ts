import { ConfigurationError } from '@opsguard/core';
import type { GitHubRequester } from './client-types.js';
import { collectPages, PER_PAGE, validLimit, type Page } from './paginate.js';
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

/**
 * GitHub answers at most this many runs to a query with a filter (`created`, `status`, …); the
 * pages after it come back empty while `total_count` still says how many there are.
 */
export const FILTERED_RUNS_CAP = 1_000;

const SECOND = 1000;

/**
 * Runs newest first. A closed `created` range holding more than GitHub's 1,000-result cap is split
 * in two halves (newer first) until every part fits, so no run in the window is silently dropped;
 * each split costs one extra request (the parent's first page).
 */
export async function listWorkflowRuns(
  client: GitHubRequester,
  repo: RepoRef,
  options: ListWorkflowRunsOptions = {},
): Promise<WorkflowRun[]> {
  const limit = validLimit(options.limit);
  const created = options.created === undefined ? undefined : checkCreated(options.created);
  const filters = {
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
  const pagesOf =
    (createdFilter: string | undefined) =>
    async (page: number, perPage: number): Promise<Page<WorkflowRun>> => {
      const { data } = await client.request<RunsPage>(route, {
        ...repo,
        ...workflow,
        ...(createdFilter === undefined ? {} : { created: createdFilter }),
        ...filters,
        per_page: perPage,
        page,
      });
      return { items: data.workflow_runs, totalCount: data.total_count };
    };
  const range = created === undefined ? null : closedRange(created);
  if (created === undefined || range === null) return collectPages(pagesOf(created), limit);
  return listRange(pagesOf, created, range, limit);
}

/** One part of a closed `created` range: paged when it fits under the cap, else split in two. */
async function listRange(
  pagesOf: (created: string) => (page: number, perPage: number) => Promise<Page<WorkflowRun>>,
  created: string,
  range: { readonly from: number; readonly to: number },
  limit: number,
): Promise<WorkflowRun[]> {
  const fetchPage = pagesOf(created);
  const first = await fetchPage(1, PER_PAGE);
  const span = range.to - range.from;
  if ((first.totalCount ?? 0) <= FILTERED_RUNS_CAP || span < 2 * SECOND) {
    return collectPages(async (page, perPage) => (page === 1 ? first : fetchPage(page, perPage)), limit);
  }
  const mid = range.from + Math.floor(span / 2 / SECOND) * SECOND;
  const newerRange = { from: mid + SECOND, to: range.to };
  const newer = await listRange(pagesOf, rangeFilter(newerRange), newerRange, limit);
  if (newer.length >= limit) return newer.slice(0, limit);
  const olderRange = { from: range.from, to: mid };
  const older = await listRange(pagesOf, rangeFilter(olderRange), olderRange, limit - newer.length);
  return [...newer, ...older];
}

const rangeFilter = (range: { readonly from: number; readonly to: number }): string =>
  `${new Date(range.from).toISOString().slice(0, 19)}Z..${new Date(range.to).toISOString().slice(0, 19)}Z`;

/**
 * `from..to` as inclusive epoch ms (a date alone: its whole UTC day; a time without a zone: UTC),
 * or null for open filters (`>=…`, `*..…`), which cannot be split.
 */
function closedRange(created: string): { from: number; to: number } | null {
  const [fromText, toText, ...rest] = created.split('..');
  if (fromText === undefined || toText === undefined || rest.length > 0 || fromText === '*' || toText === '*') {
    return null;
  }
  const from = parseBound(fromText, 'start');
  const to = parseBound(toText, 'end');
  return Number.isNaN(from) || Number.isNaN(to) || to < from ? null : { from, to };
}

function parseBound(text: string, edge: 'start' | 'end'): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(`${text}T${edge === 'start' ? '00:00:00' : '23:59:59'}Z`);
  const withSeconds = /T\d{2}:\d{2}(?:Z|[+-]|$)/.test(text) ? text.replace(/(T\d{2}:\d{2})/, '$1:00') : text;
  return Date.parse(/(?:Z|[+-]\d{2}:\d{2})$/.test(withSeconds) ? withSeconds : `${withSeconds}Z`);
}

/** The statuses of a run that has not finished: what a brake must cancel. */
export const UNFINISHED_RUN_STATUSES = ['queued', 'waiting', 'in_progress', 'requested', 'pending'] as const;
export type UnfinishedRunStatus = (typeof UNFINISHED_RUN_STATUSES)[number];

/**
 * A workflow's (or, without one, the repository's) runs that have not finished, one listing per
 * status (GitHub's `status` filter takes one value), newest first and each run once even when it
 * moved between two listings.
 */
export async function listUnfinishedRuns(
  client: GitHubRequester,
  repo: RepoRef,
  workflowId: number | string | undefined,
  statuses: readonly UnfinishedRunStatus[] = UNFINISHED_RUN_STATUSES,
): Promise<WorkflowRun[]> {
  const byId = new Map<string, WorkflowRun>();
  for (const status of statuses) {
    for (const run of await listWorkflowRuns(client, repo, {
      ...(workflowId === undefined ? {} : { workflowId }),
      status,
    })) {
      if (!byId.has(String(run.id))) byId.set(String(run.id), run);
    }
  }
  return [...byId.values()].sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(b.id) - Number(a.id));
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
