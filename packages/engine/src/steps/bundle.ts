import {
  reportDate,
  toError,
  type Anomaly,
  type DailyPoint,
  type KpiReport,
  type RunRecord,
  type SweepLeft,
} from '@opsguard/core';
import { writeBundle, type BundleResult, type KpiTargets } from '@opsguard/evidence';
import type { WorkflowRun } from '@opsguard/github';
import { join } from 'node:path';
import { collectArtifacts, type ArtifactCaps, type ArtifactsSetting } from '../collect-artifacts.js';
import type { RetryOutcome } from '../retry-engine.js';
import type { Gap, StepContext } from './step-context.js';

export interface BundleStepInput {
  readonly outDir: string;
  readonly timeZone: string;
  readonly window: { readonly from: Date; readonly to: Date };
  readonly runs: readonly WorkflowRun[];
  readonly attempts: readonly RunRecord[];
  readonly decisions: readonly RetryOutcome[];
  readonly left: readonly SweepLeft[];
  readonly anomalies: readonly Anomaly[];
  readonly kpi: {
    readonly report: KpiReport;
    readonly daily: readonly DailyPoint[];
    readonly targets: KpiTargets;
  } | null;
  readonly gaps: readonly Gap[];
  readonly artifacts?: ArtifactsSetting | undefined;
  readonly artifactCaps?: ArtifactCaps | undefined;
}

/** The folder of today's bundle: `<outDir>/reports/YYYY-MM-DD` in the report time zone. */
export const bundleDirOf = (outDir: string, now: Date, timeZone: string) =>
  join(outDir, 'reports', reportDate(now, timeZone));

/**
 * Step 7, the evidence bundle: artifacts first (so the index lists each zip's SHA-256), then the
 * record files, reports and index. It is written whatever the earlier steps managed, with their
 * gaps named in AUDIT_SUMMARY.md; the audit records come from the store (the job's own on a
 * store-less runner).
 */
export async function bundleStep(
  ctx: StepContext,
  input: BundleStepInput,
): Promise<{ bundle: BundleResult; gaps: readonly Gap[] }> {
  const now = ctx.now();
  const date = reportDate(now, input.timeZone);
  const dir = bundleDirOf(input.outDir, now, input.timeZone);
  const gaps: Gap[] = [...input.gaps];
  if ((input.artifacts ?? 'none') !== 'none') {
    try {
      await collectArtifacts(ctx.client, ctx.repo, {
        dir,
        runs: input.runs,
        mode: input.artifacts ?? 'none',
        ...(input.artifactCaps !== undefined && { caps: input.artifactCaps }),
        log: ctx.log,
      });
    } catch (error) {
      gaps.push({ step: 'artifacts', reason: `not collected: ${toError(error).message}` });
    }
  }
  let audit: Awaited<ReturnType<StepContext['store']['listAudit']>> = [];
  try {
    audit = await ctx.store.listAudit({ since: input.window.from });
  } catch (error) {
    gaps.push({ step: 'store', reason: `audit trail unreadable: ${toError(error).message}` });
  }
  const bundle = await writeBundle({
    dir,
    date,
    repo: ctx.repoName,
    timeZone: input.timeZone,
    now,
    window: { from: input.window.from.toISOString(), to: input.window.to.toISOString() },
    runs: input.attempts.map(({ repo: _repo, workflowId: _workflowId, ...entry }) => entry),
    retries: input.decisions
      .filter((d) => d.handled)
      .map(({ repo: _r, readLogs: _l, logs: _g, handled: _h, ...entry }) => entry),
    audit,
    anomalies: input.anomalies,
    kpi: input.kpi,
    logs: input.decisions.flatMap((d) => d.logs),
    sanitize: ctx.sanitize,
    gaps,
    left: input.left,
  });
  return { bundle, gaps };
}
