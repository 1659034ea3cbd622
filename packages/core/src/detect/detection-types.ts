export type Severity = 'info' | 'warning' | 'critical';

export interface RuleBase {
  readonly enabled: boolean;
  readonly severity: Severity;
}

export interface DetectionRules {
  /** Days before the recent window that form the baseline. */
  readonly baselineDays: number;
  readonly targets: {
    readonly successRate: number;
    readonly p95DurationMinutes: number;
    readonly p95QueueMinutes: number;
    readonly mttrHours: number;
    readonly autoRecoveryRate: number;
  };
  readonly rules: {
    readonly failureRateSpike: RuleBase & {
      readonly windowHours: number;
      readonly minAttempts: number;
      readonly ratio: number;
      readonly minIncrease: number;
    };
    readonly durationRegression: RuleBase & {
      readonly windowHours: number;
      readonly minAttempts: number;
      readonly p95Ratio: number;
    };
    readonly consecutiveFailures: RuleBase & { readonly threshold: number };
    readonly stuckRuns: RuleBase & { readonly queuedMinutes: number; readonly inProgressMinutes: number };
    readonly retryStorm: RuleBase & { readonly windowHours: number; readonly maxReruns: number };
    readonly storeHealth: RuleBase & { readonly maxLagMinutes: number };
    readonly notificationFailures: RuleBase & { readonly maxFailures: number };
  };
  readonly response: {
    /** A repository_dispatch event kill-switch or rollback workflows can listen to. */
    readonly dispatch: { readonly enabled: boolean; readonly eventType: string; readonly minSeverity: Severity };
  };
}

export type AnomalyRule =
  | 'failure_rate_spike'
  | 'duration_regression'
  | 'consecutive_failures'
  | 'stuck_run'
  | 'retry_storm'
  | 'store_unreachable'
  | 'store_lagging'
  | 'notification_failures';

export interface Anomaly {
  readonly rule: AnomalyRule;
  /** Workflow name, run URL or component the anomaly is about. */
  readonly subject: string;
  readonly value: number;
  readonly baseline: number | null;
  readonly severity: Severity;
  readonly message: string;
  /** Stable across runs for the same rule and subject: deduplicates issues and dispatches. */
  readonly fingerprint: string;
}

export interface HealthSignals {
  /** null when no store is configured (nothing to watch). */
  readonly store: { readonly reachable: boolean; readonly lastWriteAt: string | null } | null;
  readonly notificationFailures: number;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };
