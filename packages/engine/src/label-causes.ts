import {
  checkRunIdOf,
  downloadJobLogs,
  listAnnotations,
  type GitHubRequester,
  type Job,
  type RepoRef,
} from '@opsguard/github';
import type { RunRecord } from '@opsguard/store';
import { withLogTail, type Diagnose, type FailedJobEvidence } from './diagnose-run.js';

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

export interface LabelDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly diagnose: Diagnose;
  readonly jobsByAttempt: ReadonlyMap<string, readonly Job[]>;
  readonly sanitize: (text: string) => string;
  /** Failed jobs whose log tail may be read when annotations do not tell (newest first). */
  readonly maxLogReads: number;
}

/**
 * Gives each failed attempt a cause for "failures by cause": its failed jobs' annotations (one
 * request per failed job), then, newest first and within `maxLogReads`, the log tails when the
 * annotations do not tell. What stays undecided is `unknown`. Attempts with a cause keep it.
 */
/** What the labelling saw of one failed attempt: the audit generator's message and findings. */
export interface LabelEvidence {
  /** Sanitised lines that show why. */
  readonly evidence: readonly string[];
  /** Failed jobs, with what was read of each. */
  readonly jobs: readonly FailedJobEvidence[];
}

export async function labelCauses(
  deps: LabelDeps,
  attempts: readonly RunRecord[],
): Promise<{ attempts: RunRecord[]; requests: number; evidence: Map<string, LabelEvidence> }> {
  let requests = 0;
  let logReads = deps.maxLogReads;
  const labelled: RunRecord[] = [];
  const newestFirst = [...attempts].sort((x, y) => y.createdAt.localeCompare(x.createdAt));
  const byKey = new Map<string, RunRecord>();
  const seen = new Map<string, LabelEvidence>();
  for (const a of newestFirst) {
    const jobs = deps.jobsByAttempt.get(`${a.runId}:${a.attempt}`);
    if (a.cause !== null || !FAILED.has(a.conclusion ?? '') || !jobs) continue;
    const evidence: FailedJobEvidence[] = [];
    for (const job of jobs.filter((j) => FAILED.has(j.conclusion ?? ''))) {
      requests++;
      evidence.push({
        job,
        annotations: await listAnnotations(deps.client, deps.repo, checkRunIdOf(job)),
        logTail: null,
      });
    }
    let verdict = evidence.length > 0 ? deps.diagnose(evidence) : null;
    let read = evidence;
    if (verdict?.needsLogs && logReads >= evidence.length) {
      const withLogs: FailedJobEvidence[] = [];
      for (const e of evidence) {
        requests++;
        logReads--;
        const logs = await downloadJobLogs(deps.client, deps.repo, e.job.id, { maxBytes: 64 * 1024 });
        withLogs.push(withLogTail(e, logs, deps.sanitize));
      }
      verdict = deps.diagnose(withLogs);
      read = withLogs;
    }
    seen.set(`${a.runId}:${a.attempt}`, { evidence: verdict?.evidence ?? [], jobs: read });
    byKey.set(`${a.runId}:${a.attempt}`, { ...a, cause: verdict && !verdict.needsLogs ? verdict.cause : 'unknown' });
  }
  for (const a of attempts) labelled.push(byKey.get(`${a.runId}:${a.attempt}`) ?? a);
  return { attempts: labelled, requests, evidence: seen };
}
