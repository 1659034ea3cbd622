import { describeRerunAct, toError, type Anomaly } from '@opsguard/core';
import { appendCapabilityEvents, type Capability, type CapabilityEvent } from '@opsguard/evidence';
import type { Notification } from '@opsguard/notify';
import type { KillSwitchLogEntry } from '@opsguard/store';
import type { RecordedDelivery } from './notify-outcomes.js';
import type { RetryOutcome } from './retry-engine.js';

/** One retry decision, as `logs/retry_log_YYYYMMDD.log` records it. */
export function retryEvent(o: RetryOutcome): CapabilityEvent {
  return {
    at: o.decidedAt,
    event: 'decision',
    id: `retry:${o.runId}:${o.attempt}:${o.decidedAt}`,
    data: {
      runId: o.runId,
      attempt: o.attempt,
      workflow: o.workflowName,
      url: o.url,
      cause: o.cause,
      transient: o.transient,
      decision: o.decision,
      reason: o.reason,
      delayMs: o.delayMs,
      act: o.act === null ? null : { ...o.act },
      result: o.act === null ? null : describeRerunAct(o.act),
      evidence: [...o.evidence],
    },
  };
}

/** One detection pass: a summary line, then each anomaly. */
export function detectionEvents(anomalies: readonly Anomaly[], attempts: number, at: string): CapabilityEvent[] {
  return [
    { at, event: 'detection_run', data: { attempts, anomalies: anomalies.length } },
    ...anomalies.map((a): CapabilityEvent => ({
      at,
      event: 'anomaly',
      data: {
        rule: a.rule,
        severity: a.severity,
        subject: a.subject,
        message: a.message,
        value: a.value,
        baseline: a.baseline,
        fingerprint: a.fingerprint,
      },
    })),
  ];
}

/** Each notification and where the fallback chain delivered it (or why not). */
export function notificationEvents(
  notifications: readonly Notification[],
  deliveries: readonly RecordedDelivery[],
  at: string,
): CapabilityEvent[] {
  return notifications.map((n, i) => {
    const d = deliveries[i];
    return {
      at,
      event: d?.delivered ? 'delivered' : 'not_delivered',
      data: {
        fingerprint: n.fingerprint,
        kind: n.kind,
        severity: n.severity,
        title: n.title,
        channel: d?.delivered?.channel ?? null,
        detail: d?.delivered?.detail ?? null,
        attempts: (d?.attempts ?? []).map((a) => ({ channel: a.channel, ok: a.ok, detail: a.detail })),
        recorded: d?.recorded ?? false,
        ...(n.auditTicket ? { auditTicket: n.auditTicket.id } : {}),
      },
    };
  });
}

/** The store's kill-switch log entries of one report day (ids keep copies from duplicating). */
export function killSwitchEvents(
  entries: readonly KillSwitchLogEntry[],
  date: string,
  dateOf: (at: string) => string,
): CapabilityEvent[] {
  return entries
    .filter((e) => dateOf(e.at) === date)
    .map((e) => ({
      at: e.at,
      event: e.active ? 'activated' : 'deactivated',
      id: `kill-switch-log:${e.id}`,
      data: { scope: e.scope, target: e.target, reason: e.reason, actor: e.actor },
    }));
}

export interface CapabilityLogDeps {
  /** The day's bundle folder. */
  readonly bundleDir: string;
  readonly date: string;
  readonly sanitize: (text: string) => string;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

/**
 * Appends each capability's events to its day log. Best effort: a log that cannot be written is
 * reported and never stops the capability that produced it.
 */
export async function logCapabilityEvents(
  deps: CapabilityLogDeps,
  events: Partial<Record<Capability, readonly CapabilityEvent[]>>,
): Promise<void> {
  for (const [capability, list] of Object.entries(events) as [Capability, readonly CapabilityEvent[]][]) {
    if (list.length === 0) continue;
    try {
      await appendCapabilityEvents({
        bundleDir: deps.bundleDir,
        date: deps.date,
        capability,
        events: list,
        sanitize: deps.sanitize,
        now: deps.now(),
      });
    } catch (error) {
      deps.log(`logs: could not append to the ${capability} log: ${toError(error).message}`);
    }
  }
}
