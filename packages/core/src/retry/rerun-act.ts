import type { RefusalReason } from '../resilience/refusal.js';

/**
 * What acting on a re-run decision did, typed from the guard to the job summary, the manifest,
 * the store and the CLI — never a sentence parsed back.
 */
export type RerunAct =
  /** GitHub accepted the re-run: the run's next attempt is `attempt`. */
  | { readonly kind: 'requested'; readonly attempt: number }
  /** The guard did not send it (kill switch, rate limit, open breaker, deadline, dry run). */
  | { readonly kind: 'refused'; readonly reason: RefusalReason; readonly message: string }
  /**
   * Sent and failed. `mayHaveActed`: a 5xx or a lost answer on the POST, so the re-run may have
   * been queued; it is never re-sent blindly.
   */
  | { readonly kind: 'failed'; readonly message: string; readonly mayHaveActed: boolean };

/** One line for people (logs, summaries, the store's `result` column); never read back. */
export function describeRerunAct(act: RerunAct | null): string {
  if (act === null) return 'no action';
  switch (act.kind) {
    case 'requested':
      return `re-run requested (attempt ${act.attempt})`;
    case 'refused':
      return `refused (${act.reason}): ${act.message}`;
    case 'failed':
      return `failed${act.mayHaveActed ? ' (GitHub may have queued it; not re-sent)' : ''}: ${act.message}`;
  }
}
