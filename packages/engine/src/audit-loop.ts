import type {
  Anomaly,
  DailyPoint,
  KillSwitchRules,
  KpiReport,
  RunRecord,
  SafetyAlarm,
  SweepLeft,
} from '@opsguard/core';
import { reportDate, toError } from '@opsguard/core';
import { join } from 'node:path';
import type { BundleResult, ExtraDocument, ScreenshotOptions } from '@opsguard/evidence';
import type { RequestCounts } from '@opsguard/github';
import type { IssueChannel, NotificationChannel } from '@opsguard/notify';
import type { ArtifactCaps, ArtifactsSetting } from './collect-artifacts.js';
import type { RetryOutcome } from './retry-engine.js';
import { loadRollbackRules } from '@opsguard/config';
import { dispatchRollbacks, rollbackSignalsOf, type RollbackDispatched } from './rollback/dispatch-rollbacks.js';
import {
  detectionEvents,
  killSwitchEvents,
  logCapabilityEvents,
  notificationEvents,
  retryEvent,
} from './capability-events.js';
import {
  artifactsStep,
  attemptEvidenceOf,
  bundleDirOf,
  bundleStep,
  collectStep,
  killSwitchHistory,
  logTailsOf,
  ticketStep,
  type AuditTicketSettings,
  detectStep,
  kpiStep,
  labelStep,
  notifyStep,
  retryStep,
  type Gap,
  type KillSwitchActivated,
  type RetryStepOptions,
  type StepContext,
} from './steps/index.js';

/** Which steps run, and how. The kpi action runs none of the optional ones. */
export interface LoopPlan {
  /** Days of history to collect and report on. */
  readonly days: number;
  readonly jobs: 'failed' | 'all';
  readonly defaultBranch: string;
  readonly timeZone: string;
  /** Where `reports/YYYY-MM-DD/` goes. */
  readonly outDir: string;
  /** Only these runs (the evidence action's `run-ids`); default: every run of the window. */
  readonly runIds?: readonly number[] | undefined;
  /** The re-run sweep; null → no retry work at all (kpi, detect, evidence). */
  readonly retry: RetryStepOptions | null;
  /** Detection and the response to it; null → neither (kpi, evidence). */
  readonly respond: {
    readonly channels: readonly NotificationChannel[];
    readonly issues: IssueChannel | null;
    readonly apply: boolean;
    readonly killSwitchRules: KillSwitchRules;
  } | null;
  /** Log tails read to label failures by cause when annotations do not tell (default 50). */
  readonly maxLogReads?: number;
  /** Copy the window's runs' artifacts into the bundle (verbatim). Default `none`. */
  readonly artifacts?: ArtifactsSetting | undefined;
  readonly artifactCaps?: ArtifactCaps | undefined;
  /** The audit generator: tickets per failure cluster; absent → none (kpi, detect). */
  readonly auditTickets?: AuditTicketSettings | undefined;
  /** Generated documents other capabilities add to the bundle (ROLLBACK_PROTOCOL.md). */
  readonly documents?: readonly ExtraDocument[] | undefined;
  /** `screenshots/dashboard.png` when Chromium is there; null or absent → not attempted. */
  readonly screenshot?: ScreenshotOptions | null | undefined;
}

export interface AuditLoopResult {
  readonly attempts: readonly RunRecord[];
  readonly decisions: readonly RetryOutcome[];
  /** Failures the sweep left alone, with the reason. */
  readonly left: readonly SweepLeft[];
  readonly anomalies: readonly Anomaly[];
  readonly kpi: KpiReport;
  /** The last 7 days in the report time zone, as the dashboard draws them. */
  readonly daily: readonly DailyPoint[];
  readonly bundle: BundleResult;
  readonly notified: number;
  /** repository_dispatch events sent for anomalies (config response.dispatch). */
  readonly dispatched: number;
  readonly resolved: readonly string[];
  readonly activations: readonly KillSwitchActivated[];
  /** The rollback conditions (config/rollback-rules.json) the sweep met, and whether each was dispatched. */
  readonly rollbacks: readonly RollbackDispatched[];
  readonly requests: RequestCounts;
  /** What could not be collected or done; the bundle names each one. */
  readonly gaps: readonly Gap[];
}

/**
 * The loop as the plan composes it: collect → (re-run sweep) → causes → KPIs → (detect →
 * respond) → evidence bundle. Every step after collection keeps going on what it has: a failing
 * endpoint or store is a gap, and the bundle is written with what was collected.
 */
