/**
 * The job's time budget, as arithmetic: every wait and every request timeout is drawn from one
 * deadline, so the stacked layers (request retries, rate-limit waits, the guard's backoff, the
 * engine's waits) can never outlast the job's `timeout-minutes` and leave no audit record.
 * Pure: the clock is passed in.
 */
export interface Deadline {
  /** Epoch ms after which nothing may still be waiting. */
  readonly atMs: number;
  /** Kept back for the work after the last wait (audit rows, the bundle, the summary). */
  readonly reserveMs: number;
}

export function deadlineAfter(startMs: number, budgetMs: number, reserveMs: number): Deadline {
  if (!(budgetMs > 0)) throw new RangeError(`a deadline needs a positive budget, got ${budgetMs}`);
  return { atMs: startMs + budgetMs, reserveMs: Math.min(Math.max(0, reserveMs), budgetMs / 2) };
}

/** What may still be spent waiting or on a request (never negative). */
export function spendableMs(deadline: Deadline, nowMs: number): number {
  return Math.max(0, deadline.atMs - deadline.reserveMs - nowMs);
}

/** Whether a wait of `waitMs` starting now ends before the spendable time is gone. */
export function canWait(deadline: Deadline, nowMs: number, waitMs: number): boolean {
  return waitMs <= spendableMs(deadline, nowMs);
}

/** A request's timeout: its own limit, or less when the deadline is nearer. */
export function boundedTimeoutMs(deadline: Deadline, nowMs: number, wantedMs: number): number {
  return Math.min(wantedMs, spendableMs(deadline, nowMs));
}
