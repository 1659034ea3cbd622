import type { JsonObject } from '../json.js';

/**
 * One line of the rollback history (table `rollback_history`, append-only like the audit): a
 * plan made, a step done or failed, an apply finished, a recovery verified.
 */
export type RollbackHistoryEvent =
  | 'planned'
  | 'apply-started'
  | 'step-done'
  | 'step-failed'
  | 'step-skipped'
  | 'applied'
  | 'partial'
  | 'recovery-verified'
  | 'recovery-failed';

export const ROLLBACK_HISTORY_EVENTS: readonly RollbackHistoryEvent[] = [
  'planned',
  'apply-started',
  'step-done',
  'step-failed',
  'step-skipped',
  'applied',
  'partial',
  'recovery-verified',
  'recovery-failed',
];

export interface RollbackHistoryEntry {
  /** Deterministic: the same event written twice is one row. */
  readonly id: string;
  readonly at: string;
  readonly repo: string;
  readonly planHash: string;
  readonly event: RollbackHistoryEvent;
  /** The step's id for step events, else null. */
  readonly step: string | null;
  readonly actor: string;
  readonly detail: string;
  /** Structured facts (the plan itself on `planned`, a commit sha, run ids). */
  readonly data: JsonObject;
}

/** The id of an entry: one per plan, event and step (and attempt, for events that repeat). */
export function historyEntryId(
  planHash: string,
  event: RollbackHistoryEvent,
  step: string | null,
  attempt = 1,
): string {
  return `${planHash.slice(0, 16)}:${event}:${step ?? '-'}:${attempt}`;
}
