// Plays the timeline: every trigger becomes a run, its jobs succeed or fail (transient trouble
// at a base rate, four times as often in the last 24 h; deterministic failures stick to a
// commit), people re-run failed runs after a while — but not the failures of the last 20 hours,
// which are left for OpsGuard to decide —, the npm registry has a 3-hour outage inside that
// window, and CI's tests run 80 % slower in the last 3 days.
import type { AnnotationsByCheckRun, JobsByRun, StoredWorkflowRun } from '../types.js';
import { canHit, type FailureDef, failureDef, type FailureKind, FAILURES } from './failures.js';
import { idSequence, type IdSequence } from './ids.js';
import { type JobOutcome, simulateJob, type SimulatedJob } from './jobs.js';
import type { Random } from './random.js';
import { PEOPLE, type RepoRef, repoApi, repoWeb } from './repository.js';
import { DAY, HOUR, iso, MINUTE, SECOND } from './time.js';
import type { Trigger } from './timeline.js';
import { type JobDef, workflowDef, type WorkflowDef, type WorkflowKey, workflowPath } from './workflows.js';

/** A failure the story needs for certain: the first matching run after `after` gets it, and nobody re-runs it. */
export interface ForcedFailure {
  readonly after: number;
  readonly workflow: WorkflowKey;
  readonly job: string;
  readonly kind: FailureKind;
}

export interface Scenario {
  readonly forced: readonly ForcedFailure[];
  /** The workflow whose work steps slow down, from when, by how much. */
  readonly regression: { readonly workflow: WorkflowKey; readonly since: number; readonly factor: number };
  /** From here on transient failures are four times as likely. */
  readonly spikeSince: number;
  /** An npm registry outage: install steps fail this often between `since` and `until`. */
  readonly incident: { readonly since: number; readonly until: number; readonly rate: number };
  /** Failures newer than this are not re-run by people (OpsGuard's to decide). */
  readonly untouchedSince: number;
}

export interface SimulationInput {
  readonly rng: Random;
  readonly repo: RepoRef;
  readonly start: number;
  readonly now: number;
  readonly triggers: readonly Trigger[];
  readonly scenario: Scenario;
}

export interface Simulation {
  /** Every attempt of every run, runs in creation order, attempts in order. */
  readonly attempts: StoredWorkflowRun[];
  readonly jobs: JobsByRun;
  readonly annotations: AnnotationsByCheckRun;
  readonly logs: Map<number, string>;
  /** Run id → the failures planted in its last attempt, for runs whose last attempt failed. */
  readonly lastFailures: Map<number, readonly FailureDef[]>;
}

interface Ids {
  readonly run: IdSequence;
  readonly job: IdSequence;
  readonly suite: IdSequence;
}

interface AttemptResult {
  readonly jobs: SimulatedJob[];
  readonly failures: Map<string, FailureDef>;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly conclusion: 'success' | 'failure' | 'cancelled';
}

const TRANSIENT_BASE = { hosted: 0.03, 'self-hosted': 0.08 } as const;

function deterministicRate(trigger: Trigger): number {
  if (trigger.event === 'pull_request') return 0.06;
  return trigger.workflow === 'nightly' ? 0.04 : 0.012;
}

function pickFailure(rng: Random, job: JobDef, transient: boolean, spike: boolean): FailureDef | undefined {
  const options = FAILURES.filter((f) => f.transient === transient && canHit(f, job));
  if (options.length === 0) return undefined;
  return rng.weighted(options.map((f) => [f, f.weight * (spike && f.kind.startsWith('npm') ? 3 : 1)] as const));
}

class RunSimulator {
  readonly attempts: StoredWorkflowRun[] = [];
  readonly jobs: JobsByRun = {};
  readonly annotations: AnnotationsByCheckRun = {};
  readonly logs = new Map<number, string>();
  readonly lastFailures = new Map<number, readonly FailureDef[]>();
  readonly #runNumbers = new Map<WorkflowKey, number>();
  /** commit sha + workflow + job → the deterministic failure that commit has (or none). */
  readonly #broken = new Map<string, FailureDef | null>();
  readonly #ids: Ids;
  readonly #forced: ForcedFailure[];

