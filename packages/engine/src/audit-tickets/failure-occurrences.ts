import { describeRerunAct } from '@opsguard/core';
import type {
  FailureOccurrence,
  TicketArtifact,
  TicketKillSwitch,
  TicketLog,
  TicketRetry,
  TicketRun,
} from '@opsguard/core';
import { capabilityLogPath } from '@opsguard/evidence';
import type { Job, WorkflowRun } from '@opsguard/github';
import type { KillSwitchLogEntry, RetryHistoryRecord, RunRecord } from '@opsguard/store';
import type { ArtifactsCollected } from '../collect-artifacts.js';
import type { FailedJobEvidence } from '../diagnose-run.js';

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

/** What the loop learnt of one failed attempt (diagnosis or labelling), by `runId:attempt`. */
export interface AttemptEvidence {
  readonly evidence: readonly string[];
  readonly jobs: readonly FailedJobEvidence[];
}

/** Everything the ticket step reads, from the steps before it. */
export interface TicketFacts {
  readonly repo: string;
  /** Every attempt of the window, labelled with its cause. */
  readonly attempts: readonly RunRecord[];
  /** The newest attempt of each run as GitHub lists it (actors). */
  readonly runs: readonly Pick<WorkflowRun, 'id' | 'actor' | 'triggering_actor'>[];
  readonly jobsByAttempt: ReadonlyMap<string, readonly Job[]>;
  readonly evidence: ReadonlyMap<string, AttemptEvidence>;
  /** The bundle's `logs/job-<id>.log` files this loop wrote, by job id. */
  readonly logFiles: ReadonlyMap<number, { readonly file: string; readonly text: string }>;
  readonly history: readonly RetryHistoryRecord[];
  /** Null when artifacts were not collected (`artifacts: none`). */
  readonly artifacts: ArtifactsCollected | null;
  readonly killSwitch: readonly KillSwitchLogEntry[];
  /** Is this cause transient (config/retry-policy.json)? */
  readonly transient: (cause: string) => boolean;
  /** Report date of an instant (the killswitch log's day). */
  readonly dateOf: (at: string) => string;
  /** The bundle's date: a kill-switch event of another day is in that day's bundle. */
  readonly date: string;
}

const key = (runId: number, attempt: number) => `${runId}:${attempt}`;

function firstFailedJob(facts: TicketFacts, a: RunRecord): string | null {
  const seen = facts.evidence.get(key(a.runId, a.attempt));
  const fromEvidence = seen?.jobs.find((j) => FAILED.has(j.job.conclusion ?? ''))?.job.name;
  if (fromEvidence) return fromEvidence;
  const jobs = facts.jobsByAttempt.get(key(a.runId, a.attempt)) ?? [];
  return jobs.find((j) => FAILED.has(j.conclusion ?? ''))?.name ?? null;
}

function messageOf(facts: TicketFacts, a: RunRecord, job: string | null): string {
  const seen = facts.evidence.get(key(a.runId, a.attempt));
  const line = seen?.evidence.find((l) => l.trim() !== '');
  if (line) return line;
  return job ? `job "${job}" ${a.conclusion ?? 'failed'}` : `run ${a.conclusion ?? 'failed'}`;
}

/** The window's failed attempts (cancelled and in-progress ones are not failures). */
export function failureOccurrences(facts: TicketFacts): FailureOccurrence[] {
  const finals = new Map<number, RunRecord>();
  for (const a of facts.attempts) if ((finals.get(a.runId)?.attempt ?? 0) < a.attempt) finals.set(a.runId, a);
  return facts.attempts
    .filter((a) => a.status === 'completed' && FAILED.has(a.conclusion ?? ''))
    .map((a) => {
      const job = firstFailedJob(facts, a);
      const cause = a.cause ?? 'unknown';
      const jobs = facts.evidence.get(key(a.runId, a.attempt))?.jobs ?? [];
      return {
        runId: a.runId,
        attempt: a.attempt,
        workflowName: a.workflowName,
        job,
        cause,
        transient: facts.transient(cause),
        message: messageOf(facts, a, job),
        status: null,
        at: a.updatedAt,
        url: a.url,
        branch: a.branch,
        secretInLog: jobs.some((j) => j.secretMasked === true),
        recovered: finals.get(a.runId)?.conclusion === 'success',
      };
    });
}

const excerptOf = (text: string) =>
  text
    .split('\n')
    .filter((l) => /error|fail|denied|forbidden|not found|timed? ?out|exit code/i.test(l))
    .slice(-5)
    .map((l) => l.slice(0, 300));

