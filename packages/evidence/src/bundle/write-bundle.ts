import type { AuditTicket, DailyPoint, KpiReport } from '@opsguard/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderDashboard, type DashboardAnomaly, type DashboardSafety } from '../dashboard/render-dashboard.js';
import type { GeneratedDocument } from '../docs/doc-builder.js';
import { writeGeneratedDocuments } from '../docs/generated-documents.js';
import {
  screenshotDashboard,
  type ScreenshotOptions,
  type ScreenshotResult,
} from '../screenshot/screenshot-dashboard.js';
import { readBundleTickets, writeTicketFiles } from '../tickets/ticket-files.js';
import { writeFileAtomic } from './atomic-file.js';
import { AUDIT_SUMMARY_JSON, renderAuditSummary } from './audit-summary.js';
import { withBundleLock } from './bundle-lock.js';
import { runKey, type AuditEntry, type RetryManifestEntry, type RunSummaryEntry } from './entries.js';
import { writeEvidenceIndex, type IndexedFile } from './evidence-index.js';
import { renderOpsHealthKpi, type KpiTargets } from './ops-health-kpi.js';
import { mergeRecordFile, type RecordFile } from './record-file.js';
import { sanitizeDeep } from '@opsguard/core';

export const BUNDLE_FILES = {
  runs: 'RUNS_SUMMARY.json',
  retries: 'AUTO_RETRY_MANIFEST.json',
  audit: 'AUDIT_SUMMARY.md',
  auditJson: AUDIT_SUMMARY_JSON,
  /** The guard's records of the day, merged by id: the store-less trail lives here. */
  auditTrail: 'AUDIT_TRAIL.json',
  kpiJson: 'KPI.json',
  kpiMarkdown: 'OPS_HEALTH_KPI.md',
  dashboard: 'dashboard.html',
  screenshot: 'screenshots/dashboard.png',
} as const;

/**
 * A generated document another capability adds to the bundle (ROLLBACK_PROTOCOL.md from the
 * rollback engine): its source JSON is written at `document.source`, then the document, and both
 * are registered so `verify` checks every number the document states against that JSON.
 */
export interface ExtraDocument {
  readonly document: GeneratedDocument;
  /** The JSON written at `document.source` (sanitised). */
  readonly source: unknown;
}

/**
 * Builds the day's tickets under the bundle lock, given the tickets already in today's folder
 * (by fingerprint): a concurrent writer's ticket is always seen before it is replaced.
 */
export type TicketSource = (todays: ReadonlyMap<string, AuditTicket>) => Promise<readonly AuditTicket[]>;

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
  /** The dashboard's safety controls panel. */
  readonly safety?: DashboardSafety;
  readonly kpi: {
    readonly report: KpiReport;
    readonly daily: readonly DailyPoint[];
    readonly targets: KpiTargets;
  } | null;
  /** Failed jobs' logs (the writer sanitises them again: nothing unsanitised touches disk). */
  readonly logs: readonly { readonly jobId: number; readonly text: string }[];
  readonly tickets?: TicketSource;
  readonly documents?: readonly ExtraDocument[];
  /** Files a step wrote into the folder before (run artifacts): hashed again for the index. */
  readonly alsoWritten?: readonly string[];
  /** `screenshots/dashboard.png` (when a dashboard is written); null → not attempted. */
  readonly screenshot?: ScreenshotOptions | null;
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
  /** The tickets this writer built (the folder may hold more from other writers). */
  readonly tickets: readonly AuditTicket[];
  readonly screenshot: ScreenshotResult | null;
}

