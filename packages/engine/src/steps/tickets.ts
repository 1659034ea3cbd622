import { reportDate, toError, type AuditRules, type RunRecord } from '@opsguard/core';
import { readBundleTickets, type TicketSource } from '@opsguard/evidence';
import type { Job, WorkflowRun } from '@opsguard/github';
import type { IssueChannel } from '@opsguard/notify';
import { auditTicketStoreOf, killSwitchLogOf, type KillSwitchLogEntry, type RetryHistoryRecord } from '@opsguard/store';
import { join } from 'node:path';
import type { AttemptEvidence } from '../audit-tickets/failure-occurrences.js';
import { auditTicketSource, buildAuditTickets, openTicketIssues } from '../audit-tickets/write-audit-tickets.js';
import { logCapabilityEvents, notificationEvents } from '../capability-events.js';
import type { ArtifactsCollected } from '../collect-artifacts.js';
import type { RetryOutcome } from '../retry-engine.js';
import type { Gap, StepContext } from './step-context.js';

/** The audit generator's settings (tickets per failure cluster). */
export interface AuditTicketSettings {
  readonly rules: AuditRules;
  /** Is a cause transient (config/retry-policy.json)? */
  readonly transient: (cause: string) => boolean;
  /** The issue channel for high/critical tickets (its own label); null → no issues. */
  readonly issues: IssueChannel | null;
}

export interface TicketStepInput {
  readonly outDir: string;
  readonly timeZone: string;
  readonly window: { readonly from: Date; readonly to: Date };
  readonly attempts: readonly RunRecord[];
  readonly runs: readonly WorkflowRun[];
  readonly jobsByAttempt: ReadonlyMap<string, readonly Job[]>;
  readonly evidence: ReadonlyMap<string, AttemptEvidence>;
  readonly decisions: readonly RetryOutcome[];
  readonly history: readonly RetryHistoryRecord[];
  readonly artifacts: ArtifactsCollected | null;
  readonly killSwitch: readonly KillSwitchLogEntry[];
}

/** Every failed attempt's evidence: what the labelling read, and what the retry engine read. */
export function attemptEvidenceOf(
  labelled: ReadonlyMap<string, AttemptEvidence>,
  decisions: readonly RetryOutcome[],
): Map<string, AttemptEvidence> {
  const evidence = new Map<string, AttemptEvidence>(labelled);
  for (const d of decisions) {
    if (d.handled && d.failedJobs)
      evidence.set(`${d.runId}:${d.attempt}`, { evidence: d.evidence, jobs: d.failedJobs });
  }
  return evidence;
}

/** The log tails read this run (labelling and decisions), one per job: the bundle's `logs/`. */
export function logTailsOf(
  evidence: ReadonlyMap<string, AttemptEvidence>,
  decisions: readonly RetryOutcome[],
): { jobId: number; text: string }[] {
  const logs = new Map<number, { jobId: number; text: string }>();
  for (const e of evidence.values()) {
    for (const j of e.jobs)
      if (j.logTail !== null) logs.set(Number(j.job.id), { jobId: Number(j.job.id), text: j.logTail });
  }
  for (const l of decisions.flatMap((d) => d.logs)) logs.set(l.jobId, l);
  return [...logs.values()];
}

/** The kill-switch log of the window (a store without one, or a store-less runner: none). */
export async function killSwitchHistory(
  ctx: StepContext,
  window: { from: Date; to: Date },
): Promise<{ entries: KillSwitchLogEntry[]; gap: Gap | null }> {
  const reader = killSwitchLogOf(ctx.store);
  if (!reader) return { entries: [], gap: null };
  try {
    return {
      entries: await reader.listKillSwitchLog({ since: window.from, until: new Date(window.to.getTime() + 1) }),
      gap: null,
    };
  } catch (error) {
    return {
      entries: [],
      gap: { step: 'store', reason: `the kill-switch log could not be read: ${toError(error).message}` },
    };
  }
}

/**
 * Step 7a, the audit generator: draft the tickets (to know which are high or critical), open or
 * update their issues through the guard, then hand the bundle writer a source that builds the
 * final tickets under the bundle lock and saves them to the store.
 */
export async function ticketStep(
  ctx: StepContext,
  settings: AuditTicketSettings,
  input: TicketStepInput,
): Promise<TicketSource> {
  const now = ctx.now();
  const date = reportDate(now, input.timeZone);
  const bundleDir = join(input.outDir, 'reports', date);
  const window = { from: input.window.from.toISOString(), to: input.window.to.toISOString() };
  const ticketDeps = {
    repo: ctx.repoName,
    rules: settings.rules,
    tickets: auditTicketStoreOf(ctx.store),
    reportsDir: join(input.outDir, 'reports'),
    date,
    timeZone: input.timeZone,
    window,
    now: ctx.now,
    log: ctx.log,
  };
  const logs = logTailsOf(input.evidence, input.decisions);
  const facts = {
    repo: ctx.repoName,
    attempts: input.attempts,
    runs: input.runs,
    jobsByAttempt: input.jobsByAttempt,
    evidence: input.evidence,
    logFiles: new Map(logs.map((l) => [l.jobId, { file: `logs/job-${l.jobId}.log`, text: l.text }])),
    history: input.history,
    artifacts: input.artifacts,
    killSwitch: input.killSwitch,
    transient: settings.transient,
    dateOf: (at: string) => reportDate(new Date(at), input.timeZone),
    date,
  };
  const drafts = await buildAuditTickets(ticketDeps, facts, await readBundleTickets(bundleDir), new Map(), false);
  const opened = await openTicketIssues(
    {
      guard: ctx.guard,
      repo: ctx.repoName,
      channel: settings.issues,
      // Ticket issues were asked for explicitly (a channel is given), even in a read-only audit.
      dryRun: false,
      store: ctx.store,
      rules: settings.rules,
      bundlePath: `reports/${date}`,
      now: ctx.now,
      log: ctx.log,
    },
    drafts,
  );
  await logCapabilityEvents(
    { bundleDir, date, sanitize: ctx.sanitize, now: ctx.now, log: ctx.log },
    { notification: notificationEvents(opened.notifications, opened.deliveries, ctx.now().toISOString()) },
  );
  return auditTicketSource(ticketDeps, facts, opened.issues);
}
