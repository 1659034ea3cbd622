/**
 * The conclusions that count as a failure, everywhere (KPIs, the retry engine, detection, the
 * bundle). Cancelled and skipped runs are neither success nor failure: they are usually
 * superseded by a newer push (concurrency groups), and counting them would punish that.
 */
export const FAILED_CONCLUSIONS: ReadonlySet<string> = new Set(['failure', 'timed_out', 'startup_failure']);

export function isFailure(conclusion: string | null | undefined): boolean {
  return conclusion !== null && conclusion !== undefined && FAILED_CONCLUSIONS.has(conclusion);
}

/** A completed run that failed: what the retry engine and the sweep look at. */
export function isFailedRun(run: { readonly status?: string | null; readonly conclusion?: string | null }): boolean {
  return run.status === 'completed' && isFailure(run.conclusion);
}

export function isFinished(status: string, conclusion: string | null): boolean {
  return status === 'completed' && (conclusion === 'success' || isFailure(conclusion));
}
