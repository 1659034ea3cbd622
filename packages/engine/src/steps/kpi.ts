import {
  computeKpis,
  dailyTrends,
  lastZonedDays,
  toError,
  type DailyPoint,
  type KpiReport,
  type RunRecord,
} from '@opsguard/core';
import type { RetryHistoryRecord } from '@opsguard/store';
import type { RetryOutcome } from '../retry-engine.js';
import type { Gap, StepContext } from './step-context.js';

export interface KpiStepResult {
  readonly kpi: KpiReport;
  /** The last 7 days in the report time zone, as the dashboard draws them. */
  readonly daily: readonly DailyPoint[];
  /** The retry history the auto-recovery figures came from (the audit tickets cite it). */
  readonly history: readonly RetryHistoryRecord[];
  readonly gaps: readonly Gap[];
}

const requested = (d: { readonly act: RetryOutcome['act'] }) => d.act?.kind === 'requested';

/**
 * Step 4, KPIs over 1/7/30 days. Auto-recovery counts every re-run OpsGuard sent, this loop's
 * and earlier triggers', from the retry history (the same rows the SQL views read); without it
 * (store-less, or a store that fails) only this loop's are known, and the gap says so.
 */
export async function kpiStep(
  ctx: StepContext,
  attempts: readonly RunRecord[],
  decisions: readonly RetryOutcome[],
  options: { readonly defaultBranch: string; readonly since: Date; readonly timeZone: string },
): Promise<KpiStepResult> {
  const gaps: Gap[] = [];
  const reruns = new Set(decisions.filter(requested).map((d) => `${d.runId}:${d.attempt + 1}`));
  let history: readonly RetryHistoryRecord[] = [];
  try {
    history = await ctx.store.listRetryHistory({
      repo: ctx.repoName,
      since: new Date(options.since.getTime() - 30 * 86_400_000),
    });
    for (const h of history) if (h.decision === 'rerun' && requested(h)) reruns.add(`${h.runId}:${h.attempt + 1}`);
  } catch (error) {
    gaps.push({
      step: 'kpi',
      reason: `retry history unreadable, auto-recovery counts this run only: ${toError(error).message}`,
    });
  }
  const now = ctx.now();
  const kpi = computeKpis({
    attempts,
    defaultBranch: options.defaultBranch,
    opsguardReruns: reruns,
    now,
    windowsDays: [1, 7, 30],
  });
  const daily = dailyTrends(attempts, lastZonedDays(now, 7, options.timeZone));
  return { kpi, daily, history, gaps };
}
