// The replayed repository's state: the sample indexed by id once, plus what clients changed
// (re-run attempts, cancellations, workflow states, issues, comments, variables).
import { aUser } from '../generate/repository.js';
import type { ActionsVariable, Job, Sample, SimpleUser, Workflow, WorkflowRun } from '../types.js';

export const MAX_ATTEMPTS = 50;
export const RERUN_WINDOW_MS = 30 * 86_400_000;

/** The identity behind the replay's token, as GET /user would show it. */
export const REPLAY_ACTOR: SimpleUser = aUser('github-actions[bot]', 41_898_282, 'Bot');

export class ReplayState {
  readonly repository: Sample['repository'];
  readonly owner: string;
  readonly name: string;
  readonly workflows: Workflow[];
  /** run id → attempts in order (index 0 = attempt 1). */
  readonly attempts = new Map<number, WorkflowRun[]>();
  /** Latest attempt of every run, newest run first (GitHub's list order). */
  latestRuns: WorkflowRun[] = [];
  /** run id → attempt → jobs. */
  readonly jobsByAttempt = new Map<number, Map<number, Job[]>>();
  readonly jobs = new Map<number, Job>();
  readonly annotations: Sample['annotations'];
  readonly logs: ReadonlyMap<number, string>;
  readonly variables = new Map<string, ActionsVariable>();
  #nextJobId = 0;

  constructor(sample: Sample) {
    this.repository = sample.repository;
    [this.owner = '', this.name = ''] = sample.repository.full_name.split('/');
    this.workflows = sample.workflows.map((w) => ({ ...w }));
    this.annotations = sample.annotations;
    this.logs = sample.logs;
    for (const run of sample.runs) {
      const id = Number(run.id);
      const list = this.attempts.get(id) ?? [];
      list.push(run);
      this.attempts.set(id, list);
    }
    for (const [runId, byAttempt] of Object.entries(sample.jobs)) {
      const map = new Map<number, Job[]>();
      for (const [attempt, jobs] of Object.entries(byAttempt)) {
        map.set(Number(attempt), jobs);
        for (const job of jobs) {
          this.jobs.set(Number(job.id), job);
          this.#nextJobId = Math.max(this.#nextJobId, Number(job.id) + 1);
        }
      }
      this.jobsByAttempt.set(Number(runId), map);
    }
    this.#sortRuns();
  }

  #sortRuns(): void {
    this.latestRuns = [...this.attempts.values()]
      .map((list) => list[list.length - 1])
      .filter((run): run is WorkflowRun => run !== undefined)
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(b.id) - Number(a.id));
  }

  latest(runId: number): WorkflowRun | undefined {
    const list = this.attempts.get(runId);
    return list?.[list.length - 1];
  }

  workflow(idOrFile: string): Workflow | undefined {
    return this.workflows.find((w) => String(w.id) === idOrFile || w.path.endsWith(`/${idOrFile}`));
  }

  /** Jobs of every attempt (filter=all) or the newest of each job name (filter=latest). */
  runJobs(runId: number, filter: 'latest' | 'all'): Job[] {
    const byAttempt = this.jobsByAttempt.get(runId);
    if (!byAttempt) return [];
    const ordered = [...byAttempt.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, jobs]) => jobs);
    if (filter === 'all') return ordered;
    const byName = new Map<string, Job>();
    for (const job of ordered) byName.set(job.name, job);
    return [...byName.values()];
  }

  /**
   * Why GitHub would refuse a re-run now, or undefined when it would accept: runs older than 30
   * days, runs with 50 attempts, and runs still going are refused.
   */
  rerunRefusal(run: WorkflowRun, now: Date, failedOnly: boolean): { status: number; message: string } | undefined {
    if (run.status !== 'completed') return { status: 403, message: 'This workflow is already running' };
    if (now.getTime() - Date.parse(run.created_at) > RERUN_WINDOW_MS || (run.run_attempt ?? 1) >= MAX_ATTEMPTS) {
      return { status: 403, message: 'This workflow run cannot be retried' };
    }
    if (failedOnly && !this.#jobsToRerun(run, true).length)
      return { status: 403, message: 'This workflow run cannot be retried' };
    return undefined;
  }

  #jobsToRerun(run: WorkflowRun, failedOnly: boolean): Job[] {
    const latest = this.runJobs(Number(run.id), 'latest');
    // Failed, cancelled and the dependents they skipped: what "Re-run failed jobs" picks.
    return failedOnly ? latest.filter((j) => j.conclusion !== 'success' && j.conclusion !== null) : latest;
  }

  /** Adds attempt n+1, queued, with fresh job ids: what GitHub shows right after a re-run request. */
  rerun(run: WorkflowRun, now: Date, failedOnly: boolean): WorkflowRun {
    const runId = Number(run.id);
    const attempt = (run.run_attempt ?? 1) + 1;
    const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const next: WorkflowRun = {
      ...run,
      status: 'queued',
      conclusion: null,
      run_attempt: attempt,
      run_started_at: stamp,
      updated_at: stamp,
      triggering_actor: REPLAY_ACTOR,
      previous_attempt_url: `${run.url}/attempts/${attempt - 1}`,
    };
    const jobs = this.#jobsToRerun(run, failedOnly).map((job): Job => {
      const id = this.#nextJobId++;
      return {
        ...job,
        id,
        run_attempt: attempt,
        node_id: `CR_kwDOKo${id.toString(36).toUpperCase()}`,
        url: job.url.replace(/\/\d+$/, `/${id}`),
        html_url: job.html_url?.replace(/\/\d+$/, `/${id}`) ?? null,
        check_run_url: job.check_run_url.replace(/\/\d+$/, `/${id}`),
        status: 'queued',
        conclusion: null,
        created_at: stamp,
        started_at: stamp,
        completed_at: null,
        steps: [],
        runner_id: null,
        runner_name: null,
        runner_group_id: null,
        runner_group_name: null,
      };
    });
    for (const job of jobs) this.jobs.set(Number(job.id), job);
    this.attempts.get(runId)?.push(next);
    const byAttempt = this.jobsByAttempt.get(runId) ?? new Map<number, Job[]>();
    byAttempt.set(attempt, jobs);
    this.jobsByAttempt.set(runId, byAttempt);
    this.#sortRuns();
    return next;
  }

  /** Cancels a run that is still going; false when it has already completed. */
  cancel(run: WorkflowRun, now: Date): boolean {
    if (run.status === 'completed') return false;
    const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const list = this.attempts.get(Number(run.id));
    if (!list) return false;
    list[list.length - 1] = { ...run, status: 'completed', conclusion: 'cancelled', updated_at: stamp };
    const byAttempt = this.jobsByAttempt.get(Number(run.id));
    const jobs = byAttempt?.get(run.run_attempt ?? 1) ?? [];
    const cancelled = jobs.map((j): Job =>
      j.status === 'completed' ? j : { ...j, status: 'completed', conclusion: 'cancelled', completed_at: stamp },
    );
    byAttempt?.set(run.run_attempt ?? 1, cancelled);
    for (const job of cancelled) this.jobs.set(Number(job.id), job);
    this.#sortRuns();
    return true;
  }
}
