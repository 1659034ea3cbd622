// Public surface of @opsguard/github. Importing it loads no Octokit: createGitHubClient does.
export {
  createGitHubClient,
  DEFAULT_API_URL,
  serverUrlOf,
  type GitHubClient,
  type GitHubClientOptions,
} from './client.js';
export { MalformedResponseError, isMalformedResponseError } from './malformed-response.js';
export type { GitHubLogger, GitHubRequester, GitHubResponse, RequestCounts, RequestParams } from './client-types.js';
export {
  cannotBeRetried,
  classifyGitHubError,
  isAlreadyRunning,
  isMissingPermission,
  isRetryableKind,
  SECONDARY_RATE_LIMIT_FALLBACK_MS,
  type ClassifyOptions,
  type GitHubErrorClassification,
  type GitHubErrorKind,
} from './classify-error.js';
export { GitHubApiError, isGitHubApiError, toGitHubApiError } from './errors.js';
export { missingPermissionError, permissionAdvice, requiredPermission } from './permissions.js';
export { mayResendBlindly } from './idempotency.js';
export { formatRepo, parseRepo, type RepoRef } from './repo.js';
export { PER_PAGE } from './paginate.js';
export type * from './schemas.js';
export * from './runs.js';
export * from './jobs.js';
export {
  DEFAULT_LOG_MAX_BYTES,
  downloadJobLogs,
  type DownloadLogsOptions,
  type JobLogs,
  type LogsUnavailable,
} from './logs.js';
export * from './workflows.js';
export * from './variables.js';
export * from './secrets.js';
export * from './git-data.js';
export * from './dispatch.js';
export * from './issues.js';
export { repoApi, type RepoApi } from './repo-api.js';
export * from './artifacts.js';
export { retryVerdictOf, type GitHubRetryVerdict, type RetryVerdictOptions } from './retry-verdict.js';
