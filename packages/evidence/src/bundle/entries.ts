import type { RerunAct, RunRecord } from '@opsguard/core';

/**
 * One run attempt in RUNS_SUMMARY.json (every timestamp UTC ISO-8601): core's run record, less
 * what the file's header already says (the repository) and the internal workflow id.
 */
export type RunSummaryEntry = Omit<RunRecord, 'repo' | 'workflowId'>;

/** One retry decision in AUTO_RETRY_MANIFEST.json. */
export interface RetryManifestEntry {
  readonly runId: number;
  readonly attempt: number;
  readonly workflowName: string;
  readonly url: string;
  readonly cause: string;
  readonly transient: boolean;
  readonly decision: 'rerun' | 'skip' | 'shadow' | 'wait' | 'recovered';
  readonly reason: string;
  readonly delayMs: number;
  /** What acting did (sent, refused by the guard and why, failed); null when it did not act. */
  readonly act: RerunAct | null;
  /** Sanitised evidence lines. */
  readonly evidence: readonly string[];
  readonly decidedAt: string;
}

/** What automation did (from the append-only audit trail). */
export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly action: string;
  readonly service: string;
  readonly target: string;
  readonly outcome: 'SUCCESS' | 'FAILURE' | 'SKIPPED';
  readonly reason: string | null;
  readonly dryRun: boolean;
  readonly actor: string;
}

export const runKey = (e: { readonly runId: number; readonly attempt: number }) =>
  `${String(e.runId).padStart(20, '0')}:${String(e.attempt).padStart(3, '0')}`;
