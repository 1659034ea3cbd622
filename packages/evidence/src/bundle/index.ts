export { writeFileAtomic } from './atomic-file.js';
export { withFileLock, LockTimeoutError, DEFAULT_LOCK_OPTIONS, type LockOptions } from './file-lock.js';
export { mergeRecordFile, CorruptRecordFileError, type RecordFile, type MergeResult } from './record-file.js';
export {
  writeEvidenceIndex,
  refreshEvidenceIndex,
  parseEvidenceIndex,
  listBundleFiles,
  listBundlePaths,
  sha256File,
  isTransientFile,
  INDEX_FILE,
  type IndexedFile,
  type IndexedRun,
  type IndexOptions,
  type ParsedIndex,
} from './evidence-index.js';
export { withBundleLock, BUNDLE_LOCK_NAME } from './bundle-lock.js';
export { runKey, type AuditEntry, type RetryManifestEntry, type RunSummaryEntry } from './entries.js';
export {
  renderAuditSummary,
  auditSummaryData,
  AUDIT_SUMMARY_JSON,
  type AuditSummaryInput,
  type AuditSummaryData,
} from './audit-summary.js';
export { runFigures, lastAttempts, type RunFigures } from './audit-figures.js';
export { renderOpsHealthKpi, type KpiTargets } from './ops-health-kpi.js';
export { sanitizeDeep } from '@opsguard/core';
export {
  writeBundle,
  BUNDLE_FILES,
  type BundleInput,
  type BundleResult,
  type ExtraDocument,
  type TicketSource,
} from './write-bundle.js';
export { mergeRetryManifest } from './merge-into-bundle.js';
