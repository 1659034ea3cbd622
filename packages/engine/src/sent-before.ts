import type { Store } from '@opsguard/store';

const LOOKBACK_MS = 2 * 24 * 60 * 60 * 1000;

export interface SentTarget {
  readonly action: string;
  readonly target: string;
}

/**
 * The idempotency keys of real (not dry-run) successes of `action` on `target` in the audit
 * trail, read once on first use and shared by every call of one dispatcher. The guard's
 * idempotency key only names the audit record; it does not stop a second execution, so a
 * dispatch meant "once a day" (a re-run of the audit, a second schedule) asks the trail first.
 * Keys carry their day or fingerprint, so two days of trail are enough.
 */
export function sentKeysOf(
  store: Pick<Store, 'listAudit'>,
  sent: SentTarget,
  now: () => Date,
): () => Promise<ReadonlySet<string>> {
  let keys: Promise<ReadonlySet<string>> | undefined;
  return () =>
    (keys ??= store
      .listAudit({ action: sent.action, target: sent.target, since: new Date(now().getTime() - LOOKBACK_MS) })
      .then((rows) => new Set(rows.filter((r) => r.outcome === 'SUCCESS' && !r.dryRun).map((r) => r.idempotencyKey))));
}
