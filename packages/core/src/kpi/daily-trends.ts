import { KpiAccumulator } from './accumulator.js';
import { isoToMs } from './iso-time.js';
import { isFailure, isFinished } from '../records/conclusions.js';
import type { KpiAttempt } from './kpi-types.js';

export interface DayBounds {
  readonly date: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface DailyPoint {
  readonly date: string;
  readonly attempts: number;
  readonly successRateByAttempt: number | null;
  readonly durationP95Ms: number | null;
  readonly queueP95Ms: number | null;
  /** Attempts after the first: re-runs, by anyone. */
  readonly retries: number;
  readonly failuresByCause: Readonly<Record<string, number>>;
}

/** Per calendar day (bounds computed in the report time zone), the figures the dashboard draws. */
export function dailyTrends(attempts: readonly KpiAttempt[], days: readonly DayBounds[]): DailyPoint[] {
  const cells = days.map(() => ({ acc: new KpiAccumulator(), retries: 0 }));
  const first = days[0]?.startMs ?? Infinity;
  const last = days[days.length - 1]?.endMs ?? -Infinity;
  for (const a of attempts) {
    const at = isoToMs(a.createdAt);
    if (at < first || at >= last) continue;
    let i = 0;
    while (i < days.length - 1 && at >= (days[i] as DayBounds).endMs) i++;
    const cell = cells[i];
    if (!cell) continue;
    const acc = cell.acc;
    acc.attempts++;
    if (a.attempt > 1) cell.retries++;
    if (isFinished(a.status, a.conclusion)) {
      acc.attemptsFinished++;
      if (a.conclusion === 'success') acc.attemptsSucceeded++;
      if (a.durationMs !== null) acc.durations.push(a.durationMs);
      if (isFailure(a.conclusion)) acc.addCause(a.cause ?? 'unknown');
    }
    if (a.queueMs !== null) acc.queues.push(a.queueMs);
  }
  return days.map((day, i) => {
    const cell = cells[i] as { acc: KpiAccumulator; retries: number };
    const f = cell.acc.figures();
    return {
      date: day.date,
      attempts: f.attempts,
      successRateByAttempt: f.successRateByAttempt,
      durationP95Ms: f.durationMs.p95,
      queueP95Ms: f.queueMs.p95,
      retries: cell.retries,
      failuresByCause: f.failuresByCause,
    };
  });
}
