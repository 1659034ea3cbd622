/**
 * Why the guard did not execute a call: the gates in DESIGN.md's order, the deadline, or a dry
 * run. One closed set, used from the guard's audit records to the job summary.
 */
export type RefusalReason =
  | 'kill_switch'
  | 'kill_switch_unreadable'
  | 'rate_limited'
  | 'circuit_open'
  | 'store_unavailable'
  | 'deadline'
  | 'dry_run';

export const REFUSAL_REASONS: readonly RefusalReason[] = [
  'kill_switch',
  'kill_switch_unreadable',
  'rate_limited',
  'circuit_open',
  'store_unavailable',
  'deadline',
  'dry_run',
];

/**
 * A refusal is temporary: lifting the brake, refilling a bucket or closing the breaker lets the
 * same call through, so whoever claimed the work for it must let it go (a dry run too).
 */
export function isRefusalReason(value: string): value is RefusalReason {
  return (REFUSAL_REASONS as readonly string[]).includes(value);
}
