import { createHash } from 'node:crypto';
import type { AuditOutcome } from '@opsguard/store';

/**
 * Deterministic audit id: the same call with the same idempotency key and outcome is one record,
 * so a replayed trigger cannot double the trail, while a SKIPPED then SUCCESS keeps both.
 * `qualifier` tells apart records that share an outcome but not a meaning: the guard passes a
 * SKIPPED record's reason (and whether it was a dry run), so a dry-run plan does not swallow the
 * refusal of the real call that follows it, nor a rate-limit skip a later kill-switch skip.
 */
export function auditId(
  action: string,
  target: string,
  idempotencyKey: string,
  outcome: AuditOutcome,
  qualifier?: string,
): string {
  const parts = [action, target, idempotencyKey, outcome];
  if (qualifier !== undefined && qualifier !== '') parts.push(qualifier);
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
