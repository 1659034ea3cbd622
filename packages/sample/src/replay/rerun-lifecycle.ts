// A re-run attempt as GitHub shows it over time: queued when requested, in progress once its
// first job has a runner, completed when its last job ends. Everything is planned when the re-run
// is requested (job durations from the previous attempt, or from the job's last success when the
// re-run recovers) and each view is a pure function of the clock: no timers.
import type { CheckAnnotation, Job, JobStep, RerunOutcome, WorkflowRun } from '../types.js';

/** One job of a planned re-run: its final form, and what it copies from the job it re-runs. */
export interface PlannedJob {
  /** The job as it is once completed. */
  readonly final: Job;
  readonly queuedAt: number;
  readonly startedAt: number;
  readonly completedAt: number;
  /** Annotations and log it shows once completed (a failure that happened again). */
  readonly annotations: readonly CheckAnnotation[];
  readonly log: string | null;
}

export interface RerunPlan {
  readonly runId: number;
  readonly attempt: number;
  readonly requestedAt: number;
  readonly outcome: RerunOutcome;
  /** The attempt as the re-run request created it (queued). */
  readonly queued: WorkflowRun;
  readonly conclusion: NonNullable<WorkflowRun['conclusion']>;
  readonly jobs: readonly PlannedJob[];
  /** When a cancel request stopped it (null: not cancelled). */
  cancelledAt: number | null;
}

/** What a re-run copies from the job it repeats. */
export interface RerunSource {
  readonly job: Job;
  readonly id: number;
  readonly annotations: readonly CheckAnnotation[];
  readonly log: string | null;
  /** The job's latest success before the re-run (its steps and their durations), if any. */
  readonly lastSuccess: Job | null;
}

const SECOND = 1000;
/** A job created this soon after another re-run job ended was waiting for it (`needs:`). */
const NEEDS_GAP_MS = 60 * SECOND;

export const stamp = (ms: number): string =>
  new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace('.000Z', 'Z');
const ms = (iso: string | null | undefined, fallback: number): number => (iso ? Date.parse(iso) : fallback);

/** Moves every `2026-…T…Z` line stamp of a log by `deltaMs` (whole seconds). */
export function shiftLog(text: string, deltaMs: number): string {
  const delta = Math.floor(deltaMs / SECOND) * SECOND;
  return text.replace(
    /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{7})Z/gm,
    (_all, base: string, fraction: string) =>
      `${new Date(Date.parse(`${base}Z`) + delta).toISOString().slice(0, 19)}.${fraction}Z`,
  );
}

interface StepPlan {
  readonly name: string;
  readonly conclusion: NonNullable<JobStep['conclusion']>;
  readonly start: number;
  readonly end: number;
}

/** Steps laid out from `startedAt`: the source's own (shifted) on failure, a success's on recovery. */
function planSteps(source: RerunSource, outcome: RerunOutcome, startedAt: number): StepPlan[] {
  const prevStart = ms(source.job.started_at, startedAt);
  if (outcome === 'failure') {
    return (source.job.steps ?? []).map((s) => ({
      name: s.name,
      conclusion: s.conclusion ?? 'success',
      start: s.started_at ? startedAt + ms(s.started_at, prevStart) - prevStart : startedAt,
      end: s.completed_at ? startedAt + ms(s.completed_at, prevStart) - prevStart : startedAt,
    }));
  }
  const template = source.lastSuccess?.steps ?? source.job.steps ?? [];
  let at = startedAt;
  return template.map((s) => {
    const took = s.started_at && s.completed_at ? ms(s.completed_at, 0) - ms(s.started_at, 0) : 10 * SECOND;
    const step = { name: s.name, conclusion: 'success' as const, start: at, end: at + Math.max(0, took) };
    at = step.end;
    return step;
  });
}

function plannedJob(source: RerunSource, outcome: RerunOutcome, attempt: number, queuedAt: number): PlannedJob {
  const prev = source.job;
  const skipped = prev.conclusion === 'skipped' && outcome === 'failure';
  const pickup = Math.max(2 * SECOND, ms(prev.started_at, 0) - ms(prev.created_at, 0));
  const startedAt = skipped ? queuedAt : queuedAt + pickup;
  const steps = skipped ? [] : planSteps(source, outcome, startedAt);
  const stepsEnd = steps.reduce((max, s) => Math.max(max, s.end), startedAt);
  // A failure that happens again takes as long as it did (a lost runner's heartbeat included).
  const completedAt =
    outcome === 'failure' && !skipped
      ? startedAt + ms(prev.completed_at, 0) - ms(prev.started_at, 0)
      : Math.max(stepsEnd, startedAt);
  const id = source.id;
  const final: Job = {
    ...prev,
    id,
    run_attempt: attempt,
    node_id: `CR_kwDOKo${id.toString(36).toUpperCase()}`,
    url: prev.url.replace(/\/\d+$/, `/${id}`),
    html_url: prev.html_url?.replace(/\/\d+$/, `/${id}`) ?? null,
    check_run_url: prev.check_run_url.replace(/\/\d+$/, `/${id}`),
    status: 'completed',
    conclusion: outcome === 'success' ? 'success' : prev.conclusion,
    created_at: stamp(queuedAt),
    started_at: stamp(startedAt),
    completed_at: stamp(completedAt),
    steps: steps.map((s, i) => ({
      name: s.name,
      status: 'completed',
      conclusion: s.conclusion,
      number: i + 1,
      started_at: s.conclusion === 'skipped' ? null : stamp(s.start),
      completed_at: s.conclusion === 'skipped' ? null : stamp(s.end),
    })),
  };
  const again = outcome === 'failure' && prev.conclusion !== 'success' && !skipped;
  return {
    final,
    queuedAt,
    startedAt,
    completedAt,
    annotations: again ? source.annotations.map((a) => ({ ...a })) : [],
    log: again && source.log !== null ? shiftLog(source.log, startedAt - ms(prev.started_at, startedAt)) : null,
  };
}

