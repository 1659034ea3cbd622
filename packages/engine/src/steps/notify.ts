import {
  killSwitchActivations,
  killSwitchTriggerActivations,
  safetyAlarms,
  toError,
  type SafetyAlarm,
  type Anomaly,
  type KillSwitchActivation,
  type KillSwitchRules,
  type RunRecord,
} from '@opsguard/core';
import { createRepositoryDispatch } from '@opsguard/github';
import { brakeGuard } from '@opsguard/guard';
import type { IssueChannel, Notification, NotificationChannel } from '@opsguard/notify';
import { dispatchAnomalies } from '../dispatch-response.js';
import {
  anomalyNotification,
  failureNotification,
  notifyAll,
  resolveRecovered,
  type RecordedDelivery,
} from '../notify-outcomes.js';
import type { RetryOutcome } from '../retry-engine.js';
import type { Gap, StepContext } from './step-context.js';
import { sentKeysOf } from '../sent-before.js';

export interface NotifyStepOptions {
  readonly channels: readonly NotificationChannel[];
  readonly issues: IssueChannel | null;
  /** Send, close issues and dispatch; otherwise everything is a dry run through the guard. */
  readonly apply: boolean;
  /** The report date (dispatch idempotency is per day). */
  readonly date: string;
  readonly killSwitchRules: KillSwitchRules;
  /** The run attempts of the window: the kill-switch triggers (retry storm, runaway loop, consumption) read them. */
  readonly runs?: readonly RunRecord[];
}

/** The repository_dispatch the kill-switch workflow (killswitch.yml) handles. */
export const KILL_DISPATCH_EVENT = 'opsguard-kill';

export interface KillSwitchActivated {
  readonly scope: string;
  readonly target: string;
  readonly reason: string;
  readonly applied: boolean;
  readonly note: string;
  /** Sent to the kill-switch workflow, which stops the covered runs (detection's dispatch response on). */
  readonly dispatched?: boolean;
}

export interface NotifyStepResult {
  /** What was sent, and where each went (the day's notification log). */
  readonly notifications: readonly Notification[];
  readonly deliveries: readonly RecordedDelivery[];
  readonly notified: number;
  /** Deliveries no channel took (the notification-failure rule reads these next time). */
  readonly undelivered: number;
  readonly resolved: readonly string[];
  readonly dispatched: number;
  readonly activations: readonly KillSwitchActivated[];
  /** The safety alarms (failure rate, a kill switch on, rate-limit refusals, an open circuit). */
  readonly alarms: readonly SafetyAlarm[];
  readonly gaps: readonly Gap[];
}

/** An alarm as a notification: one issue per condition (repeats become comments), closed once it clears. */
function alarmNotification(a: SafetyAlarm): Notification {
  return {
    fingerprint: a.fingerprint,
    kind: 'alarm',
    severity: a.severity,
    title: a.message,
    lines: [`alarm ${a.kind}`],
    links: [],
  };
}

/** The alarms over the last day's audit trail and the store's switches. */
async function alarmsOf(ctx: StepContext): Promise<SafetyAlarm[]> {
  const now = ctx.now();
  const [audit, switches] = await Promise.all([
    ctx.store.listAudit({ since: new Date(now.getTime() - 86_400_000) }),
    ctx.store.listKillSwitches(),
  ]);
  return safetyAlarms(audit, switches, now);
}

/**
 * Step 6, respond: notifications through the fallback chain (anomalies, and failures the retries
 * could not fix), issues of subjects that recovered closed, the optional repository_dispatch,
 * and the kill switches config/kill-switch-rules.json says the anomalies call for.
 */
export async function notifyStep(
  ctx: StepContext,
  anomalies: readonly Anomaly[],
  decisions: readonly RetryOutcome[],
  options: NotifyStepOptions,
): Promise<NotifyStepResult> {
  const gaps: Gap[] = [];
  const survivors = decisions.filter((d) => d.handled && d.decision === 'skip');
  const failures = new Map(survivors.map((d) => [`failure:${d.workflowName}`, failureNotification(d)]));
  const notifications = [...anomalies.map(anomalyNotification), ...failures.values()];
  const deps = {
    guard: ctx.guard,
    repo: ctx.repoName,
    channels: options.channels,
    issues: options.issues,
    dryRun: !options.apply,
    store: ctx.store,
    now: ctx.now,
    log: ctx.log,
  };
  let notified = 0;
  let undelivered = 0;
  let resolved: string[] = [];
  let deliveries: RecordedDelivery[] = [];
  const alarms = await alarmsOf(ctx).catch((error: unknown) => {
    gaps.push({ step: 'notify', reason: `alarms not evaluated: ${toError(error).message}` });
    return [];
  });
  try {
    // Alarms about the brake must not be refused by it: sent as the brake's own.
    const alarmDeliveries = await notifyAll({ ...deps, guard: brakeGuard(ctx.guard) }, alarms.map(alarmNotification));
    deliveries = [...(await notifyAll(deps, notifications)), ...alarmDeliveries];
    notified = deliveries.filter((d) => d.delivered).length;
    undelivered = deliveries.filter((d) => !d.delivered).length;
    const stillBad = new Set([...notifications.map((n) => n.fingerprint), ...alarms.map((a) => a.fingerprint)]);
    resolved = await resolveRecovered(
      deps,
      stillBad,
      `Recovered as of ${ctx.now().toISOString()}: OpsGuard no longer detects this.`,
    );
  } catch (error) {
    gaps.push({ step: 'notify', reason: toError(error).message });
  }
  let dispatched = 0;
  try {
    dispatched = await dispatchAnomalies(
      {
        client: ctx.client,
        repo: ctx.repo,
        guard: ctx.guard,
        rules: ctx.detectionRules,
        dryRun: !options.apply,
        store: ctx.store,
        now: ctx.now,
      },
      anomalies,
      options.date,
    );
  } catch (error) {
    gaps.push({ step: 'dispatch', reason: toError(error).message });
  }
  const activations = await activateKillSwitches(ctx, anomalies, options);
  return { notifications, deliveries, notified, undelivered, resolved, dispatched, activations, alarms, gaps };
}

