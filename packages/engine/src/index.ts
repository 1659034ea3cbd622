export { collectRuns, type Collected, type CollectOptions } from './collect-runs.js';
export { runRecordOf, jobRecordOf, earlierAttempts, conclusionOf, queueMsOf } from './run-records.js';
export { diagnoseRun, type Diagnose, type DiagnoseOptions, type FailedJobEvidence, type RunDiagnosis, type RunVerdict } from './diagnose-run.js';
export { handleFailedRun, type RetryEngineDeps, type RetryOutcome } from './retry-engine.js';
