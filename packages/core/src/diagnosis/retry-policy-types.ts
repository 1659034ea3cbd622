/**
 * The retry policy as config/retry-policy.json spells it (the config package validates a file
 * against its schema and returns this type; core only reads it).
 */
/** What kind of transient failure a cause is; a retry profile re-runs only some families. */
export type RetryFamily = 'runner' | 'infrastructure' | 'network' | 'registry' | 'rate-limit';

export interface CauseRule {
  /** Worth an automatic re-run (with backoff) when this is the run's cause. */
  readonly transient: boolean;
  /** For a transient cause: which retry profiles re-run it (without one, every profile does). */
  readonly family?: RetryFamily;
  /** At most this many attempts for this cause (never more than the top-level `maxAttempts`). */
  readonly maxAttempts?: number;
  /** JavaScript regular expressions, matched case-insensitively against each log line. */
  readonly patterns?: readonly string[];
  /** More patterns, added to `patterns` (so a user's file can extend a built-in cause). */
  readonly addPatterns?: readonly string[];
  /** A line that matches one of these never counts for this cause (e.g. a service on the runner itself). */
  readonly excludePatterns?: readonly string[];
  /** Causes whose presence in the same text takes precedence over this one (e.g. oom gives way to runner_shutdown). */
  readonly overriddenBy?: readonly string[];
  readonly description?: string;
}

export interface NameLists {
  readonly workflows: readonly string[];
  readonly branches: readonly string[];
}

export type RerunMode = 'rerun-failed-jobs' | 'rerun-all';

export interface RetryPolicy {
  readonly $schema?: string;
  /** Total attempts, the first included. */
  readonly maxAttempts: number;
  /** Delay before each re-run, by attempt; later attempts double the last one. */
  readonly backoffSeconds: readonly number[];
  readonly maxBackoffSeconds: number;
  readonly mode: RerunMode;
  /** Re-runs per repository per day, across all workflows. */
  readonly dailyRerunBudget: number;
  /** The retry profile in force (a key of `profiles`); default `infra`. */
  readonly profile?: string;
  /** Retry profiles by name: the families of transient causes each re-runs. */
  readonly profiles?: Readonly<Record<string, readonly RetryFamily[]>>;
  readonly allow: NameLists;
  readonly deny: NameLists;
  /** Failure causes in precedence order (earlier wins among causes of the same kind). */
  readonly causes: Readonly<Record<string, CauseRule>>;
}
