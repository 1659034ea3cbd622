import type { Anomaly } from '@opsguard/core';
import type { Guard } from '@opsguard/guard';
import {
  deliver,
  type Delivery,
  type IssueChannel,
  type Notification,
  type NotificationChannel,
} from '@opsguard/notify';
import type { RetryOutcome } from './retry-engine.js';

export interface NotifyDeps {
  readonly guard: Guard;
  readonly repo: string;
  /** In fallback order, e.g. Slack → GitHub issue → log. */
  readonly channels: readonly NotificationChannel[];
  /** The issue channel again, to close issues of subjects that recovered. */
  readonly issues: IssueChannel | null;
  readonly dryRun: boolean;
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

/** Sends every notification through the fallback chain, each attempt gated and audited. */
export async function notifyAll(deps: NotifyDeps, notifications: readonly Notification[]): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (const n of notifications) {
    deliveries.push(
      await deliver(deps.channels, n, async (channel, message) => {
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
      }),
    );
  }
  return deliveries;
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
