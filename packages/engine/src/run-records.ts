import type { Job, WorkflowRun } from '@opsguard/github';
import type { JobRecord, RunRecord } from '@opsguard/core';

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

/** Longest wait of a job between created and started: what "queue time" means for an attempt. */
export function queueMsOf(jobs: readonly Job[]): number | null {
  let worst: number | null = null;
  for (const job of jobs) {
    const wait = ms(job.started_at) - ms(job.created_at);
    if (Number.isFinite(wait) && wait >= 0) worst = Math.max(worst ?? 0, wait);
  }
  return worst;
}

/** The newest attempt, as the runs list returns it. */
export function runRecordOf(
  repo: string,
  run: WorkflowRun,
  jobs: readonly Job[] | null,
  cause: string | null = null,
): RunRecord {
  const started = run.run_started_at ?? null;
  const duration = run.status === 'completed' ? ms(run.updated_at) - ms(started ?? run.created_at) : NaN;
  return {
    repo,
    runId: Number(run.id),
    attempt: run.run_attempt ?? 1,
    workflowId: Number(run.workflow_id),
    workflowName: run.name ?? String(run.workflow_id),
    event: run.event,
    branch: run.head_branch ?? null,
    headSha: run.head_sha,
    // Who started this attempt: a re-run's triggering actor differs from the run's author.
    actor: run.triggering_actor?.login ?? run.actor?.login ?? null,
    status: run.status ?? 'unknown',
    conclusion: run.conclusion ?? null,
    createdAt: new Date(run.created_at).toISOString(),
    startedAt: started ? new Date(started).toISOString() : null,
    updatedAt: new Date(run.updated_at).toISOString(),
    durationMs: Number.isFinite(duration) && duration >= 0 ? duration : null,
    queueMs: jobs ? queueMsOf(jobs) : null,
    url: run.html_url,
    cause,
  };
}

const CONCLUSION_RANK = [
  'failure',
  'timed_out',
  'startup_failure',
  'cancelled',
  'action_required',
  'neutral',
  'skipped',
  'success',
];

/** An attempt's conclusion from its jobs: the worst of them (a failed job fails the attempt). */
export function conclusionOf(jobs: readonly Job[]): string | null {
  let best: string | null = null;
  for (const job of jobs) {
    const c = job.conclusion ?? null;
    if (c === null) return null;
    if (best === null || CONCLUSION_RANK.indexOf(c) < CONCLUSION_RANK.indexOf(best)) best = c;
  }
  return best;
}

/**
 * Earlier attempts of a re-run run, rebuilt from its `filter=all` jobs (each carries run_attempt),
 * so collecting costs one jobs request per such run instead of one request per attempt.
 */
export function earlierAttempts(repo: string, run: WorkflowRun, allJobs: readonly Job[]): RunRecord[] {
  const latest = run.run_attempt ?? 1;
  const byAttempt = new Map<number, Job[]>();
  for (const job of allJobs) {
    const n = job.run_attempt ?? 1;
    if (n >= latest) continue;
    let list = byAttempt.get(n);
    if (!list) byAttempt.set(n, (list = []));
    list.push(job);
  }
  const records: RunRecord[] = [];
  for (const [attempt, jobs] of [...byAttempt.entries()].sort(([a], [b]) => a - b)) {
    const created = Math.min(...jobs.map((j) => ms(j.created_at)).filter(Number.isFinite));
    const started = Math.min(...jobs.map((j) => ms(j.started_at)).filter(Number.isFinite));
    const completed = Math.max(...jobs.map((j) => ms(j.completed_at)).filter(Number.isFinite));
    const conclusion = conclusionOf(jobs);
    records.push({
      ...runRecordOf(repo, run, jobs),
      attempt,
      status: conclusion === null ? 'in_progress' : 'completed',
      conclusion,
      createdAt: new Date(Number.isFinite(created) ? created : ms(run.created_at)).toISOString(),
      startedAt: Number.isFinite(started) ? new Date(started).toISOString() : null,
      updatedAt: new Date(Number.isFinite(completed) ? completed : ms(run.updated_at)).toISOString(),
      durationMs: Number.isFinite(completed) && Number.isFinite(started) ? completed - started : null,
      queueMs: queueMsOf(jobs),
    });
  }
  return records;
}

export function jobRecordOf(repo: string, job: Job): JobRecord {
  return {
    repo,
    jobId: Number(job.id),
    runId: Number(job.run_id),
    attempt: job.run_attempt ?? 1,
    name: job.name,
    status: job.status,
    conclusion: job.conclusion ?? null,
    createdAt: job.created_at ? new Date(job.created_at).toISOString() : null,
    startedAt: job.started_at ? new Date(job.started_at).toISOString() : null,
    completedAt: job.completed_at ? new Date(job.completed_at).toISOString() : null,
    runnerName: job.runner_name ?? null,
  };
}
