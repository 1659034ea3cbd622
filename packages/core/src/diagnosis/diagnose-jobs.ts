import { classifyText, UNKNOWN_CAUSE, type TextClassification } from './classify-text.js';
import type { CompiledRetryPolicy } from './compile-policy.js';

/** What the diagnosis reads of one job: plain shapes, whatever client fetched them. */
export interface DiagnosisJob {
  readonly name: string;
  readonly conclusion: string | null;
  readonly steps: readonly { readonly name: string; readonly conclusion: string | null }[];
  readonly annotations: readonly {
    readonly message: string;
    readonly title?: string | null;
    readonly annotationLevel?: string | null;
  }[];
  /** The (sanitised) end of the job's log; null while it has not been read. */
  readonly logTail: string | null;
}

export interface JobsDiagnosis extends TextClassification {
  /** True when annotations and job facts did not decide and a job's log has not been read yet. */
  readonly needsLogs: boolean;
}

export const JOB_TIMEOUT_CAUSE = 'job_timeout';
export const CANCELLED_CAUSE = 'cancelled';

const PASSED = new Set(['success', 'skipped', 'neutral']);
const MAX_EVIDENCE = 5;

interface JobVerdict extends TextClassification {
  readonly decided: boolean;
}

const FAILURE_LEVELS = new Set(['failure', 'error']);

/** The failure-level annotations' text, or (`warnings`) the warning- and notice-level ones'. */
function annotationText(job: DiagnosisJob, warnings: boolean): string {
  return job.annotations
    .filter((a) => {
      const level = a.annotationLevel?.toLowerCase();
      const failure = level === undefined || FAILURE_LEVELS.has(level);
      return warnings ? !failure : failure;
    })
    .map((a) => [a.title ?? '', a.message].filter((s) => s !== '').join('\n'))
    .join('\n');
}

/**
 * What the annotations say. A warning (a cache that could not be restored, a download that was
 * retried) never makes a failure transient, but a deterministic one ("You are running out of
 * disk space") still counts.
 */
function classifyAnnotations(compiled: CompiledRetryPolicy, job: DiagnosisJob): TextClassification {
  const failures = annotationText(job, false);
  const fromFailures = classifyText(compiled, failures);
  const warnings = annotationText(job, true);
  if (warnings === '') return fromFailures;
  const withWarnings = classifyText(compiled, `${failures}\n${warnings}`);
  const deterministic =
    !withWarnings.transient && withWarnings.cause !== UNKNOWN_CAUSE && withWarnings.cause !== CANCELLED_CAUSE;
  return deterministic ? withWarnings : fromFailures;
}

function fact(compiled: CompiledRetryPolicy, cause: string, evidence: string): JobVerdict {
  return { cause, transient: compiled.isTransient(cause), evidence: [evidence], decided: true };
}

/**
 * One job: its annotations and conclusion first (cheap, no log download); the log tail only when
 * those do not decide. A runner-level annotation explains a cancellation, so it is read before
 * the `cancelled`/`timed_out` conclusion.
 */
function diagnoseJob(compiled: CompiledRetryPolicy, job: DiagnosisJob): JobVerdict {
  const annotations = annotationText(job, false);
  const fromAnnotations = classifyAnnotations(compiled, job);
  if (fromAnnotations.cause !== UNKNOWN_CAUSE && fromAnnotations.cause !== CANCELLED_CAUSE) {
    if (job.logTail === null || !fromAnnotations.transient) return { ...fromAnnotations, decided: true };
    // Logs were read anyway (another job needed them): a deterministic line there still wins.
    return { ...classifyText(compiled, `${annotations}\n${job.logTail}`), decided: true };
  }
  if (job.conclusion === 'timed_out') return fact(compiled, JOB_TIMEOUT_CAUSE, `job "${job.name}" timed out`);
  if (job.conclusion === 'cancelled' || fromAnnotations.cause === CANCELLED_CAUSE) {
    return fact(compiled, CANCELLED_CAUSE, `job "${job.name}" was cancelled`);
  }
  if (job.logTail === null) return { ...fromAnnotations, decided: false };
  return { ...classifyText(compiled, `${annotations}\n${job.logTail}`), decided: true };
}

/**
 * A run's failed jobs → one verdict. Any deterministic cause wins; transient only when every
 * failed job's cause is transient. Jobs cancelled beside other failures (fail-fast, concurrency)
 * are a consequence, not a cause, and are left out.
 */
export function diagnoseJobs(compiled: CompiledRetryPolicy, jobs: readonly DiagnosisJob[]): JobsDiagnosis {
  const failed = jobs.filter((j) => !PASSED.has(j.conclusion ?? ''));
  const verdicts = failed.map((job) => ({ job, verdict: diagnoseJob(compiled, job) }));
  const causal = verdicts.some((v) => v.verdict.cause !== CANCELLED_CAUSE)
    ? verdicts.filter((v) => v.verdict.cause !== CANCELLED_CAUSE)
    : verdicts;
  if (causal.length === 0) return { cause: UNKNOWN_CAUSE, transient: false, evidence: [], needsLogs: false };

  const deterministic = causal.find(
    (v) => v.verdict.decided && !v.verdict.transient && v.verdict.cause !== UNKNOWN_CAUSE,
  );
  if (deterministic) return { ...pick(deterministic.verdict, causal), needsLogs: false };
  const undecided = causal.filter((v) => !v.verdict.decided);
  if (undecided.some((v) => v.job.logTail === null)) {
    return { cause: UNKNOWN_CAUSE, transient: false, evidence: [], needsLogs: true };
  }
  const unknown = causal.find((v) => v.verdict.cause === UNKNOWN_CAUSE || !v.verdict.transient);
  if (unknown) return { ...pick(unknown.verdict, causal), needsLogs: false };
  const first = causal[0];
  return first
    ? { ...pick(first.verdict, causal), needsLogs: false }
    : { cause: UNKNOWN_CAUSE, transient: false, evidence: [], needsLogs: false };
}

/** The chosen verdict with the evidence of every job that failed for the same cause. */
function pick(
  verdict: TextClassification,
  all: readonly { readonly verdict: TextClassification }[],
): TextClassification {
  const evidence = all.filter((v) => v.verdict.cause === verdict.cause).flatMap((v) => v.verdict.evidence);
  return {
    cause: verdict.cause,
    transient: verdict.transient,
    evidence: [...new Set(evidence)].slice(0, MAX_EVIDENCE),
  };
}