/**
 * Plans attempt `queued.run_attempt` of a run: its jobs in the order they first ran, each queued
 * when the re-run was requested or, when it waited for another re-run job (`needs:`), that long
 * after that job ends.
 */
export function planRerun(
  queued: WorkflowRun,
  previous: WorkflowRun,
  sources: readonly RerunSource[],
  outcome: RerunOutcome,
  requestedAt: number,
): RerunPlan {
  const attempt = queued.run_attempt ?? 1;
  const ordered = [...sources].sort((a, b) => ms(a.job.created_at, 0) - ms(b.job.created_at, 0) || a.id - b.id);
  const firstCreated = ms(ordered[0]?.job.created_at, 0);
  const planned: { source: RerunSource; job: PlannedJob }[] = [];
  for (const source of ordered) {
    const created = ms(source.job.created_at, 0);
    const before = planned
      .filter(({ source: s }) => {
        const ended = ms(s.job.completed_at, Infinity);
        return ended <= created && created - ended <= NEEDS_GAP_MS;
      })
      .sort((a, b) => ms(b.source.job.completed_at, 0) - ms(a.source.job.completed_at, 0))[0];
    const queuedAt = before
      ? before.job.completedAt + created - ms(before.source.job.completed_at, 0)
      : requestedAt + Math.max(0, created - firstCreated);
    planned.push({ source, job: plannedJob(source, outcome, attempt, queuedAt) });
  }
  return {
    runId: Number(queued.id),
    attempt,
    requestedAt,
    outcome,
    queued,
    conclusion: outcome === 'success' ? 'success' : (previous.conclusion ?? 'failure'),
    jobs: planned.map((p) => p.job),
    cancelledAt: null,
  };
}

function stepAt(step: JobStep, now: number): JobStep {
  const start = ms(step.started_at, Infinity);
  const end = ms(step.completed_at, Infinity);
  if (step.conclusion === 'skipped' || now >= end) return step;
  if (now >= start) return { ...step, status: 'in_progress', conclusion: null, completed_at: null };
  return { ...step, status: 'queued', conclusion: null, started_at: null, completed_at: null };
}

/** A planned job as the API shows it at `now`. */
export function jobAt(plan: RerunPlan, job: PlannedJob, now: number): Job {
  const cancelled = plan.cancelledAt !== null && plan.cancelledAt <= now && plan.cancelledAt < job.completedAt;
  if (cancelled) {
    const at = plan.cancelledAt ?? now;
    const ran = at >= job.startedAt;
    return {
      ...job.final,
      status: 'completed',
      conclusion: 'cancelled',
      started_at: stamp(ran ? job.startedAt : job.queuedAt),
      completed_at: stamp(at),
      steps: ran ? (job.final.steps ?? []).filter((s) => ms(s.started_at, Infinity) <= at) : [],
      ...(ran ? {} : { runner_id: null, runner_name: null, runner_group_id: null, runner_group_name: null }),
    };
  }
  if (now >= job.completedAt) return job.final;
  if (now >= job.startedAt) {
    return {
      ...job.final,
      status: 'in_progress',
      conclusion: null,
      completed_at: null,
      steps: (job.final.steps ?? []).map((s) => stepAt(s, now)),
    };
  }
  return {
    ...job.final,
    status: 'queued',
    conclusion: null,
    started_at: stamp(job.queuedAt),
    completed_at: null,
    steps: [],
    runner_id: null,
    runner_name: null,
    runner_group_id: null,
    runner_group_name: null,
  };
}

/** The attempt as the API shows it at `now`: queued → in_progress → completed. */
export function attemptAt(plan: RerunPlan, now: number): WorkflowRun {
  const started = Math.min(...plan.jobs.map((j) => j.startedAt));
  const ended = Math.max(...plan.jobs.map((j) => j.completedAt));
  if (plan.cancelledAt !== null && plan.cancelledAt <= now && plan.cancelledAt < ended) {
    return { ...plan.queued, status: 'completed', conclusion: 'cancelled', updated_at: stamp(plan.cancelledAt) };
  }
  if (plan.jobs.length === 0 || now < started) return plan.queued;
  if (now < ended) return { ...plan.queued, status: 'in_progress', updated_at: stamp(started) };
  return { ...plan.queued, status: 'completed', conclusion: plan.conclusion, updated_at: stamp(ended + 2 * SECOND) };
}
