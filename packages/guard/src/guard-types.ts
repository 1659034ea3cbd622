import type { JsonObject, RefusalReason } from '@opsguard/core';
import type { Brake } from './brake.js';
import type { Store, TokenBucketSpec } from '@opsguard/store';
import type { GuardPolicy } from './guard-config.js';
import type { FailureClassifier } from './transient.js';

export interface GuardLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface GuardDeps {
  readonly store: Store;
  readonly policy: GuardPolicy;
  readonly now: () => Date;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Who acts (workflow run URL, user, `opsguard-cli`): written to every audit record. */
  readonly actor: string;
  /** The kill switches, read fresh for every call; if reading throws, the call is refused. */
  readonly brake: Brake;
  /** How a failed call is judged (transient or not, how long to wait); per call overridable. */
  readonly classifyFailure?: FailureClassifier;
  /** The job's time budget: no retry wait may pass it, and a call with none left is refused. */
  readonly budget?: GuardBudget;
  readonly logger?: GuardLogger;
}

/** What the guard needs of the job's deadline (engine's Budget fits). */
export interface GuardBudget {
  spendableMs(): number;
  allows(ms: number): boolean;
}

/** One mutating call: what it is, what it touches, and how to do it. */
export interface GuardedCall<T> {
  /** Action type: `rerun-failed-jobs`, `cancel-run`, `stop-instance`, … */
  readonly action: string;
  /** Service or workflow the call belongs to: `github:acme/web:CI`, `aws:lambda`, … */
  readonly service: string;
  /** What is changed; the circuit breaker is per target. */
  readonly target: string;
  readonly idempotencyKey: string;
  readonly dryRun?: boolean;
  readonly details?: JsonObject;
  /** Buckets beyond global/service/action, e.g. a workflow's daily re-run budget. */
  readonly extraBuckets?: readonly TokenBucketSpec[];
  readonly signal?: AbortSignal;
  readonly classifyFailure?: FailureClassifier;
  /**
   * The brake's own call: the kill switch stopping runs (disable, cancel, force-cancel, writing
   * `OPSGUARD_KILL`), undoing exactly what it stopped, and telling people. Gates 1–3 are not
   * consulted — a brake that the kill switch, a drained rate limit or an open breaker can refuse
   * is useless in the very storm it is pulled for — but the call is still retried on transient
   * errors, audited (`details.brake: true`) and counted. Nothing else may set it.
   */
  readonly brake?: boolean;
  execute(signal: AbortSignal): Promise<T>;
}

/** Why a call was not executed: core's closed set. */
export type SkipReason = RefusalReason;

/** Whether the audit record was written: a failure here is reported, never hidden. */
export type AuditWrite = 'recorded' | 'duplicate' | 'failed';

interface OutcomeBase {
  readonly auditId: string;
  readonly audit: AuditWrite;
}

export type GuardOutcome<T> =
  | (OutcomeBase & { readonly outcome: 'SUCCESS'; readonly value: T; readonly attempts: number })
  | (OutcomeBase & {
      readonly outcome: 'FAILURE';
      readonly error: Error;
      readonly attempts: number;
      /** The last failure may have been acted on remotely (a lost answer to a POST). */
      readonly mayHaveActed: boolean;
    })
  | (OutcomeBase & {
      readonly outcome: 'SKIPPED';
      readonly reason: SkipReason;
      readonly message: string;
      readonly retryAfterMs: number;
    });
