import type { JobRecord, JsonObject, KillSwitchScope, RerunAct, RunRecord } from '@opsguard/core';

export type { JobRecord, RunRecord } from '@opsguard/core';

/**
 * The one interface over OpsGuard's state (DESIGN.md "State"). Three backends implement it:
 * Supabase (supabase-js, `rpc` for SQL functions), a Postgres server (`pg`) and embedded PGlite.
 * Everything that must be atomic under concurrent runs is a SQL function in supabase/migrations,
 * so the three behave the same. Times are passed in (injected clocks), never read here.
 */
export type StoreKind = 'supabase' | 'postgres' | 'pglite' | 'memory' | 'runner';

/** The kill switch's scopes, as core defines them. */
export type KillScope = KillSwitchScope;

export interface KillSwitchState {
  readonly scope: KillScope;
  /** `*` for the global switch; a service/workflow name or an action type otherwise. */
  readonly target: string;
  readonly active: boolean;
  readonly reason: string | null;
  readonly updatedBy: string | null;
  /** UTC ISO-8601. */
  readonly updatedAt: string;
}

export interface KillSwitchChange {
  readonly scope: KillScope;
  readonly target: string;
  readonly active: boolean;
  readonly reason: string;
  readonly actor: string;
  readonly at: Date;
}

export interface TokenBucketSpec {
  readonly key: string;
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** All buckets are consumed together or none is (one SQL call, rows locked in key order). */
export interface TokenGrant {
  readonly allowed: boolean;
  /** The first bucket that had no token, when refused. */
  readonly deniedKey: string | null;
  /** When a token will be available in the denied bucket; 0 when allowed. */
  readonly retryAfterMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSpec {
  readonly target: string;
  /** Consecutive failures that open a closed breaker (default 5). */
  readonly failureThreshold: number;
  /** How long an open breaker refuses before it turns half-open (default 60 s). */
  readonly openMs: number;
  /** Consecutive successes in half-open that close it (default 3). */
  readonly successThreshold: number;
}

export interface BreakerSnapshot {
  readonly target: string;
  readonly state: BreakerState;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
  readonly openedAt: string | null;
  readonly updatedAt: string;
}

export interface BreakerAdmission {
  readonly allowed: boolean;
  /** State after admission (an open breaker past `openMs` becomes half_open here). */
  readonly state: BreakerState;
  readonly retryAfterMs: number;
}

export interface IdempotencyClaim {
  readonly key: string;
  readonly scope: string;
  readonly owner: string;
  readonly ttlMs: number;
  readonly now: Date;
  /**
   * What the key stands for, when GitHub's own record can tell whether it was already acted on
   * (the store-less runner reads the run: a newer attempt means the re-run was requested).
   */
  readonly subject?: { readonly kind: 'run-attempt'; readonly runId: number; readonly attempt: number };
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly scope: string;
  readonly owner: string;
  readonly status: 'claimed' | 'completed' | 'failed';
  readonly result: JsonObject | null;
  readonly claimedAt: string;
  readonly expiresAt: string;
}

export interface IdempotencyResult {
  /** True when this caller now holds the key (new, or the previous claim had expired). */
  readonly claimed: boolean;
  /** The live record another caller holds, when not claimed. */
  readonly existing: IdempotencyRecord | null;
}

export type AuditOutcome = 'SUCCESS' | 'FAILURE' | 'SKIPPED';

export interface AuditRecord {
  /** Deterministic: sha256 of action, target, idempotency key and outcome (see guard). */
  readonly id: string;
  readonly at: string;
  readonly action: string;
  readonly service: string;
  readonly target: string;
  readonly idempotencyKey: string;
  readonly outcome: AuditOutcome;
  readonly reason: string | null;
  readonly dryRun: boolean;
  readonly actor: string;
  readonly attempts: number;
  readonly durationMs: number;
  readonly details: JsonObject;
}

export interface AuditFilter {
  readonly since?: Date;
  readonly action?: string;
  readonly target?: string;
  readonly limit?: number;
}

export interface RunFilter {
  readonly repo?: string;
  readonly since?: Date;
  readonly until?: Date;
}

export interface UpsertResult {
  readonly rows: number;
  /** Round trips made (batches of at most 500 rows). */
  readonly requests: number;
}

export type RetryDecisionKind = 'rerun' | 'skip' | 'shadow' | 'wait' | 'recovered';

export interface RetryHistoryRecord {
  readonly repo: string;
  readonly runId: number;
  readonly attempt: number;
  readonly workflowName: string;
  readonly cause: string;
  readonly transient: boolean;
  readonly decision: RetryDecisionKind;
  readonly reason: string;
  readonly delayMs: number;
  /** What acting did; null when the decision did not act (skip, wait, shadow, recovered). */
  readonly act: RerunAct | null;
  /** Sanitised evidence lines. */
  readonly evidence: readonly string[];
  readonly decidedAt: string;
}

export type NotificationKind = 'anomaly' | 'failure' | 'recovery' | 'kill-switch' | 'alarm' | 'ci-guard' | 'rollback';
export type NotificationSeverityLevel = 'info' | 'warning' | 'critical';

export interface NotificationLink {
  readonly text: string;
  readonly url: string;
}

/** One notification sent through the fallback chain and where it ended up (`public.notifications`). */
export interface NotificationRecord {
  readonly repo: string;
  /** Stable for the same subject (the GitHub issue deduplication key). */
  readonly fingerprint: string;
  readonly kind: NotificationKind;
  readonly severity: NotificationSeverityLevel;
  readonly title: string;
  readonly lines: readonly string[];
  readonly links: readonly NotificationLink[];
  /** The channel that delivered it (slack, github-issue, log…), null when none did. */
  readonly channel: string | null;
  /** True exactly when `channel` is set. */
  readonly delivered: boolean;
  /** What the channels that failed said (one `channel: message` per line), null when none failed. */
  readonly error: string | null;
  /** UTC ISO-8601. */
  readonly createdAt: string;
}

export interface NotificationFilter {
  readonly repo?: string;
  /** Inclusive. */
  readonly since?: Date;
  readonly fingerprint?: string;
}

export interface MetricPoint {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly at: Date;
}

/** What `kpi_window` (supabase/migrations) asks for: one window of `days` ending at `now`. */
export interface KpiWindowQuery {
  readonly repo: string;
  readonly now: Date;
  readonly days: number;
  readonly defaultBranch: string;
}

/** One row of `kpi_window`: a workflow, or all workflows together (`workflowName` null). */
export interface KpiWindowRow {
  readonly workflowName: string | null;
  readonly runs: number;
  readonly attempts: number;
  readonly successRateByRun: number | null;
  readonly successRateByAttempt: number | null;
  readonly meanRetryCount: number | null;
  readonly durationMeanMs: number | null;
  readonly durationP50Ms: number | null;
  readonly durationP95Ms: number | null;
  readonly queueP50Ms: number | null;
  readonly queueP95Ms: number | null;
  readonly mttrMs: number | null;
  readonly incidents: number;
  readonly autoRecoveryRate: number | null;
  readonly autoReruns: number;
  readonly failuresByCause: Readonly<Record<string, number>>;
}

export interface Store {
  readonly kind: StoreKind;
  /** Cheap round trip; throws StoreUnavailableError when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Fresh read every time: the guard never caches kill-switch state. */
  listKillSwitches(): Promise<KillSwitchState[]>;
  setKillSwitch(change: KillSwitchChange): Promise<KillSwitchState>;

