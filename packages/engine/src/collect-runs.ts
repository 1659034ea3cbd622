import {
  formatRepo,
  getWorkflowRun,
  listJobsForRun,
  listWorkflowRuns,
  type GitHubRequester,
  type Job,
  type RepoRef,
  type WorkflowRun,
} from '@opsguard/github';
import { isFailure, toError, type JobRecord, type RunRecord } from '@opsguard/core';
import { earlierAttempts, jobRecordOf, runRecordOf } from './run-records.js';

export interface CollectOptions {
  readonly since: Date;
  readonly until: Date;
  /**
   * Whose jobs to fetch: `failed` (default) costs one request per failed or re-run run, the API
   * budget; `all` also gives queue times for successful runs.
   */
  readonly jobs?: 'failed' | 'all';
  readonly onProgress?: (done: number, total: number) => void;
  /** These runs only (one request each) instead of listing the window: a bundle for given runs. */
  readonly runIds?: readonly number[];
}

export interface Collected {
  /** The newest attempt of each run, as GitHub lists them. */
  readonly runs: readonly WorkflowRun[];
  /** Every attempt, earlier ones rebuilt from jobs. */
  readonly attempts: readonly RunRecord[];
  readonly jobs: readonly JobRecord[];
  /** Jobs of the newest attempt of each run whose jobs were fetched. */
  readonly latestJobs: ReadonlyMap<number, readonly Job[]>;
  /** Every fetched job, by `runId:attempt`: what labels a failed attempt's cause. */
  readonly jobsByAttempt: ReadonlyMap<string, readonly Job[]>;
  /** Runs whose jobs could not be read: kept without them, each with the reason. */
  readonly jobGaps: readonly { readonly runId: number; readonly reason: string }[];
}

const day = (d: Date) => d.toISOString().slice(0, 19) + 'Z';

/**
 * Runs created in [since, until): ceil(N/100) list requests (or one per run with `runIds`), plus
 * one `filter=all` jobs request per run that failed or was re-run (or per run, with `jobs: 'all'`).
 */
export async function collectRuns(client: GitHubRequester, repo: RepoRef, options: CollectOptions): Promise<Collected> {
  const name = formatRepo(repo);
  const runs = options.runIds
    ? await Promise.all(options.runIds.map((id) => getWorkflowRun(client, repo, id)))
    : await listWorkflowRuns(client, repo, { created: `${day(options.since)}..${day(options.until)}` });
  const attempts: RunRecord[] = [];
  const jobs: JobRecord[] = [];
  const latestJobs = new Map<number, Job[]>();
  const jobsByAttempt = new Map<string, Job[]>();
  const jobGaps: { runId: number; reason: string }[] = [];
  let done = 0;
  for (const run of runs) {
    const needsJobs = options.jobs === 'all' || isFailure(run.conclusion) || (run.run_attempt ?? 1) > 1;
    // One run's jobs endpoint failing must not lose what the others gave (the run is kept).
    const all = needsJobs
      ? await listJobsForRun(client, repo, run.id, { filter: 'all' }).catch((error: unknown) => {
          jobGaps.push({ runId: Number(run.id), reason: toError(error).message });
          return null;
        })
      : null;
    if (all) {
      const latest = all.filter((j) => (j.run_attempt ?? 1) === (run.run_attempt ?? 1));
      latestJobs.set(Number(run.id), latest);
      attempts.push(...earlierAttempts(name, run, all), runRecordOf(name, run, latest));
      jobs.push(...all.map((j) => jobRecordOf(name, j)));
      for (const job of all) {
        const key = `${Number(run.id)}:${job.run_attempt ?? 1}`;
        jobsByAttempt.set(key, [...(jobsByAttempt.get(key) ?? []), job]);
      }
    } else {
      attempts.push(runRecordOf(name, run, null));
    }
    options.onProgress?.(++done, runs.length);
  }
  return { runs, attempts, jobs, latestJobs, jobsByAttempt, jobGaps };
}
