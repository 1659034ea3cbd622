export { writeFileAtomic } from './atomic-file.js';
export { withFileLock, LockTimeoutError, DEFAULT_LOCK_OPTIONS, type LockOptions } from './file-lock.js';
export { mergeRecordFile, CorruptRecordFileError, type RecordFile, type MergeResult } from './record-file.js';
export { writeEvidenceIndex, listBundleFiles, sha256File, INDEX_FILE, type IndexedFile } from './evidence-index.js';
export { runKey, type AuditEntry, type RetryManifestEntry, type RunSummaryEntry } from './entries.js';
export { renderAuditSummary, type AuditSummaryInput } from './audit-summary.js';
export { renderOpsHealthKpi, type KpiTargets } from './ops-health-kpi.js';
export { sanitizeDeep } from '@opsguard/core';
export { writeBundle, BUNDLE_FILES, type BundleInput, type BundleResult } from './write-bundle.js';