  consumeTokens(buckets: readonly TokenBucketSpec[], now: Date): Promise<TokenGrant>;

  admitBreaker(spec: BreakerSpec, now: Date): Promise<BreakerAdmission>;
  recordBreakerOutcome(spec: BreakerSpec, success: boolean, now: Date): Promise<BreakerSnapshot>;
  getBreaker(target: string): Promise<BreakerSnapshot | null>;

  claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyResult>;
  completeIdempotencyKey(key: string, status: 'completed' | 'failed', result: JsonObject, now: Date): Promise<void>;
  /**
   * Lets go of a claim this owner still holds (status `claimed`), so the same work is decided
   * again on the next trigger: a refusal by the guard is temporary. False when nothing was held.
   */
  releaseIdempotencyKey(key: string, owner: string): Promise<boolean>;

  /** Append-only; an existing id is left as it is and `inserted` is false. */
  appendAudit(record: AuditRecord): Promise<{ inserted: boolean }>;
  listAudit(filter?: AuditFilter): Promise<AuditRecord[]>;

  upsertRuns(rows: readonly RunRecord[]): Promise<UpsertResult>;
  upsertJobs(rows: readonly JobRecord[]): Promise<UpsertResult>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;

  insertRetryHistory(record: RetryHistoryRecord): Promise<void>;
  listRetryHistory(filter?: RunFilter): Promise<RetryHistoryRecord[]>;

  /** One row per notification sent (a plain insert: no deduplication). */
  insertNotification(record: NotificationRecord): Promise<void>;
  /** Oldest first. */
  listNotifications(filter?: NotificationFilter): Promise<NotificationRecord[]>;

  /** The KPIs as SQL computes them (the same definitions as computeKpis). */
  kpiWindow(query: KpiWindowQuery): Promise<KpiWindowRow[]>;

  /** Adds to a per-minute counter (one SQL upsert). */
  incrementMetric(point: MetricPoint): Promise<void>;
}
