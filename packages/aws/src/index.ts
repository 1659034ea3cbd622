/**
 * AWS adapters on SDK v3: the clients OpsGuard's cost protection calls (shutdown, recovery,
 * IAM guardrails). Mutating calls go through the guard at the engine; this package only speaks AWS.
 */
export {
  createAwsClients,
  clientConfig,
  MissingRegionError,
  isMissingRegionError,
  type AwsClients,
  type AwsConnection,
  type AwsStaticCredentials,
} from './clients.js';
export { normaliseAwsError, type AwsErrorInfo, type AwsErrorKind } from './errors.js';
export { sleepingRetryStrategy, type SleepingRetryOptions } from './retry-strategy.js';
export {
  iamGuardrailApi,
  type AttachedPolicy,
  type CreatedPolicy,
  type IamGuardrailApi,
  type NewPolicy,
  type PolicyEntity,
  type PolicyInfo,
} from './iam-guardrails.js';