/** The anomalies' activations and the triggers' over the runs, one per switch. */
function activationsOf(anomalies: readonly Anomaly[], options: NotifyStepOptions, now: Date): KillSwitchActivation[] {
  const all = [
    ...killSwitchActivations(anomalies, options.killSwitchRules),
    ...killSwitchTriggerActivations(options.runs ?? [], options.killSwitchRules.triggers, now),
  ];
  const byKey = new Map<string, KillSwitchActivation>();
  for (const a of all) if (!byKey.has(`${a.scope}:${a.target}`)) byKey.set(`${a.scope}:${a.target}`, a);
  return [...byKey.values()];
}

const killDispatchOf = (ctx: StepContext) => ({
  action: 'repository-dispatch',
  target: `${ctx.repoName}:dispatch:${KILL_DISPATCH_EVENT}`,
});

/** Asks the kill-switch workflow to pull the brake (and stop what runs), once per fingerprint. */
async function dispatchKill(
  ctx: StepContext,
  a: KillSwitchActivation,
  sentKeys: () => Promise<ReadonlySet<string>>,
): Promise<boolean> {
  const idempotencyKey = `kill:${a.fingerprint}`;
  // Sent already (a re-run of the audit): the kill-switch workflow has it.
  if ((await sentKeys()).has(idempotencyKey)) return true;
  const outcome = await brakeGuard(ctx.guard).run({
    ...killDispatchOf(ctx),
    idempotencyKey,
    service: `github:${ctx.repoName}:kill-switch`,
    details: { scope: a.scope, target: a.target },
    execute: () =>
      createRepositoryDispatch(ctx.client, ctx.repo, KILL_DISPATCH_EVENT, {
        command: 'activate',
        scope: a.scope,
        target: a.target,
        reason: a.reason,
        fingerprint: a.fingerprint,
      }),
  });
  return outcome.outcome === 'SUCCESS';
}

/**
 * Automatic activation: recorded in the store (with its log) when acting on a durable store, and,
 * with detection's dispatch response on, sent to the kill-switch workflow as `opsguard-kill`.
 */
async function activateKillSwitches(
  ctx: StepContext,
  anomalies: readonly Anomaly[],
  options: NotifyStepOptions,
): Promise<KillSwitchActivated[]> {
  const out: KillSwitchActivated[] = [];
  const dispatch = ctx.detectionRules.response.dispatch.enabled;
  const sentKeys = sentKeysOf(ctx.store, killDispatchOf(ctx), ctx.now);
  for (const a of activationsOf(anomalies, options, ctx.now())) {
    const base = { scope: a.scope, target: a.target, reason: a.reason };
    if (!options.apply) {
      out.push({ ...base, applied: false, note: 'dry run: would activate' });
      continue;
    }
    let dispatched = false;
    if (dispatch) {
      dispatched = await dispatchKill(ctx, a, sentKeys).catch((error: unknown) => {
        ctx.log(`kill switch dispatch not sent: ${toError(error).message}`);
        return false;
      });
    }
    const sent = dispatch ? { dispatched } : {};
    if (ctx.store.kind === 'runner') {
      out.push({
        ...base,
        applied: false,
        note: dispatched
          ? 'dispatched to the kill-switch workflow (no store here to hold it)'
          : 'no store to hold it: set OPSGUARD_KILL, or give the job a store',
        ...sent,
      });
      continue;
    }
    try {
      await ctx.store.setKillSwitch({ ...base, active: true, actor: ctx.actor, at: ctx.now() });
      ctx.log(`kill switch activated automatically: ${a.scope} ${a.target} (${a.reason})`);
      out.push({ ...base, applied: true, note: 'activated', ...sent });
    } catch (error) {
      out.push({ ...base, applied: false, note: `not activated: ${toError(error).message}`, ...sent });
    }
  }
  return out;
}
