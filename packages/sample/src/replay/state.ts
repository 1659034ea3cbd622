// The replayed repository's state: the sample indexed by id once, plus what clients changed
// (re-run attempts, cancellations, workflow states, issues, comments, variables).
import { aUser } from '../generate/repository.js';
import type {
  ActionsVariable,
  CheckAnnotation,
  Job,
  RerunOutcome,
  Sample,
  SimpleUser,
  Workflow,
  WorkflowRun,
} from '../types.js';
import { ReplayGit } from './git-store.js';
import { ReplaySecrets } from './secret-store.js';
import { attemptAt, jobAt, planRerun, stamp, type RerunPlan, type RerunSource } from './rerun-lifecycle.js';

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
  readonly #annotations: Sample['annotations'];
  readonly #logs: ReadonlyMap<number, string>;
  readonly variables = new Map<string, ActionsVariable>();
  /**
   * Runs whose `always()` steps keep them alive: a normal cancel is accepted (202) and changes
   * nothing; only a force-cancel stops them (what GitHub's force-cancel exists for).
   */
  readonly ignoresCancel = new Set<number>();
  /** Git objects and branches (the server seeds them from its options). */
  git = new ReplayGit();
  secrets = new ReplaySecrets({}, '');
  /** Whether a request's token may not touch secrets (GITHUB_TOKEN never may). */
  secretsDenied: (token: string | undefined) => boolean = () => false;
  /** Ground truth: how a re-run of each failed run ends (sample.json `rerunOutcomes`). */
  readonly #outcomes: Readonly<Record<string, RerunOutcome>>;
  /** Re-runs requested through the API, by `runId:attempt`; their views follow the clock. */
  readonly #plans = new Map<string, RerunPlan>();
  /** Annotations and logs of re-run jobs that have failed again, as of the last refresh. */
  readonly #rerunAnnotations = new Map<number, readonly CheckAnnotation[]>();
  readonly #rerunLogs = new Map<number, string>();
  #nextJobId = 0;

  constructor(sample: Sample) {
    this.repository = sample.repository;
    [this.owner = '', this.name = ''] = sample.repository.full_name.split('/');
    this.workflows = sample.workflows.map((w) => ({ ...w }));
    this.#annotations = sample.annotations;
    this.#logs = sample.logs;
    this.#outcomes = sample.manifest.rerunOutcomes ?? {};
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

  /** Check-run annotations of a job (a failed re-run job shows its failure's once completed). */
  annotationsOf(jobId: number): readonly CheckAnnotation[] {
    return this.#rerunAnnotations.get(jobId) ?? this.#annotations[String(jobId)] ?? [];
  }

  /** The stored log of a job, if any. */
  logOf(jobId: number): string | undefined {
    return this.#rerunLogs.get(jobId) ?? this.#logs.get(jobId);
  }

  /** How a re-run of this run ends: the sample's ground truth; a run it does not list succeeds. */
  rerunOutcome(runId: number): RerunOutcome {
    return this.#outcomes[String(runId)] ?? 'success';
  }

  /**
   * Adds attempt n+1, queued, with fresh job ids: what GitHub shows right after a re-run request.
   * From then on `refresh(now)` moves it along: queued → in_progress → completed.
   */
  rerun(run: WorkflowRun, now: Date, failedOnly: boolean): WorkflowRun {
    const runId = Number(run.id);
    const attempt = (run.run_attempt ?? 1) + 1;
    const at = stamp(now.getTime());
    const next: WorkflowRun = {
      ...run,
      status: 'queued',
      conclusion: null,
      run_attempt: attempt,
      run_started_at: at,
      updated_at: at,
      triggering_actor: REPLAY_ACTOR,
      previous_attempt_url: `${run.url}/attempts/${attempt - 1}`,
    };
    const sources = this.#jobsToRerun(run, failedOnly).map((job): RerunSource => ({
      job,
      id: this.#nextJobId++,
      annotations: this.annotationsOf(Number(job.id)),
      log: this.logOf(Number(job.id)) ?? null,
      lastSuccess: this.#lastSuccess(job, now.getTime()),
    }));
    const plan = planRerun(next, run, sources, this.rerunOutcome(runId), now.getTime());
    this.#plans.set(`${runId}:${attempt}`, plan);
    this.attempts.get(runId)?.push(next);
    this.refresh(now);
    return next;
  }

  /** The newest successful run of the same job (workflow and name) that ended before `before`. */
  #lastSuccess(job: Job, before: number): Job | null {
    let best: Job | null = null;
    for (const candidate of this.jobs.values()) {
      if (candidate.conclusion !== 'success' || candidate.name !== job.name) continue;
      if (candidate.workflow_name !== job.workflow_name || !candidate.completed_at) continue;
      if (Date.parse(candidate.completed_at) > before) continue;
      if (!best || (best.completed_at ?? '') < candidate.completed_at) best = candidate;
    }
    return best;
  }

  /**
   * Shows every requested re-run as it stands at `now` (a pure function of the clock and the
   * requests made): called before each request is answered.
   */
  refresh(now: Date): void {
    if (this.#plans.size === 0) return;
    const t = now.getTime();
    const latest = new Map<number, WorkflowRun>();
    for (const plan of this.#plans.values()) {
      const list = this.attempts.get(plan.runId);
      if (!list) continue;
      const view = attemptAt(plan, t);
      list[plan.attempt - 1] = view;
      if (list.length === plan.attempt) latest.set(plan.runId, view);
      const jobs = plan.jobs.map((job) => jobAt(plan, job, t));
      for (const [i, job] of jobs.entries()) {
        const id = Number(job.id);
        this.jobs.set(id, job);
        const planned = plan.jobs[i];
        if (job.status === 'completed' && job.conclusion !== 'success' && planned?.annotations.length) {
          this.#rerunAnnotations.set(id, planned.annotations);
        } else this.#rerunAnnotations.delete(id);
        if (job.status === 'completed' && job.conclusion !== 'success' && planned?.log) {
          this.#rerunLogs.set(id, planned.log);
        } else this.#rerunLogs.delete(id);
      }
      const byAttempt = this.jobsByAttempt.get(plan.runId) ?? new Map<number, Job[]>();
      byAttempt.set(plan.attempt, jobs);
      this.jobsByAttempt.set(plan.runId, byAttempt);
    }
    // A re-run keeps the run's created_at, so the list order stands.
    if (latest.size > 0) this.latestRuns = this.latestRuns.map((r) => latest.get(Number(r.id)) ?? r);
  }

  /**
   * Adds runs as they stand (e.g. queued or in progress), newest first in the list like the
   * sample's; their jobs are not modelled.
   */
  addRuns(runs: readonly WorkflowRun[]): void {
    for (const run of runs) this.attempts.set(Number(run.id), [run]);
    this.#sortRuns();
  }

  /**
   * Cancels a run that is still going; false when it has already completed. A run that ignores
   * a normal cancel stays as it is (still true: GitHub accepted the request) unless `force`.
   */
  cancel(run: WorkflowRun, now: Date, force = false): boolean {
    if (run.status === 'completed') return false;
    if (!force && this.ignoresCancel.has(Number(run.id))) return true;
    const plan = this.#plans.get(`${Number(run.id)}:${run.run_attempt ?? 1}`);
    if (plan) {
      plan.cancelledAt = now.getTime();
      this.refresh(now);
      return true;
    }
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
