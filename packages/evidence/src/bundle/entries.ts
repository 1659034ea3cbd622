import type { RerunAct } from '@opsguard/core';

/** One run attempt in RUNS_SUMMARY.json (every timestamp UTC ISO-8601). */
export interface RunSummaryEntry {
  readonly runId: number;
  readonly attempt: number;
  readonly workflowName: string;
  readonly event: string;
  readonly branch: string | null;
  readonly headSha: string;
  /** Who triggered the attempt; null when GitHub did not say. */
  readonly actor: string | null;
  readonly status: string;
  readonly conclusion: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly updatedAt: string;
  readonly durationMs: number | null;
  readonly queueMs: number | null;
  readonly url: string;
  readonly cause: string | null;
}

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
