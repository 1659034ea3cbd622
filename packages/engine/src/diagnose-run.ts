import {
  checkRunIdOf,
  downloadJobLogs,
  listAnnotations,
  listJobsForRun,
  type CheckAnnotation,
  type GitHubRequester,
  type Job,
  type RepoRef,
} from '@opsguard/github';

/** What the diagnosis reads of one failed job. */
export interface FailedJobEvidence {
  readonly job: Job;
  readonly annotations: readonly CheckAnnotation[];
  /** The sanitised tail of the job's log, only when annotations and steps were inconclusive. */
  readonly logTail: string | null;
  /** The sanitiser masked something in the log (a secret was printed): an audit finding. */
  readonly secretMasked?: boolean;
  /** Why the log could not be read (`expired (410)`), when it was asked for and not there. */
  readonly logUnavailable?: string;
}

export interface RunVerdict {
  readonly cause: string;
  readonly transient: boolean;
  /** Sanitised lines that show why. */
  readonly evidence: readonly string[];
  /** True when steps and annotations did not decide and the logs must be read. */
  readonly needsLogs: boolean;
}

/** The pure classifier behind an interface, so the engine is tested with the real one. */
export type Diagnose = (jobs: readonly FailedJobEvidence[]) => RunVerdict;

export interface DiagnoseOptions {
  readonly diagnose: Diagnose;
  /** Sanitises a log before it is read or kept (evidence is never written unsanitised). */
  readonly sanitize: (text: string) => string;
  /** Keep this much of a log's end. */
  readonly logTailBytes?: number;
  /** Jobs of the attempt when the caller already has them (saves the jobs request). */
  readonly jobs?: readonly Job[];
}

export interface RunDiagnosis extends RunVerdict {
  readonly failedJobs: readonly FailedJobEvidence[];
  readonly readLogs: boolean;
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure', 'cancelled']);

/**
 * Diagnoses a failed run cheaply: its jobs (1 request), each failed job's annotations (1 each);
 * logs only when those are inconclusive — so 1 + failed jobs requests when annotations suffice.
 */
export async function diagnoseRun(
  client: GitHubRequester,
  repo: RepoRef,
  runId: number,
  options: DiagnoseOptions,
): Promise<RunDiagnosis> {
  const jobs = options.jobs ?? (await listJobsForRun(client, repo, runId, { filter: 'latest' }));
  const failed = jobs.filter((j) => FAILED.has(j.conclusion ?? ''));
  const withAnnotations: FailedJobEvidence[] = [];
  for (const job of failed) {
    withAnnotations.push({ job, annotations: await listAnnotations(client, repo, checkRunIdOf(job)), logTail: null });
  }
  const first = options.diagnose(withAnnotations);
  if (!first.needsLogs) return { ...first, failedJobs: withAnnotations, readLogs: false };
  const withLogs: FailedJobEvidence[] = [];
  for (const evidence of withAnnotations) {
    const logs = await downloadJobLogs(client, repo, evidence.job.id, { maxBytes: options.logTailBytes ?? 64 * 1024 });
    // Expired logs (410) leave the job undecided: unknown, which never re-runs.
    withLogs.push(withLogTail(evidence, logs, options.sanitize));
  }
  return { ...options.diagnose(withLogs), needsLogs: false, failedJobs: withLogs, readLogs: true };
}

/** A job's evidence with its downloaded log: sanitised, with whether a secret was masked or why it is missing. */
export function withLogTail(
  evidence: FailedJobEvidence,
  logs: { readonly text: string; readonly unavailable?: { readonly status: number; readonly reason: string } },
  sanitize: (text: string) => string,
): FailedJobEvidence {
  if (logs.unavailable) {
    return {
      ...evidence,
      logTail: null,
      logUnavailable: `${logs.unavailable.reason.replace('_', ' ')} (${logs.unavailable.status})`,
    };
  }
  const logTail = sanitize(logs.text);
  return { ...evidence, logTail, secretMasked: logTail !== logs.text };
}
