import type { RunSummaryEntry } from './entries.js';

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

/** The run figures AUDIT_SUMMARY states: derived from RUNS_SUMMARY.json alone, so verify recounts them. */
export interface RunFigures {
  readonly runs: number;
  readonly attempts: number;
  /** Runs whose last attempt failed. */
  readonly failedFinal: number;
  /** Runs that failed, then succeeded on a later attempt. */
  readonly recovered: number;
  /** Attempts by conclusion (status when not concluded). */
  readonly byConclusion: Readonly<Record<string, number>>;
  /** Runs still failed at their last attempt, by cause. */
  readonly failedByCause: Readonly<Record<string, number>>;
}

export function lastAttempts(runs: readonly RunSummaryEntry[]): RunSummaryEntry[] {
  const finals = new Map<number, RunSummaryEntry>();
  for (const r of runs) if ((finals.get(r.runId)?.attempt ?? 0) < r.attempt) finals.set(r.runId, r);
  return [...finals.values()].sort((a, b) => a.runId - b.runId);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

export function runFigures(runs: readonly RunSummaryEntry[]): RunFigures {
  const finals = lastAttempts(runs);
  const failed = finals.filter((r) => FAILED.has(r.conclusion ?? ''));
  return {
    runs: finals.length,
    attempts: runs.length,
    failedFinal: failed.length,
    recovered: finals.filter((r) => r.attempt > 1 && r.conclusion === 'success').length,
    byConclusion: countBy(runs, (r) => r.conclusion ?? r.status),
    failedByCause: countBy(failed, (r) => r.cause ?? 'unknown'),
  };
}

export const isFailedConclusion = (conclusion: string | null) => FAILED.has(conclusion ?? '');