  constructor(private readonly input: SimulationInput) {
    this.#forced = [...input.scenario.forced];
    this.#ids = {
      run: idSequence(19_180_000_000, input.start),
      job: idSequence(54_600_000_000, input.start),
      suite: idSequence(50_120_000_000, input.start),
    };
  }

  unusedForced(): readonly ForcedFailure[] {
    return this.#forced;
  }

  run(trigger: Trigger): void {
    const { rng, now, scenario } = this.input;
    const workflow = workflowDef(trigger.workflow);
    const queuedAt = trigger.at + rng.int(1, 6) * SECOND;
    const forcedAt = this.#forced.findIndex((f) => f.workflow === trigger.workflow && f.after <= trigger.at);
    const forced = forcedAt >= 0 ? this.#forced[forcedAt] : undefined;
    const cancelRoll = trigger.event === 'pull_request' && rng.chance(0.03);
    const cancelAt = cancelRoll && !forced ? queuedAt + rng.int(20, 150) * SECOND : undefined;
    // Ids are drawn before the outcome so a dropped trigger keeps later ids stable in shape.
    const runId = this.#ids.run.next(trigger.at);
    const suiteId = this.#ids.suite.next(trigger.at);
    const first = this.attempt(trigger, workflow, runId, 1, queuedAt, workflow.jobs, cancelAt, forced);
    if (first.endedAt > now) return;
    if (forced) this.#forced.splice(forcedAt, 1);
    const runNumber = (this.#runNumbers.get(workflow.key) ?? workflow.firstRunNumber) + 0;
    this.#runNumbers.set(workflow.key, runNumber + 1);
    const results = [first];
    let last = first;
    while (last.conclusion === 'failure' && results.length < 3 && !forced) {
      const transient = [...last.failures.values()].every((f) => f.transient);
      if (last.endedAt >= scenario.untouchedSince) break;
      const recent = last.endedAt >= now - DAY;
      if (!rng.chance((transient ? 0.8 : 0.2) * (recent ? 0.5 : 1))) break;
      const full = rng.chance(0.15);
      const rerunAt = last.endedAt + rng.int(2, 120) * MINUTE;
      const failedNames = new Set(last.jobs.filter((j) => j.job.conclusion !== 'success').map((j) => j.job.name));
      const again = full
        ? workflow.jobs
        : workflow.jobs.filter((j) => failedNames.has(j.name) || (j.needs !== undefined && failedNames.has(j.needs)));
      const next = this.attempt(trigger, workflow, runId, results.length + 1, rerunAt, again, undefined);
      if (next.endedAt > now) break;
      results.push(next);
      last = next;
    }
    results.forEach((result, index) =>
      this.record(
        trigger,
        workflow,
        { runId, suiteId, runNumber },
        index + 1,
        result,
        results[0]?.startedAt ?? queuedAt,
      ),
    );
    if (last.conclusion === 'failure') this.lastFailures.set(runId, [...last.failures.values()]);
  }

  private attempt(
    trigger: Trigger,
    workflow: WorkflowDef,
    runId: number,
    attempt: number,
    queuedAt: number,
    defs: readonly JobDef[],
    cancelAt: number | undefined,
    forced?: ForcedFailure,
  ): AttemptResult {
    const { rng, scenario } = this.input;
    const spike = queuedAt >= scenario.spikeSince;
    const slow =
      workflow.key === scenario.regression.workflow && queuedAt >= scenario.regression.since
        ? scenario.regression.factor
        : 1;
    const done = new Map<string, SimulatedJob>();
    const failures = new Map<string, FailureDef>();
    for (const def of defs) {
      const needed = def.needs === undefined ? undefined : done.get(def.needs);
      const jobQueued = needed ? Date.parse(needed.job.completed_at ?? '') + rng.int(1, 4) * SECOND : queuedAt;
      let outcome: JobOutcome = { type: 'success' };
      if (needed && needed.job.conclusion !== 'success') outcome = { type: 'skipped' };
      else {
        const key = `${trigger.commit.sha}:${workflow.key}:${def.name}`;
        if (!this.#broken.has(key)) {
          this.#broken.set(
            key,
            rng.chance(deterministicRate(trigger)) ? (pickFailure(rng, def, false, false) ?? null) : null,
          );
        }
        const broken = this.#broken.get(key) ?? undefined;
        const outage =
          jobQueued >= scenario.incident.since &&
          jobQueued < scenario.incident.until &&
          def.steps.some((s) => s.kind === 'install');
        const transient =
          outage && rng.chance(scenario.incident.rate)
            ? rng.pick(FAILURES.filter((f) => f.kind.startsWith('npm-')))
            : rng.chance(TRANSIENT_BASE[def.runner] * (spike ? 4 : 1))
              ? pickFailure(rng, def, true, spike)
              : undefined;
        const failure = forced?.job === def.name ? failureDef(forced.kind) : (transient ?? broken);
        if (failure) {
          outcome = { type: 'failure', failure };
          failures.set(def.name, failure);
        }
      }
      const id = this.#ids.job.next(jobQueued);
      const simulated = simulateJob({
        rng,
        repo: this.input.repo,
        workflow,
        def,
        id,
        runId,
        attempt,
        headSha: trigger.commit.sha,
        headBranch: trigger.branch,
        ref: trigger.pr ? `refs/pull/${trigger.pr.number}/merge` : `refs/heads/${trigger.branch}`,
        queuedAt: jobQueued,
        outcome,
        slowdown: slow,
        ...(cancelAt === undefined ? {} : { cancelAt }),
      });
      done.set(def.name, simulated);
    }
    const jobs = [...done.values()];
    const endedAt = Math.max(...jobs.map((j) => j.endedAt));
    const conclusion = jobs.some((j) => j.job.conclusion === 'cancelled')
      ? 'cancelled'
      : jobs.some((j) => j.job.conclusion === 'failure')
        ? 'failure'
        : 'success';
    return { jobs, failures, startedAt: queuedAt, endedAt, conclusion };
  }

  private record(
    trigger: Trigger,
    workflow: WorkflowDef,
    ids: { runId: number; suiteId: number; runNumber: number },
    attempt: number,
    result: AttemptResult,
    createdAt: number,
  ): void {
    const { repo, rng } = this.input;
    const api = repoApi(repo);
    const runUrl = `${api}/actions/runs/${ids.runId}`;
    const web = repoWeb(repo);
    const pr = trigger.pr;
    const run: StoredWorkflowRun = {
      id: ids.runId,
      name: workflow.name,
      node_id: `WFR_kwLOKo${ids.runId.toString(36).toUpperCase()}`,
      head_branch: trigger.branch,
      head_sha: trigger.commit.sha,
      path: workflowPath(workflow),
      display_title:
        trigger.event === 'push' ? (trigger.commit.message.split('\n')[0] ?? '') : pr ? pr.title : workflow.name,
      run_number: ids.runNumber,
      event: trigger.event,
      status: 'completed',
      conclusion: result.conclusion,
      workflow_id: workflow.id,
      check_suite_id: ids.suiteId,
      check_suite_node_id: `CS_kwDOKo${ids.suiteId.toString(36).toUpperCase()}`,
      url: runUrl,
      html_url: `${web}/actions/runs/${ids.runId}`,
      pull_requests: pr
        ? [
            {
              url: `${api}/pulls/${pr.number}`,
              id: 2_100_000_000 + pr.number * 7_919,
              number: pr.number,
              head: { ref: pr.branch, sha: trigger.commit.sha, repo: { id: repo.id, url: api, name: repo.name } },
              base: { ref: 'main', sha: trigger.baseSha, repo: { id: repo.id, url: api, name: repo.name } },
            },
          ]
        : [],
      created_at: iso(createdAt),
      updated_at: iso(result.endedAt + rng.int(1, 3) * SECOND),
      actor: trigger.actor,
      run_attempt: attempt,
      referenced_workflows: [],
      run_started_at: iso(result.startedAt),
      triggering_actor: attempt === 1 ? trigger.actor : (PEOPLE[rng.int(0, PEOPLE.length - 1)] ?? trigger.actor),
      jobs_url: `${runUrl}/jobs`,
      logs_url: `${runUrl}/logs`,
      check_suite_url: `${api}/check-suites/${ids.suiteId}`,
      artifacts_url: `${runUrl}/artifacts`,
      cancel_url: `${runUrl}/cancel`,
      rerun_url: `${runUrl}/rerun`,
      previous_attempt_url: attempt > 1 ? `${runUrl}/attempts/${attempt - 1}` : null,
      workflow_url: `${api}/actions/workflows/${workflow.id}`,
      head_commit: {
        id: trigger.commit.sha,
        tree_id: trigger.commit.treeSha,
        message: trigger.commit.message,
        timestamp: iso(trigger.commit.at),
        author: {
          name: trigger.commit.author.login,
          email: `${trigger.commit.author.id}+${trigger.commit.author.login}@users.noreply.github.com`,
        },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
      head_repository_id: repo.id,
    };
    this.attempts.push(run);
    const byAttempt = (this.jobs[String(ids.runId)] ??= {});
    byAttempt[String(attempt)] = result.jobs.map((j) => j.job);
    for (const simulated of result.jobs) {
      if (simulated.annotations.length > 0) this.annotations[String(simulated.job.id)] = simulated.annotations;
      if (simulated.log !== undefined) this.logs.set(Number(simulated.job.id), simulated.log);
    }
  }
}

export function simulate(input: SimulationInput): Simulation {
  const simulator = new RunSimulator(input);
  for (const trigger of input.triggers) {
    if (trigger.at < input.now - HOUR / 2) simulator.run(trigger);
  }
  const unused = simulator.unusedForced();
  if (unused.length > 0) {
    throw new Error(
      `no run took the forced failures ${unused.map((f) => `${f.workflow}/${f.job}/${f.kind}`).join(', ')}`,
    );
  }
  return {
    attempts: simulator.attempts,
    jobs: simulator.jobs,
    annotations: simulator.annotations,
    logs: simulator.logs,
    lastFailures: simulator.lastFailures,
  };
}