async function readEntries<T>(path: string): Promise<T[]> {
  const file = JSON.parse(await readFile(path, 'utf8')) as RecordFile<T>;
  return [...file.entries];
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes (or merges into) one day's evidence bundle, holding the bundle lock throughout: record
 * files merged by run id + attempt, tickets, sanitised logs, reports regenerated from the merged
 * records (each registered with the numbers it states), the dashboard and its screenshot, then
 * the index with SHA-256s. Every write is atomic; concurrent writers serialise on the lock and
 * never lose or duplicate an entry.
 */
export function writeBundle(input: BundleInput): Promise<BundleResult> {
  return withBundleLock(input.dir, () => writeLocked(input));
}

async function writeLocked(input: BundleInput): Promise<BundleResult> {
  const clean = <T>(value: T) => sanitizeDeep(value, input.sanitize);
  const written: string[] = [...(input.alsoWritten ?? [])];
  const runsPath = join(input.dir, BUNDLE_FILES.runs);
  const retriesPath = join(input.dir, BUNDLE_FILES.retries);
  await mergeRecordFile(runsPath, clean(input.runs), runKey, input.now);
  await mergeRecordFile(retriesPath, clean(input.retries), runKey, input.now);
  await mergeRecordFile(join(input.dir, BUNDLE_FILES.auditTrail), clean(input.audit), (a) => a.id, input.now);
  written.push(BUNDLE_FILES.runs, BUNDLE_FILES.retries, BUNDLE_FILES.auditTrail);
  const runs = await readEntries<RunSummaryEntry>(runsPath);
  const retries = await readEntries<RetryManifestEntry>(retriesPath);

  const documents: GeneratedDocument[] = [];
  // The screenshot runs while the rest is written: Chromium's start-up is the slowest step.
  let shooting: Promise<ScreenshotResult> | null = null;
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
    await writeFileAtomic(join(input.dir, BUNDLE_FILES.kpiJson), json(clean(kpiJson)));
    written.push(BUNDLE_FILES.kpiJson);
    documents.push(renderOpsHealthKpi(input.repo, input.kpi.report, input.kpi.targets));
    const html = renderDashboard({
      title: input.repo,
      generatedAt: input.now,
      timeZone: input.timeZone,
      report: input.kpi.report,
      daily: input.kpi.daily,
      anomalies: input.anomalies,
      ...(input.safety ? { safety: input.safety } : {}),
    });
    const htmlPath = join(input.dir, BUNDLE_FILES.dashboard);
    await writeFileAtomic(htmlPath, input.sanitize(html));
    written.push(BUNDLE_FILES.dashboard);
    if (input.screenshot !== undefined && input.screenshot !== null) {
      shooting = screenshotDashboard(htmlPath, join(input.dir, BUNDLE_FILES.screenshot), input.screenshot).catch(
        (error: unknown): ScreenshotResult => ({ kind: 'skipped', reason: String(error) }),
      );
    }
  }
  const tickets = input.tickets ? await input.tickets(await readBundleTickets(input.dir)) : [];
  written.push(...(await writeTicketFiles(input.dir, tickets, input.sanitize, input.now)));

  for (const log of input.logs) {
    const path = `logs/job-${log.jobId}.log`;
    await writeFileAtomic(join(input.dir, path), input.sanitize(log.text));
    written.push(path);
  }
  for (const extra of input.documents ?? []) {
    await writeFileAtomic(join(input.dir, extra.document.source), json(clean(extra.source)));
    written.push(extra.document.source);
    documents.push(extra.document);
  }
  const screenshot = shooting ? await shooting : null;
  if (screenshot?.kind === 'written') written.push(BUNDLE_FILES.screenshot);
  const summary = renderAuditSummary({
    repo: input.repo,
    date: input.date,
    timeZone: input.timeZone,
    window: input.window,
    runs,
    retries,
    audit: input.audit,
    anomalies: input.anomalies,
    tickets: [...(await readBundleTickets(input.dir)).values()],
    screenshot,
    generatedAt: input.now.toISOString(),
    gaps: input.gaps ?? [],
    left: input.left ?? [],
  });
  await writeFileAtomic(join(input.dir, AUDIT_SUMMARY_JSON), json(clean(summary.data)));
  written.push(AUDIT_SUMMARY_JSON);
  documents.push(summary.document);
  written.push(...(await writeGeneratedDocuments(input.dir, documents, input.sanitize, input.now)));
  const index = await writeEvidenceIndex(input.dir, `${input.repo} — ${input.date}`, input.now, { written });
  return {
    dir: input.dir,
    files: index.files,
    indexSha256: index.sha256,
    runs: runs.length,
    retries: retries.length,
    tickets,
    screenshot,
  };
}