/** The run audit items of a cluster's attempts (newest 20). */
export function ticketRuns(facts: TicketFacts, occurrences: readonly FailureOccurrence[]): TicketRun[] {
  const attempts = new Map(facts.attempts.map((a) => [key(a.runId, a.attempt), a]));
  const actors = new Map(
    facts.runs.map((r) => [Number(r.id), r.triggering_actor?.login ?? r.actor?.login ?? null] as const),
  );
  return occurrences.slice(-20).map((o) => {
    const a = attempts.get(key(o.runId, o.attempt));
    const jobs = facts.evidence.get(key(o.runId, o.attempt))?.jobs ?? [];
    const logs: TicketLog[] = jobs.flatMap((j) => {
      const file = facts.logFiles.get(Number(j.job.id));
      return file ? [{ file: file.file, bytes: Buffer.byteLength(file.text), excerpt: excerptOf(file.text) }] : [];
    });
    const gone = jobs.map((j) => j.logUnavailable).find((r) => r !== undefined);
    const artifacts: TicketArtifact[] = facts.artifacts
      ? [
          ...facts.artifacts.downloaded
            .filter((d) => d.runId === o.runId)
            .map((d) => ({
              name: d.name,
              path: d.path,
              bytes: d.bytes,
              sha256: d.sha256,
              verified: d.verified,
              skipped: null,
            })),
          ...facts.artifacts.skipped
            .filter((s) => s.runId === o.runId)
            .map((s) => ({ name: s.name, path: null, bytes: null, sha256: null, verified: false, skipped: s.reason })),
        ]
      : [];
    return {
      runId: o.runId,
      attempt: o.attempt,
      url: o.url,
      at: a?.startedAt ?? a?.createdAt ?? o.at,
      actor: actors.get(o.runId) ?? null,
      conclusion: a?.conclusion ?? null,
      durationMs: a?.durationMs ?? null,
      branch: o.branch,
      artifacts,
      artifactsNote: facts.artifacts
        ? artifacts.length === 0
          ? 'none uploaded'
          : null
        : 'not collected (artifacts: none)',
      logs,
      logsNote:
        logs.length > 0
          ? null
          : gone
            ? `skipped: logs ${gone}`
            : o.cause === 'unknown'
              ? "not read: this audit's budget of log reads was spent on newer failures"
              : 'not read: annotations and job facts decided the cause',
    };
  });
}

/** The retry audit items: OpsGuard's decisions on the cluster's runs, with what the re-run did. */
export function ticketRetries(facts: TicketFacts, occurrences: readonly FailureOccurrence[]): TicketRetry[] {
  const runs = new Set(occurrences.map((o) => o.runId));
  const attempts = new Map(facts.attempts.map((a) => [key(a.runId, a.attempt), a]));
  const counts = new Map<number, number>();
  return facts.history
    .filter((h) => runs.has(h.runId) && h.cause !== 'duplicate')
    .sort((x, y) => x.decidedAt.localeCompare(y.decidedAt))
    .map((h) => {
      const rerun = h.decision === 'rerun' && h.act?.kind === 'requested';
      if (rerun) counts.set(h.runId, (counts.get(h.runId) ?? 0) + 1);
      const next = attempts.get(key(h.runId, h.attempt + 1));
      const outcome: TicketRetry['outcome'] = !rerun
        ? 'not_rerun'
        : !next || next.status !== 'completed'
          ? 'pending'
          : next.conclusion === 'success'
            ? 'succeeded'
            : 'failed';
      return {
        rerunId: rerun ? `${h.runId}#${h.attempt + 1}` : '–',
        originalRunId: h.runId,
        attempt: h.attempt,
        count: counts.get(h.runId) ?? 0,
        reason: h.reason,
        result: h.act === null ? null : describeRerunAct(h.act),
        intervalMs: h.delayMs,
        at: h.decidedAt,
        outcome,
      };
    });
}

/** Kill-switch changes of the window that covered the workflow (global, its service, re-run actions). */
export function ticketKillSwitch(facts: TicketFacts, workflow: string): TicketKillSwitch[] {
  const service = `github:${facts.repo}:${workflow}`;
  return facts.killSwitch
    .filter(
      (k) =>
        k.scope === 'global' ||
        (k.scope === 'service' &&
          (k.target === service || k.target === workflow || k.target === `github:${facts.repo}`)) ||
        (k.scope === 'action' && /rerun/.test(k.target)),
    )
    .map((k) => {
      const day = facts.dateOf(k.at);
      const log = capabilityLogPath('killswitch', day);
      return {
        at: k.at,
        actor: k.actor,
        reason: k.reason,
        scope: k.scope,
        target: k.target,
        active: k.active,
        // Another day's change is logged in that day's bundle.
        log: day === facts.date ? log : `../${day}/${log}`,
        notification: null,
      };
    });
}
