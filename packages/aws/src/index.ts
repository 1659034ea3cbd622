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
export { callerIdentity, type CallerIdentity } from './ops/identity.js';
export {
  getFunction,
  functionsByTag,
  getReservedConcurrency,
  putReservedConcurrency,
  deleteReservedConcurrency,
  type FunctionRef,
} from './ops/lambda.js';
export {
  describeInstances,
  stopInstances,
  startInstances,
  type InstanceView,
  type InstanceSelector,
} from './ops/ec2.js';
export { sendStopServiceCommand, commandInvocation, SERVICE_NAME, type InvocationStatus } from './ops/ssm.js';
export {
  distributionState,
  setDistributionEnabled,
  type DistributionState,
  type SetEnabledOutcome,
} from './ops/cloudfront.js';
export { publish } from './ops/sns.js';
export { budgetStatus, type BudgetStatus } from './ops/budgets.js';
export { parseBudgetMessage, type BudgetAlertPayload } from './forwarder/budget-message.js';
export { forwardBudgetAlerts, type ForwarderDeps, type ForwardResult, type SnsEvent } from './forwarder/handler.js';
