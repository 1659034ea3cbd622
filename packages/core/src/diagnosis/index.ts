export type { CauseRule, NameLists, RerunMode, RetryFamily, RetryPolicy } from './retry-policy-types.js';
export { BUILTIN_RETRY_PROFILES, DEFAULT_RETRY_PROFILE, retryProfileOf, type RetryProfile } from './retry-profile.js';
export {
  compileRetryPolicy,
  compilePattern,
  InvalidPatternError,
  isInvalidPatternError,
  type CompiledCause,
  type CompiledRetryPolicy,
} from './compile-policy.js';
export { classifyText, UNKNOWN_CAUSE, type TextClassification } from './classify-text.js';
export {
  diagnoseJobs,
  JOB_TIMEOUT_CAUSE,
  CANCELLED_CAUSE,
  type DiagnosisJob,
  type JobsDiagnosis,
} from './diagnose-jobs.js';
