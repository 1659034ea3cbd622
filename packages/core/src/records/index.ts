export type { RunRecord, JobRecord } from './run-records.js';
export { FAILED_CONCLUSIONS, isFailure, isFailedRun, isFinished } from './conclusions.js';
export * from './rollback-record.js';
