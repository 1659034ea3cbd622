// @opsguard/sample: the recorded GitHub data the demo replays, its generator, and the replay
// server that answers the REST API from it.
export type * from './types.js';
export { loadSample, defaultSampleDir } from './load-sample.js';
export {
  generateSample,
  writeSampleFiles,
  SAMPLE_DEFAULTS,
  type GenerateSampleOptions,
  type SampleFiles,
} from './generate/generate-sample.js';
export { shiftSample } from './generate/shift-sample.js';
export {
  startReplayServer,
  type ReplayServer,
  type ReplayServerOptions,
  type ReplayRequest,
  type ReplayFault,
} from './replay/server.js';
export { ReplayGit, type GitSeed, type SeedCommit } from './replay/git-store.js';
export { ReplaySecrets, type SecretSeed } from './replay/secret-store.js';
export { movedSample } from './moved-sample.js';
export {
  startAwsStandin,
  credentialScope,
  type AwsStandin,
  type AwsStandinOptions,
  type AwsStandinRequest,
} from './aws/server.js';
export type { StandinRequest, StandinResponse, StandinService } from './aws/service.js';
export { StandinFaults, type StandinFault } from './aws/faults.js';
export { stsStandin, type StsStandinOptions } from './aws/sts.js';
export { IamStandin, type IamCall, type IamFault, type IamStandinOptions } from './aws/iam.js';
export { IamState, IamError, IAM_ERRORS, type IamErrorCode, type IamPrincipalKind } from './aws/iam-state.js';
export { startStandinAccount, type StandinAccount, type StandinAccountSpec } from './aws/account.js';
export { lambdaStandin, type LambdaStandin, type StandinFunction } from './aws/lambda.js';
export { ec2Standin, type Ec2Standin, type StandinInstance, type StandinInstanceState } from './aws/ec2.js';
export { ssmStandin, type SsmStandin, type SentCommand } from './aws/ssm.js';
export { cloudFrontStandin, type CloudFrontStandin, type StandinDistribution } from './aws/cloudfront.js';
export { snsStandin, type SnsStandin, type PublishedMessage } from './aws/sns.js';
export { budgetsStandin, type BudgetsStandin, type StandinBudget } from './aws/budgets.js';
