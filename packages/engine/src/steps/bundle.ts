import type { SafetyAlarm } from '@opsguard/core';
import { safetyPanelOf } from './safety-panel.js';
import {
  reportDate,
  toError,
  type Anomaly,
  type DailyPoint,
  type KpiReport,
  type RollbackHistoryEntry,
  type RunRecord,
  type SweepLeft,
} from '@opsguard/core';
import { loadRollbackRules } from '@opsguard/config';
import {
  rollbackProtocolDocument,
  writeBundle,
  type BundleResult,
  type ExtraDocument,
  type KpiTargets,
  type ScreenshotOptions,
  type TicketSource,
} from '@opsguard/evidence';
import type { WorkflowRun } from '@opsguard/github';
import { rollbackHistoryOf } from '@opsguard/store';
import { join } from 'node:path';
import {
  collectArtifacts,
  type ArtifactCaps,
  type ArtifactsCollected,
  type ArtifactsSetting,
} from '../collect-artifacts.js';
import type { RetryOutcome } from '../retry-engine.js';
import type { Gap, StepContext } from './step-context.js';

/** The folder of today's bundle: `<outDir>/reports/YYYY-MM-DD` in the report time zone. */
export const bundleDirOf = (outDir: string, now: Date, timeZone: string) =>
  join(outDir, 'reports', reportDate(now, timeZone));

/**
 * Step 7a, artifacts: the runs' artifacts into the bundle's `artifacts/<run_id>/`, before the
 * bundle is indexed (so the index lists each zip's SHA-256) and the tickets cite them.
 */
export async function artifactsStep(
  ctx: StepContext,
  input: {
    readonly outDir: string;
    readonly timeZone: string;
    readonly runs: readonly WorkflowRun[];
    readonly mode: ArtifactsSetting;
    readonly caps?: ArtifactCaps | undefined;
  },
): Promise<{ artifacts: ArtifactsCollected | null; gaps: readonly Gap[] }> {
  if (input.mode === 'none') return { artifacts: null, gaps: [] };
  try {
    const artifacts = await collectArtifacts(ctx.client, ctx.repo, {
      dir: bundleDirOf(input.outDir, ctx.now(), input.timeZone),
      runs: input.runs,
      mode: input.mode,
      ...(input.caps !== undefined && { caps: input.caps }),
      log: ctx.log,
    });
    return { artifacts, gaps: [] };
  } catch (error) {
    return { artifacts: null, gaps: [{ step: 'artifacts', reason: `not collected: ${toError(error).message}` }] };
  }
}

export interface BundleStepInput {
  readonly outDir: string;
  readonly timeZone: string;
  readonly window: { readonly from: Date; readonly to: Date };
  readonly attempts: readonly RunRecord[];
  readonly decisions: readonly RetryOutcome[];
  readonly left: readonly SweepLeft[];
  readonly anomalies: readonly Anomaly[];
  readonly kpi: {
    readonly report: KpiReport;
    readonly daily: readonly DailyPoint[];
    readonly targets: KpiTargets;
  } | null;
  /** The sanitised log tails read this run, one per job. */
  readonly logs: readonly { readonly jobId: number; readonly text: string }[];
  readonly gaps: readonly Gap[];
  readonly artifacts: ArtifactsCollected | null;
  readonly tickets?: TicketSource | undefined;
  readonly documents?: readonly ExtraDocument[] | undefined;
  readonly screenshot?: ScreenshotOptions | null | undefined;
  /** The alarms of this run, for the dashboard's safety controls panel. */
  readonly alarms?: readonly SafetyAlarm[] | undefined;
}

/**
 * Step 7b, the evidence bundle: record files, tickets, reports and index. It is written whatever
 * the earlier steps managed, with their gaps named in AUDIT_SUMMARY.md; the audit records come
 * from the store (the job's own on a store-less runner).
 */
export async function bundleStep(
  ctx: StepContext,
  input: BundleStepInput,
): Promise<{ bundle: BundleResult; gaps: readonly Gap[] }> {
  const now = ctx.now();
  const date = reportDate(now, input.timeZone);
  const gaps: Gap[] = [...input.gaps];
  let audit: Awaited<ReturnType<StepContext['store']['listAudit']>> = [];
  try {
    audit = await ctx.store.listAudit({ since: input.window.from });
  } catch (error) {
    gaps.push({ step: 'store', reason: `audit trail unreadable: ${toError(error).message}` });
  }
  const documents = [...(input.documents ?? []), await rollbackProtocol(ctx, input.window, gaps)];
  const safety = await safetyPanelOf(ctx, audit, input.window.from, input.alarms ?? []);
  const bundle = await writeBundle({
    dir: bundleDirOf(input.outDir, now, input.timeZone),
    date,
    repo: ctx.repoName,
    timeZone: input.timeZone,
    now,
    window: { from: input.window.from.toISOString(), to: input.window.to.toISOString() },
    runs: input.attempts.map(({ repo: _repo, workflowId: _workflowId, ...entry }) => entry),
    retries: input.decisions
      .filter((d) => d.handled)
      .map(({ repo: _r, readLogs: _l, logs: _g, handled: _h, failedJobs: _f, ...entry }) => entry),
    audit,
    anomalies: input.anomalies,
    safety,
    kpi: input.kpi,
    logs: input.logs,
    ...(input.tickets !== undefined && { tickets: input.tickets }),
    documents,
    ...(input.artifacts !== null && { alsoWritten: input.artifacts.downloaded.map((a) => a.path) }),
    screenshot: input.screenshot ?? null,
    sanitize: ctx.sanitize,
    gaps,
    left: input.left,
  });
  if (bundle.screenshot) {
    ctx.log(
      bundle.screenshot.kind === 'written'
        ? `screenshot: ${bundle.screenshot.path}`
        : `screenshot: skipped (${bundle.screenshot.reason})`,
    );
  }
  return { bundle, gaps };
}

/** ROLLBACK_PROTOCOL.md from the rules in force and the period's rollback history. */
async function rollbackProtocol(
  ctx: StepContext,
  window: { readonly from: Date; readonly to: Date },
  gaps: Gap[],
): Promise<ExtraDocument> {
  let history: RollbackHistoryEntry[] = [];
  try {
    history = await rollbackHistoryOf(ctx.store).list({ repo: ctx.repoName, since: window.from });
  } catch (error) {
    gaps.push({ step: 'store', reason: `rollback history unreadable: ${toError(error).message}` });
  }
  return rollbackProtocolDocument({
    repo: ctx.repoName,
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    rules: ctx.rollbackRules ?? (await loadRollbackRules()),
    history,
  });
}