export async function runAuditLoop(ctx: StepContext, plan: LoopPlan): Promise<AuditLoopResult> {
  const collected = await collectStep(ctx, { days: plan.days, jobs: plan.jobs, runIds: plan.runIds });
  const gaps: Gap[] = [...collected.gaps];
  const retry = plan.retry
    ? await retryStep(ctx, collected.collected, plan.retry)
    : { decisions: [], left: [], gaps: [] };
  gaps.push(...retry.gaps);
  const labelled = await labelStep(ctx, collected.collected, retry.decisions, plan.maxLogReads ?? 50);
  gaps.push(...labelled.gaps);
  const kpi = await kpiStep(ctx, labelled.attempts, retry.decisions, {
    defaultBranch: plan.defaultBranch,
    since: collected.since,
    timeZone: plan.timeZone,
  });
  gaps.push(...kpi.gaps);
  let anomalies: readonly Anomaly[] = [];
  let response = {
    notified: 0,
    dispatched: 0,
    resolved: [] as readonly string[],
    activations: [] as readonly KillSwitchActivated[],
    alarms: [] as readonly SafetyAlarm[],
  };
  let rollbacks: readonly RollbackDispatched[] = [];
  const window = { from: collected.since, to: collected.until };
  const killSwitch = await killSwitchHistory(ctx, window);
  if (killSwitch.gap) gaps.push(killSwitch.gap);
  const date = reportDate(ctx.now(), plan.timeZone);
  const logDeps = {
    bundleDir: bundleDirOf(plan.outDir, ctx.now(), plan.timeZone),
    date,
    sanitize: ctx.sanitize,
    now: ctx.now,
    log: ctx.log,
  };
  if (plan.respond) {
    const detected = await detectStep(ctx, labelled.attempts, {
      defaultBranch: plan.defaultBranch,
      storeHealth: collected.storeHealth,
    });
    anomalies = detected.anomalies;
    gaps.push(...detected.gaps);
    const notified = await notifyStep(ctx, anomalies, retry.decisions, {
      ...plan.respond,
      date,
      runs: labelled.attempts,
    });
    gaps.push(...notified.gaps);
    response = notified;
    try {
      rollbacks = await dispatchRollbacks(
        {
          client: ctx.client,
          repo: ctx.repo,
          guard: ctx.guard,
          rules: ctx.rollbackRules ?? (await loadRollbackRules()),
          enabled: ctx.detectionRules.response.dispatch.enabled,
          dryRun: !plan.respond.apply,
          store: ctx.store,
          now: ctx.now,
          log: ctx.log,
        },
        rollbackSignalsOf({
          defaultBranch: plan.defaultBranch,
          attempts: labelled.attempts,
          anomalies,
          evidence: labelled.evidence,
        }),
        date,
      );
    } catch (error) {
      gaps.push({ step: 'dispatch', reason: `rollback conditions: ${toError(error).message}` });
    }
    const at = ctx.now().toISOString();
    await logCapabilityEvents(logDeps, {
      detection: detectionEvents(anomalies, labelled.attempts.length, at),
      notification: notificationEvents(notified.notifications, notified.deliveries, at),
    });
  }
  // The day's logs: every decision of the sweep, and the kill switch's changes of the window.
  await logCapabilityEvents(logDeps, {
    retry: retry.decisions.filter((d) => d.handled).map(retryEvent),
    killswitch: killSwitchEvents(killSwitch.entries, date, (at) => reportDate(new Date(at), plan.timeZone)),
  });
  const artifacts = await artifactsStep(ctx, {
    outDir: plan.outDir,
    timeZone: plan.timeZone,
    runs: collected.collected.runs,
    mode: plan.artifacts ?? 'none',
    caps: plan.artifactCaps,
  });
  gaps.push(...artifacts.gaps);
  const evidence = attemptEvidenceOf(labelled.evidence, retry.decisions);
  const tickets = plan.auditTickets
    ? await ticketStep(ctx, plan.auditTickets, {
        outDir: plan.outDir,
        timeZone: plan.timeZone,
        window,
        attempts: labelled.attempts,
        runs: collected.collected.runs,
        jobsByAttempt: collected.collected.jobsByAttempt,
        evidence,
        decisions: retry.decisions,
        history: kpi.history,
        artifacts: artifacts.artifacts,
        killSwitch: killSwitch.entries,
      })
    : undefined;
  const written = await bundleStep(ctx, {
    outDir: plan.outDir,
    timeZone: plan.timeZone,
    window,
    attempts: labelled.attempts,
    decisions: retry.decisions,
    left: retry.left,
    anomalies,
    kpi: { report: kpi.kpi, daily: kpi.daily, targets: ctx.detectionRules.targets },
    logs: logTailsOf(evidence, retry.decisions),
    gaps,
    artifacts: artifacts.artifacts,
    tickets,
    documents: plan.documents,
    screenshot: plan.screenshot,
    alarms: response.alarms,
  });
  if (plan.auditTickets)
    ctx.log(`audit tickets: ${written.bundle.tickets.length} written to ${join(written.bundle.dir, 'audit_tickets')}`);
  return {
    attempts: labelled.attempts,
    decisions: retry.decisions,
    left: retry.left,
    anomalies,
    kpi: kpi.kpi,
    daily: kpi.daily,
    bundle: written.bundle,
    notified: response.notified,
    dispatched: response.dispatched,
    resolved: response.resolved,
    activations: response.activations,
    rollbacks,
    requests: ctx.client.requests(),
    gaps: written.gaps,
  };
}
