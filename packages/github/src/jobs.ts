import type { GitHubRequester } from './client-types.js';
import { collectPages, validLimit } from './paginate.js';
import type { RepoRef } from './repo.js';
import type { CheckAnnotation, GitHubId, Job } from './schemas.js';

export interface ListJobsOptions {
  /** `latest` (default): the jobs of the newest attempt; `all`: every attempt's jobs. */
  readonly filter?: 'latest' | 'all';
  readonly limit?: number;
}

interface JobsPage {
  readonly total_count: number;
  readonly jobs: Job[];
}

export async function listJobsForRun(
  client: GitHubRequester,
  repo: RepoRef,
  runId: GitHubId,
  options: ListJobsOptions = {},
): Promise<Job[]> {
  const params = { ...repo, run_id: String(runId), filter: options.filter ?? 'latest' };
  return collectPages(async (page, perPage) => {
    const { data } = await client.request<JobsPage>('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
      ...params,
      per_page: perPage,
      page,
    });
    return { items: data.jobs, totalCount: data.total_count };
  }, validLimit(options.limit));
}

export async function listJobsForRunAttempt(
  client: GitHubRequester,
  repo: RepoRef,
  runId: GitHubId,
  attempt: number,
): Promise<Job[]> {
  const params = { ...repo, run_id: String(runId), attempt_number: attempt };
  return collectPages(async (page, perPage) => {
    const { data } = await client.request<JobsPage>(
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs',
      {
        ...params,
        per_page: perPage,
        page,
      },
    );
    return { items: data.jobs, totalCount: data.total_count };
  });
}

/** A job's check run id: the last segment of its `check_run_url` (jobs do not carry it otherwise). */
export function checkRunIdOf(job: Pick<Job, 'check_run_url'>): number {
  const match = /\/check-runs\/(\d+)\/?$/.exec(job.check_run_url);
  if (!match?.[1]) throw new Error(`job check_run_url has no check run id: ${job.check_run_url}`);
  return Number(match[1]);
}

/** Annotations carry runner-loss and time-out messages: diagnosis without downloading logs. */
export async function listAnnotations(
  client: GitHubRequester,
  repo: RepoRef,
  checkRunId: GitHubId,
): Promise<CheckAnnotation[]> {
  return collectPages(async (page, perPage) => {
    const { data } = await client.request<CheckAnnotation[]>(
      'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations',
      {
        ...repo,
        check_run_id: String(checkRunId),
        per_page: perPage,
        page,
      },
    );
    return { items: data };
  });
}
