/** One completed or pending run attempt, as the KPI pass reads it (structural: store rows fit). */
export interface KpiAttempt {
  readonly runId: number;
  readonly attempt: number;
  readonly workflowName: string;
  readonly branch: string | null;
  readonly status: string;
  readonly conclusion: string | null;
  /** UTC ISO-8601: when the attempt was created (the run's created_at for attempt 1). */
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly updatedAt: string;
  readonly durationMs: number | null;
  /** Sum of job queue waits is not meaningful; this is the attempt's longest job queue wait. */
  readonly queueMs: number | null;
  readonly cause: string | null;
}

export interface KpiInput {
  readonly attempts: readonly KpiAttempt[];
  readonly defaultBranch: string;
  /** Runs (by id) that OpsGuard re-ran, with the attempt its re-run created. */
  readonly opsguardReruns: ReadonlySet<string>;
  readonly now: Date;
  readonly windowsDays: readonly number[];
}

export interface DurationStats {
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
}

export interface KpiFigures {
  readonly runs: number;
  readonly attempts: number;
  /** Final outcome per run id: successes / runs that finished. */
  readonly successRateByRun: number | null;
  /** Every attempt counted: successful attempts / finished attempts. */
  readonly successRateByAttempt: number | null;
  /** Mean of (attempts − 1) over runs. */
  readonly meanRetryCount: number | null;
  readonly durationMs: DurationStats;
  readonly queueMs: { readonly p50: number | null; readonly p95: number | null };
  /** Default branch: first failure → next success, mean in ms; and how many incidents. */
  readonly mttrMs: number | null;
  readonly incidents: number;
  /** Failures OpsGuard re-ran that then succeeded / failures OpsGuard re-ran. */
  readonly autoRecoveryRate: number | null;
  readonly autoReruns: number;
  readonly failuresByCause: Readonly<Record<string, number>>;
}

export interface KpiWindow {
  readonly days: number;
  readonly from: string;
  readonly to: string;
  readonly overall: KpiFigures;
  readonly byWorkflow: Readonly<Record<string, KpiFigures>>;
}

export interface KpiReport {
  readonly generatedAt: string;
  readonly windows: readonly KpiWindow[];
}
