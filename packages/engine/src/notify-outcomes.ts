import type { Anomaly } from '@opsguard/core';
import type { Guard } from '@opsguard/guard';
import {
  deliver,
  type Delivery,
  type IssueChannel,
  type Notification,
  type NotificationChannel,
} from '@opsguard/notify';
import type { Store } from '@opsguard/store';
import type { RetryOutcome } from './retry-engine.js';

export interface NotifyDeps {
  readonly guard: Guard;
  readonly repo: string;
  /** In fallback order, e.g. Slack → GitHub issue → log. */
  readonly channels: readonly NotificationChannel[];
  /** The issue channel again, to close issues of subjects that recovered. */
  readonly issues: IssueChannel | null;
  readonly dryRun: boolean;
  /** Each notification's outcome is recorded in `public.notifications` (not in dry runs). */
  readonly store: Store;
  readonly now: () => Date;
  /** Where a failed store write is reported; the delivery result is kept either way. */
  readonly log?: (line: string) => void;
}

/** A delivery and whether its outcome reached the notifications table. */
export interface RecordedDelivery extends Delivery {
  /** False in a dry run (nothing is recorded) or when the store refused the row. */
  readonly recorded: boolean;
  /** Why the row could not be written, null otherwise. */
  readonly recordError: string | null;
}

export function anomalyNotification(a: Anomaly): Notification {
  return {
    fingerprint: a.fingerprint,
    kind: 'anomaly',
    severity: a.severity,
    title: a.message,
    lines: [
      `rule ${a.rule} on ${a.subject}`,
      `value ${a.value}${a.baseline === null ? '' : `, baseline ${a.baseline}`}`,
    ],
    links: [],
  };
}

/** A failure the retries could not fix: one issue per workflow (repeats become comments). */
export function failureNotification(o: RetryOutcome): Notification {
  return {
    fingerprint: `failure:${o.workflowName}`,
    kind: 'failure',
    severity: 'warning',
    title: `${o.workflowName} failed: ${o.cause}`,
    lines: [`run ${o.runId} attempt ${o.attempt}: ${o.reason}`, ...o.evidence.slice(0, 5)],
    links: [{ text: `run ${o.runId}`, url: o.url }],
  };
}

/** The failed attempts of a delivery, one `channel: reason` a line; null when none failed. */
export function deliveryErrors(delivery: Delivery): string | null {
  const failed = delivery.attempts.filter((a) => !a.ok).map((a) => `${a.channel}: ${a.detail}`);
  return failed.length > 0 ? failed.join('\n') : null;
}

/**
 * Sends every notification through the fallback chain, each attempt gated and audited, then
 * records its outcome (the channel that delivered it, or none, and the errors) in the store.
 * Recording is best effort: a store failure is logged and returned on the delivery, and never
 * stops the other notifications. A dry run records nothing (the audit has its SKIPPED rows).
 */
export async function notifyAll(deps: NotifyDeps, notifications: readonly Notification[]): Promise<RecordedDelivery[]> {
  const deliveries: RecordedDelivery[] = [];
  for (const n of notifications) {
    const delivery = await deliver(deps.channels, n, async (channel, message) => {
      // Writing to the job log changes nothing outside: it needs no gate (and must not be refused).
      if (channel.name === 'log') return channel.send(message);
      const outcome = await deps.guard.run({
        action: `notify-${channel.name}`,
        service: `github:${deps.repo}:notifications`,
        target: `${deps.repo}:notify:${channel.name}`,
        idempotencyKey: `${message.fingerprint}:${channel.name}`,
        dryRun: deps.dryRun,
        details: { fingerprint: message.fingerprint, kind: message.kind },
        execute: () => channel.send(message),
      });
      if (outcome.outcome === 'SUCCESS') return outcome.value;
      if (outcome.outcome === 'FAILURE') throw outcome.error;
      return null;
    });
    deliveries.push(
      deps.dryRun ? { ...delivery, recorded: false, recordError: null } : await record(deps, n, delivery),
    );
  }
  return deliveries;
}

async function record(deps: NotifyDeps, n: Notification, delivery: Delivery): Promise<RecordedDelivery> {
  try {
    const channel = delivery.delivered
      ? (delivery.attempts.find((a) => a.ok)?.channel ?? delivery.delivered.channel)
      : null;
    await deps.store.insertNotification({
      repo: deps.repo,
      fingerprint: n.fingerprint,
      kind: n.kind,
      severity: n.severity,
      title: n.title,
      lines: n.lines,
      links: n.links,
      channel,
      delivered: channel !== null,
      error: deliveryErrors(delivery),
      createdAt: deps.now().toISOString(),
    });
    return { ...delivery, recorded: true, recordError: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    deps.log?.(`notifications: could not record ${n.fingerprint}: ${reason}`);
    return { ...delivery, recorded: false, recordError: reason };
  }
}

/** Closes the open issues whose subject is healthy again. */
export async function resolveRecovered(
  deps: NotifyDeps,
  stillBad: ReadonlySet<string>,
  note: string,
): Promise<string[]> {
  if (!deps.issues || deps.dryRun) return [];
  const resolved: string[] = [];
  for (const fingerprint of await deps.issues.openFingerprints()) {
    if (stillBad.has(fingerprint)) continue;
    const outcome = await deps.guard.run({
      action: 'close-issue',
      service: `github:${deps.repo}:notifications`,
      target: `${deps.repo}:issue:${fingerprint}`,
      idempotencyKey: fingerprint,
      execute: () => (deps.issues as IssueChannel).resolve(fingerprint, note),
    });
    if (outcome.outcome === 'SUCCESS' && outcome.value) resolved.push(fingerprint);
  }
  return resolved;
}
