import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DailyPoint, KpiReport } from '@opsguard/core';
import { renderDashboard, type DashboardAnomaly } from '../dashboard/render-dashboard.js';
import { writeFileAtomic } from './atomic-file.js';
import { renderAuditSummary } from './audit-summary.js';
import { runKey, type AuditEntry, type RetryManifestEntry, type RunSummaryEntry } from './entries.js';
import { writeEvidenceIndex, type IndexedFile } from './evidence-index.js';
import { renderOpsHealthKpi, type KpiTargets } from './ops-health-kpi.js';
import { mergeRecordFile, type RecordFile } from './record-file.js';
import { sanitizeDeep } from '@opsguard/core';

export const BUNDLE_FILES = {
  runs: 'RUNS_SUMMARY.json',
  retries: 'AUTO_RETRY_MANIFEST.json',
  audit: 'AUDIT_SUMMARY.md',
  /** The guard's records of the day, merged by id: the store-less trail lives here. */
  auditTrail: 'AUDIT_TRAIL.json',
  kpiJson: 'KPI.json',
  kpiMarkdown: 'OPS_HEALTH_KPI.md',
  dashboard: 'dashboard.html',
} as const;

export interface BundleInput {
  /** The bundle folder, `…/reports/YYYY-MM-DD` (date in the report time zone). */
  readonly dir: string;
  readonly date: string;
  readonly repo: string;
  readonly timeZone: string;
  readonly now: Date;
  readonly window: { readonly from: string; readonly to: string };
  readonly runs: readonly RunSummaryEntry[];
  readonly retries: readonly RetryManifestEntry[];
  readonly audit: readonly AuditEntry[];
  readonly anomalies: readonly DashboardAnomaly[];
  readonly kpi: {
    readonly report: KpiReport;
    readonly daily: readonly DailyPoint[];
    readonly targets: KpiTargets;
  } | null;
  /** Failed jobs' logs (the writer sanitises them again: nothing unsanitised touches disk). */
  readonly logs: readonly { readonly jobId: number; readonly text: string }[];
  /** Every string that reaches disk passes here first. */
  readonly sanitize: (text: string) => string;
  /** What could not be collected or done, one reason each: a partial bundle says so. */
  readonly gaps?: readonly CollectionGap[];
  /** Failures the re-run sweep left alone, with why. */
  readonly left?: readonly SweepLeftEntry[];
}

export interface CollectionGap {
  readonly step: string;
  readonly reason: string;
}

export interface SweepLeftEntry {
  readonly runId: number;
  readonly workflowName: string;
  readonly reason: string;
  readonly detail: string;
}

export interface BundleResult {
  readonly dir: string;
  readonly files: readonly IndexedFile[];
  readonly indexSha256: string;
  readonly runs: number;
  readonly retries: number;
}

async function readEntries<T>(path: string): Promise<T[]> {
  const file = JSON.parse(await readFile(path, 'utf8')) as RecordFile<T>;
  return [...file.entries];
}

/**
 * Writes (or merges into) one day's evidence bundle: record files merged by run id + attempt,
 * reports regenerated from the merged records, sanitised logs, then the index with SHA-256s.
 * Every write is atomic; a concurrent writer never loses or duplicates an entry.
 */
export async function writeBundle(input: BundleInput): Promise<BundleResult> {
  const clean = <T>(value: T) => sanitizeDeep(value, input.sanitize);
  const runsPath = join(input.dir, BUNDLE_FILES.runs);
  const retriesPath = join(input.dir, BUNDLE_FILES.retries);
  await mergeRecordFile(runsPath, clean(input.runs), runKey, input.now);
  await mergeRecordFile(retriesPath, clean(input.retries), runKey, input.now);
  await mergeRecordFile(join(input.dir, BUNDLE_FILES.auditTrail), clean(input.audit), (a) => a.id, input.now);
  const runs = await readEntries<RunSummaryEntry>(runsPath);
  const retries = await readEntries<RetryManifestEntry>(retriesPath);

  for (const log of input.logs) {
    await writeFileAtomic(join(input.dir, 'logs', `job-${log.jobId}.log`), input.sanitize(log.text));
  }
  const summary = renderAuditSummary({
    repo: input.repo,
    date: input.date,
    timeZone: input.timeZone,
    window: input.window,
    runs,
    retries,
    audit: input.audit,
    anomalies: input.anomalies,
    generatedAt: input.now.toISOString(),
    gaps: input.gaps ?? [],
    left: input.left ?? [],
  });
  await writeFileAtomic(join(input.dir, BUNDLE_FILES.audit), input.sanitize(summary));
  if (input.kpi) {
    const kpiJson = {
      schemaVersion: 1,
      repo: input.repo,
      timeZone: input.timeZone,
      ...input.kpi.report,
      daily: input.kpi.daily,
      anomalies: input.anomalies,
      targets: input.kpi.targets,
    };
    await writeFileAtomic(join(input.dir, BUNDLE_FILES.kpiJson), `${JSON.stringify(clean(kpiJson), null, 2)}\n`);
    await writeFileAtomic(
      join(input.dir, BUNDLE_FILES.kpiMarkdown),
      input.sanitize(renderOpsHealthKpi(input.repo, input.kpi.report, input.kpi.targets)),
    );
    const html = renderDashboard({
      title: input.repo,
      generatedAt: input.now,
      timeZone: input.timeZone,
      report: input.kpi.report,
      daily: input.kpi.daily,
      anomalies: input.anomalies,
    });
    await writeFileAtomic(join(input.dir, BUNDLE_FILES.dashboard), input.sanitize(html));
  }
  const index = await writeEvidenceIndex(input.dir, `${input.repo} — ${input.date}`, input.now);
  return { dir: input.dir, files: index.files, indexSha256: index.sha256, runs: runs.length, retries: retries.length };
}
