import type { IntakeRefusal } from './intake-store.js';
import type { AuditRecord } from './store.js';

/**
 * A refused delivery as an audit record: SKIPPED with the reason, the key when the request had
 * one (empty otherwise: the column is not null), never the body.
 */
export function refusalAudit(refusal: IntakeRefusal): AuditRecord {
  return {
    id: refusal.id,
    at: refusal.now.toISOString(),
    action: 'intake-refuse',
    service: `intake:${refusal.source}`,
    target: `intake:${refusal.source}`,
    idempotencyKey: refusal.key ?? '',
    outcome: 'SKIPPED',
    reason: refusal.reason,
    dryRun: false,
    actor: refusal.actor,
    attempts: 0,
    durationMs: 0,
    details: { ...refusal.details, status: refusal.status },
  };
}
