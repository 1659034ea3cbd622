import type { Store } from '@opsguard/store';

const LOOKBACK_MS = 2 * 24 * 60 * 60 * 1000;

export interface SentCall {
  readonly action: string;
  readonly target: string;
  readonly idempotencyKey: string;
}

/**
 * Whether the audit trail holds a real (not dry-run) success of this call. The guard's
 * idempotency key only names the audit record; it does not stop a second execution, so a
 * dispatch meant "once a day" (a re-run of the audit, a second schedule) asks the trail first.
 * Keys carry their day or fingerprint, so two days of trail are enough.
 */
export async function sentBefore(store: Pick<Store, 'listAudit'>, call: SentCall, now: Date): Promise<boolean> {
  const earlier = await store.listAudit({
    action: call.action,
    target: call.target,
    since: new Date(now.getTime() - LOOKBACK_MS),
  });
  return earlier.some((r) => r.idempotencyKey === call.idempotencyKey && r.outcome === 'SUCCESS' && !r.dryRun);
}
