import { boundedTimeoutMs, canWait, deadlineAfter, spendableMs, type Deadline } from '@opsguard/core';
import type { Clock } from '../clock.js';

/**
 * The job's time, one budget for every wait and every request (issue: "one resilience policy
 * with a deadline"). Waiting past the deadline is refused up front instead of being killed from
 * outside by the workflow's `timeout-minutes`, which would leave no audit row and an open claim.
 */
export interface Budget {
  readonly deadline: Deadline;
  /** What may still be spent (ms) before the reserve kept for recording results. */
  spendableMs(): number;
  /** Whether a wait of `ms` fits. */
  allows(ms: number): boolean;
  /** Sleeps `ms` on the clock, or throws DeadlineExceededError without waiting when it does not fit. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A request's timeout: `wantedMs`, or less when the deadline is nearer. */
  timeoutMs(wantedMs: number): number;
}

export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

export function isDeadlineExceededError(value: unknown): value is DeadlineExceededError {
  return value instanceof Error && value.name === 'DeadlineExceededError';
}

/** Default share kept back for audit rows, the bundle and the summary after the last wait. */
export const DEFAULT_RESERVE_MS = 30_000;

export function createBudget(clock: Clock, budgetMs: number, reserveMs = DEFAULT_RESERVE_MS): Budget {
  const deadline = deadlineAfter(clock.now().getTime(), budgetMs, reserveMs);
  const nowMs = () => clock.now().getTime();
  return {
    deadline,
    spendableMs: () => spendableMs(deadline, nowMs()),
    allows: (ms) => canWait(deadline, nowMs(), ms),
    timeoutMs: (wantedMs) => boundedTimeoutMs(deadline, nowMs(), wantedMs),
    async sleep(ms, signal) {
      if (!canWait(deadline, nowMs(), ms)) {
        throw new DeadlineExceededError(
          `waiting ${Math.ceil(ms / 1000)} s would pass the job's time budget (${Math.floor(spendableMs(deadline, nowMs()) / 1000)} s left before the reserve)`,
        );
      }
      await clock.sleep(ms, signal);
    },
  };
}
