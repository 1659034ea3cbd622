import {
  computeKpis,
  dailyTrends,
  detectAnomalies,
  lastZonedDays,
  reportDate,
  toError,
  type Anomaly,
  type DailyPoint,
  type DetectionRules,
  type KpiReport,
  type RetryLimits,
  type AuditRules,
} from '@opsguard/core';
import {
  readBundleTickets,
  writeBundle,
  type BundleResult,
  type ExtraDocument,
  type ScreenshotOptions,
} from '@opsguard/evidence';
import { formatRepo, type GitHubRequester, type RepoRef, type RequestCounts } from '@opsguard/github';
import type { Guard } from '@opsguard/guard';
import type { NotificationChannel, IssueChannel } from '@opsguard/notify';
import {
  auditTicketStoreOf,
  killSwitchLogOf,
  type KillSwitchLogEntry,
  type RunRecord,
  type Store,
} from '@opsguard/store';
import { join } from 'node:path';
import { buildAuditTickets, auditTicketSource, openTicketIssues } from './audit-tickets/write-audit-tickets.js';
import type { AttemptEvidence, TicketFacts } from './audit-tickets/failure-occurrences.js';
import {
  detectionEvents,
  killSwitchEvents,
  logCapabilityEvents,
  notificationEvents,
  retryEvent,
} from './capability-events.js';
import {
  collectArtifacts,
  type ArtifactCaps,
  type ArtifactsCollected,
  type ArtifactsSetting,
} from './collect-artifacts.js';
import { collectRuns } from './collect-runs.js';
import { dispatchAnomalies } from './dispatch-response.js';
import { labelCauses } from './label-causes.js';
import type { Diagnose } from './diagnose-run.js';
import { anomalyNotification, failureNotification, notifyAll, resolveRecovered } from './notify-outcomes.js';
import { handleFailedRun, type RetryOutcome } from './retry-engine.js';

export interface AuditLoopDeps {
  readonly client: GitHubRequester & { requests(): RequestCounts };
  readonly repo: RepoRef;
  readonly defaultBranch: string;
  readonly store: Store;
  readonly guard: Guard;
  readonly retryLimits: RetryLimits;
  readonly detectionRules: DetectionRules;
  readonly diagnose: Diagnose;
  readonly sanitize: (text: string) => string;
  readonly channels: readonly NotificationChannel[];
  readonly issues: IssueChannel | null;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly timeZone: string;
  /** Where `reports/YYYY-MM-DD/` goes. */
  readonly outDir: string;
  /** Only these runs (the evidence action's `run-ids`); default: every run of the window. */
  readonly runIds?: readonly number[];
  /** Days of history to collect and report on. */
  readonly days: number;
  /** Failed runs that finished this recently are handed to the retry engine. */
  readonly retryWindowHours: number;
  /** Act (re-run, open issues) or only decide and record. */
  readonly apply: boolean;
  readonly jobs: 'failed' | 'all';
  readonly dailyRerunBudget: number;
  /** Log tails read to label failures by cause when annotations do not tell (default 50). */
  readonly maxLogReads?: number;
  /**
   * Copy the artifacts of the window's runs (`failed`: failed runs only) into the bundle's
   * `artifacts/<run_id>/`, verbatim (not sanitised). Default `none`.
   */
  readonly artifacts?: ArtifactsSetting;
  /** Byte caps per artifact and per bundle (default 200 MiB / 1 GiB). */
  readonly artifactCaps?: ArtifactCaps;
  /** The audit generator: tickets per failure cluster (none without it). */
  readonly auditTickets?: AuditTicketSettings;
  /** Generated documents other capabilities add to the bundle (ROLLBACK_PROTOCOL.md). */
  readonly documents?: readonly ExtraDocument[];
  /** `screenshots/dashboard.png` when Chromium is there; null or absent → not attempted. */
  readonly screenshot?: ScreenshotOptions | null;
  readonly actor: string;
  readonly log: (line: string) => void;
}

export interface AuditTicketSettings {
  readonly rules: AuditRules;
  /** Is a cause transient (config/retry-policy.json)? */
  readonly transient: (cause: string) => boolean;
  /** The issue channel for high/critical tickets (its own label); null → no issues. */
  readonly issues: IssueChannel | null;
}

