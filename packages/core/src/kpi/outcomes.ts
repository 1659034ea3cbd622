/**
 * How conclusions count. Cancelled and skipped runs are neither success nor failure: they are
 * usually superseded by a newer push (concurrency groups), and counting them would punish that.
 */
export const FAILED_CONCLUSIONS: ReadonlySet<string> = new Set(['failure', 'timed_out', 'startup_failure']);

export function isFinished(status: string, conclusion: string | null): boolean {
  return (
    status === 'completed' && (conclusion === 'success' || (conclusion !== null && FAILED_CONCLUSIONS.has(conclusion)))
  );
}

export function isFailure(conclusion: string | null): boolean {
  return conclusion !== null && FAILED_CONCLUSIONS.has(conclusion);
}
