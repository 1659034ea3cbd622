// Builds every SDK client OpsGuard's cost protection calls with one set of connection settings:
// a region, optionally an endpoint (the local stand-in) and static credentials (the stand-in's
// dummies). Without credentials the SDK's default chain is used (OIDC in workflows). SDK modules
// are loaded lazily: a bundle that never touches AWS does not pay for them at start-up.
import type { BudgetsClient } from '@aws-sdk/client-budgets';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import { namedExports } from './load-sdk.js';
import { sleepingRetryStrategy, type SleepingRetryOptions } from './retry-strategy.js';

export interface AwsStaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AwsConnection {
  /** e.g. `ap-northeast-1`. Required: a missing region is a configuration error, never a guess. */
  readonly region: string;
  /** Endpoint override for every client (the stand-in's URL); unset for real AWS. */
  readonly endpoint?: string;
  /** Static credentials (the stand-in's dummies); unset = the SDK's default provider chain. */
  readonly credentials?: AwsStaticCredentials;
  /** Attempts per call, the first included (SDK default 3). */
  readonly maxAttempts?: number;
  /** When given, retries wait through this sleep (tests) instead of the SDK's timers. */
  readonly sleep?: SleepingRetryOptions['sleep'];
}

export interface AwsClients {
  readonly region: string;
  readonly lambda: LambdaClient;
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly cloudfront: CloudFrontClient;
  readonly sns: SNSClient;
  readonly budgets: BudgetsClient;
  readonly sts: STSClient;
  readonly iam: IAMClient;
  destroy(): void;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export class MissingRegionError extends Error {
  override readonly name = 'MissingRegionError';
}

export function isMissingRegionError(error: unknown): error is MissingRegionError {
  return error instanceof Error && error.name === 'MissingRegionError';
}

/** The settings every client constructor takes. */
export function clientConfig(connection: AwsConnection): Record<string, unknown> {
  if (!REGION.test(connection.region))
    throw new MissingRegionError(
      connection.region === ''
        ? 'AWS region is missing: set the region input (or AWS_REGION), e.g. ap-northeast-1'
        : `AWS region "${connection.region}" is not a region name like ap-northeast-1`,
    );
  const maxAttempts = connection.maxAttempts ?? 3;
  return {
    region: connection.region,
    ...(connection.endpoint === undefined ? {} : { endpoint: connection.endpoint }),
    ...(connection.credentials === undefined ? {} : { credentials: { ...connection.credentials } }),
    maxAttempts,
    ...(connection.sleep === undefined
      ? {}
      : { retryStrategy: sleepingRetryStrategy({ maxAttempts, sleep: connection.sleep, delayMs: () => 0 }) }),
  };
}

/** Every client, built with the same connection. CloudFront and IAM are global (signed for us-east-1). */
export async function createAwsClients(connection: AwsConnection): Promise<AwsClients> {
  const config = clientConfig(connection);
  const global = { ...config, region: 'us-east-1' };
  const [lambda, ec2, ssm, cloudfront, sns, budgets, sts, iam] = await Promise.all([
    import('@aws-sdk/client-lambda').then(namedExports),
    import('@aws-sdk/client-ec2').then(namedExports),
    import('@aws-sdk/client-ssm').then(namedExports),
    import('@aws-sdk/client-cloudfront').then(namedExports),
    import('@aws-sdk/client-sns').then(namedExports),
    import('@aws-sdk/client-budgets').then(namedExports),
    import('@aws-sdk/client-sts').then(namedExports),
    import('@aws-sdk/client-iam').then(namedExports),
  ]);
  const clients = {
    region: connection.region,
    lambda: new lambda.LambdaClient(config),
    ec2: new ec2.EC2Client(config),
    ssm: new ssm.SSMClient(config),
    cloudfront: new cloudfront.CloudFrontClient(global),
    sns: new sns.SNSClient(config),
    budgets: new budgets.BudgetsClient(global),
    sts: new sts.STSClient(config),
    iam: new iam.IAMClient(global),
  };
  return {
    ...clients,
    destroy() {
      for (const client of [
        clients.lambda,
        clients.ec2,
        clients.ssm,
        clients.cloudfront,
        clients.sns,
        clients.budgets,
        clients.sts,
        clients.iam,
      ])
        client.destroy();
    },
  };
}