export interface AuditLoopResult {
  readonly attempts: readonly RunRecord[];
  readonly decisions: readonly RetryOutcome[];
  readonly anomalies: readonly Anomaly[];
  readonly kpi: KpiReport;
  /** The last 7 days in the report time zone, as the dashboard draws them. */
  readonly daily: readonly DailyPoint[];
  readonly bundle: BundleResult;
  readonly notified: number;
  /** repository_dispatch events sent for anomalies (config response.dispatch). */
  readonly dispatched: number;
  readonly resolved: readonly string[];
  readonly requests: RequestCounts;
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

/**
 * The ops-audit loop: collect → store → retry engine on recent failures → KPIs → detection →
 * notifications → evidence bundle. Read-only unless `apply`; what was collected is written to the
 * bundle even when a later step fails.
 */
export async function runAuditLoop(deps: AuditLoopDeps): Promise<AuditLoopResult> {
  const repo = formatRepo(deps.repo);
  const now = deps.now();
  const since = new Date(now.getTime() - deps.days * 86_400_000);
  deps.log(`collecting runs of ${repo} since ${since.toISOString()}`);
  let lastShown = 0;
  const collected = await collectRuns(deps.client, deps.repo, {
    since,
    until: now,
    jobs: deps.jobs,
    ...(deps.runIds !== undefined && { runIds: deps.runIds }),
    onProgress: (done, total) => {
      if (done === total || done - lastShown >= 100) {
        lastShown = done;
        deps.log(`  ${done}/${total} runs collected`);
      }
    },
  });
  const stored = await deps.store.upsertRuns(collected.attempts);
  await deps.store.upsertJobs(collected.jobs);
  deps.log(`stored ${stored.rows} attempts in ${stored.requests} request(s) (${deps.store.kind})`);

  const recentFrom = now.getTime() - deps.retryWindowHours * 3_600_000;
  const recentFailures = collected.runs.filter(
    (r) => r.status === 'completed' && FAILED.has(r.conclusion ?? '') && Date.parse(r.updated_at) >= recentFrom,
  );
  deps.log(
    `retry engine: ${recentFailures.length} run(s) failed in the last ${deps.retryWindowHours} h (${deps.apply ? 'acting' : 'shadow mode'})`,
  );
  const decisions: RetryOutcome[] = [];
  const limits = deps.apply ? deps.retryLimits : { ...deps.retryLimits, shadow: true };
  for (const run of recentFailures) {
    try {
      decisions.push(
        await handleFailedRun(
          {
            client: deps.client,
            repo: deps.repo,
            store: deps.store,
            guard: deps.guard,
            limits,
            diagnose: deps.diagnose,
            sanitize: deps.sanitize,
            now: deps.now,
            sleep: deps.sleep,
            random: deps.random,
            dailyRerunBudget: deps.dailyRerunBudget,
            mode: 'rerun-failed-jobs',
            maxWaits: 0,
            actor: deps.actor,
            log: deps.log,
          },
          Number(run.id),
        ),
      );
    } catch (error) {
      deps.log(`run ${String(run.id)}: retry engine failed: ${toError(error).message}`);
    }
  }

  // Only decisions made here: an attempt another trigger already decided comes back as cause
  // `duplicate`, which is not why it failed (labelCauses diagnoses those).
  const causes = new Map(decisions.filter((d) => d.handled).map((d) => [`${d.runId}:${d.attempt}`, d.cause]));
  const decided = collected.attempts.map((a) => ({
    ...a,
    cause: a.cause ?? causes.get(`${a.runId}:${a.attempt}`) ?? null,
  }));
  const { attempts, evidence: labelled } = await labelCauses(
    {
      client: deps.client,
      repo: deps.repo,
      diagnose: deps.diagnose,
      sanitize: deps.sanitize,
      jobsByAttempt: collected.jobsByAttempt,
      maxLogReads: deps.maxLogReads ?? 50,
    },
    decided,
  );
  // The causes go to the store too, so the SQL views count failures by cause the same way.
  await deps.store.upsertRuns(attempts.filter((a) => a.cause !== null));
  // Every re-run OpsGuard requested (this loop's and earlier triggers'), from the retry history:
  // the same rows the SQL views read, so both count auto-recovery alike.
  const history = await deps.store.listRetryHistory({ repo, since: new Date(since.getTime() - 30 * 86_400_000) });
  const reruns = new Set(
    history
      .filter((h) => h.decision === 'rerun' && h.result?.startsWith('rerun requested'))
      .map((h) => `${h.runId}:${h.attempt + 1}`),
  );
  const kpi = computeKpis({
    attempts,
    defaultBranch: deps.defaultBranch,
    opsguardReruns: reruns,
    now,
    windowsDays: [1, 7, 30],
  });
  const newest = attempts.reduce((max, a) => (a.updatedAt > max ? a.updatedAt : max), '');
  const anomalies = detectAnomalies({
    attempts,
    defaultBranch: deps.defaultBranch,
    rules: deps.detectionRules,
    health: { store: { reachable: true, lastWriteAt: newest === '' ? null : newest }, notificationFailures: 0 },
    now,
    runUrl: (id) => `https://github.com/${repo}/actions/runs/${id}`,
  });
  deps.log(`detection: ${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'}`);

  // Failures the retries could not fix (deterministic, or attempts used up) are worth an issue.
  const survivors = decisions.filter((d) => d.handled && d.decision === 'skip');
  const failureByWorkflow = new Map(survivors.map((d) => [`failure:${d.workflowName}`, failureNotification(d)]));
  const notifications = [...anomalies.map(anomalyNotification), ...failureByWorkflow.values()];
  const notifyDeps = {
    guard: deps.guard,
    repo,
    channels: deps.channels,
    issues: deps.issues,
    dryRun: !deps.apply,
    store: deps.store,
    now: deps.now,
    log: deps.log,
  };
  const deliveries = await notifyAll(notifyDeps, notifications);
  const date = reportDate(now, deps.timeZone);
  const bundleDir = join(deps.outDir, 'reports', date);
  const dateOf = (at: string) => reportDate(new Date(at), deps.timeZone);
  const killSwitch = await killSwitchHistory(deps, since, now);
  await logCapabilityEvents(
    { bundleDir, date, sanitize: deps.sanitize, now: deps.now, log: deps.log },
    {
      detection: detectionEvents(anomalies, attempts.length, now.toISOString()),
      retry: decisions.filter((d) => d.handled).map(retryEvent),
      notification: notificationEvents(notifications, deliveries, now.toISOString()),
      killswitch: killSwitchEvents(killSwitch, date, dateOf),
    },
  );
  const stillBad = new Set(notifications.map((n) => n.fingerprint));
  const resolved = await resolveRecovered(
    notifyDeps,
    stillBad,
    `Recovered as of ${now.toISOString()}: OpsGuard no longer detects this.`,
  );

  const dispatched = await dispatchAnomalies(
    { client: deps.client, repo: deps.repo, guard: deps.guard, rules: deps.detectionRules, dryRun: !deps.apply },
    anomalies,
    date,
  );
  const daily = dailyTrends(attempts, lastZonedDays(now, 7, deps.timeZone));
  const audit = await deps.store.listAudit({ since });
  let artifacts: ArtifactsCollected | null = null;
  if ((deps.artifacts ?? 'none') !== 'none') {
    // Into the bundle folder before writeBundle indexes it, so the index lists each zip's SHA-256.
    try {
      artifacts = await collectArtifacts(deps.client, deps.repo, {
        dir: bundleDir,
        runs: collected.runs,
        mode: deps.artifacts ?? 'none',
        ...(deps.artifactCaps !== undefined && { caps: deps.artifactCaps }),
        log: deps.log,
      });
    } catch (error) {
      deps.log(`artifacts: not collected: ${toError(error).message}`);
    }
  }
  // Logs read to label causes are evidence too (the tickets cite them).
  const evidence = new Map<string, AttemptEvidence>(labelled);
  for (const d of decisions) {
    if (d.handled && d.failedJobs)
      evidence.set(`${d.runId}:${d.attempt}`, { evidence: d.evidence, jobs: d.failedJobs });
  }
  const logs = new Map<number, { jobId: number; text: string }>();
  for (const e of evidence.values()) {
    for (const j of e.jobs)
      if (j.logTail !== null) logs.set(Number(j.job.id), { jobId: Number(j.job.id), text: j.logTail });
  }
  for (const l of decisions.flatMap((d) => d.logs)) logs.set(l.jobId, l);
  const window = { from: since.toISOString(), to: now.toISOString() };
  const tickets = deps.auditTickets
    ? await ticketStep(deps, deps.auditTickets, {
        repo,
        date,
        bundleDir,
        window,
        facts: {
          repo,
          attempts,
          runs: collected.runs,
          jobsByAttempt: collected.jobsByAttempt,
          evidence,
          logFiles: new Map(
            [...logs.values()].map((l) => [l.jobId, { file: `logs/job-${l.jobId}.log`, text: l.text }]),
          ),
          history,
          artifacts,
          killSwitch,
          transient: deps.auditTickets.transient,
          dateOf,
          date,
        },
      })
    : undefined;
  const bundle = await writeBundle({
    dir: bundleDir,
    date,
    repo,
    timeZone: deps.timeZone,
    now,
    window,
    runs: attempts.map(({ repo: _repo, workflowId: _workflowId, ...entry }) => entry),
    retries: decisions
      .filter((d) => d.handled)
      .map(({ repo: _r, readLogs: _l, logs: _g, handled: _h, failedJobs: _f, ...entry }) => entry),
    audit,
    anomalies,
    kpi: { report: kpi, daily, targets: deps.detectionRules.targets },
    logs: [...logs.values()],
    ...(tickets !== undefined && { tickets }),
    ...(deps.documents !== undefined && { documents: deps.documents }),
    ...(artifacts !== null && { alsoWritten: artifacts.downloaded.map((a) => a.path) }),
    screenshot: deps.screenshot ?? null,
    sanitize: deps.sanitize,
  });
  if (bundle.screenshot) {
    deps.log(
      bundle.screenshot.kind === 'written'
        ? `screenshot: ${bundle.screenshot.path}`
        : `screenshot: skipped (${bundle.screenshot.reason})`,
    );
  }
  if (deps.auditTickets)
    deps.log(`audit tickets: ${bundle.tickets.length} written to ${join(bundleDir, 'audit_tickets')}`);
  return {
    attempts,
    decisions,
    anomalies,
    kpi,
    daily,
    bundle,
    notified: deliveries.filter((d) => d.delivered).length,
    dispatched,
    resolved,
    requests: deps.client.requests(),
  };
}

async function killSwitchHistory(deps: AuditLoopDeps, since: Date, now: Date): Promise<KillSwitchLogEntry[]> {
  const reader = killSwitchLogOf(deps.store);
  if (!reader) return [];
  try {
    return await reader.listKillSwitchLog({ since, until: new Date(now.getTime() + 1) });
  } catch (error) {
    deps.log(`kill switch: its log could not be read: ${toError(error).message}`);
    return [];
  }
}

/**
 * The audit generator's step: draft the tickets (to know which are high or critical), open or
 * update their issues through the guard, then hand the bundle writer a source that builds the
 * final tickets under the bundle lock and saves them to the store.
 */
async function ticketStep(
  deps: AuditLoopDeps,
  settings: AuditTicketSettings,
  input: {
    readonly repo: string;
    readonly date: string;
    readonly bundleDir: string;
    readonly window: { readonly from: string; readonly to: string };
    readonly facts: TicketFacts;
  },
) {
  const ticketDeps = {
    repo: input.repo,
    rules: settings.rules,
    tickets: auditTicketStoreOf(deps.store),
    reportsDir: join(deps.outDir, 'reports'),
    date: input.date,
    timeZone: deps.timeZone,
    window: input.window,
    now: deps.now,
    log: deps.log,
  };
  const drafts = await buildAuditTickets(
    ticketDeps,
    input.facts,
    await readBundleTickets(input.bundleDir),
    new Map(),
    false,
  );
  const opened = await openTicketIssues(
    {
      guard: deps.guard,
      repo: input.repo,
      channel: settings.issues,
      // Ticket issues were asked for explicitly (a channel is given), even in a read-only audit.
      dryRun: false,
      store: deps.store,
      rules: settings.rules,
      bundlePath: `reports/${input.date}`,
      now: deps.now,
      log: deps.log,
    },
    drafts,
  );
  await logCapabilityEvents(
    { bundleDir: input.bundleDir, date: input.date, sanitize: deps.sanitize, now: deps.now, log: deps.log },
    { notification: notificationEvents(opened.notifications, opened.deliveries, deps.now().toISOString()) },
  );
  return auditTicketSource(ticketDeps, input.facts, opened.issues);
}
