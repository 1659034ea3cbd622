import { createHash } from 'node:crypto';
import type { AuditOutcome } from '@opsguard/store';

/**
 * Deterministic audit id: the same call with the same idempotency key and outcome is one record,
 * so a replayed trigger cannot double the trail, while a SKIPPED then SUCCESS keeps both.
 */
export function auditId(action: string, target: string, idempotencyKey: string, outcome: AuditOutcome): string {
  return createHash('sha256').update([action, target, idempotencyKey, outcome].join('\u0000')).digest('hex');
}
