// One stand-in AWS account: every service OpsGuard calls, sharing one fault plan, on one
// server, plus an application health page (`GET /health`, unsigned) for recovery's check.
import { budgetsStandin, type BudgetsStandin, type StandinBudget } from './budgets.js';
import { cloudFrontStandin, type CloudFrontStandin, type StandinDistribution } from './cloudfront.js';
import { ec2Standin, type Ec2Standin, type StandinInstance } from './ec2.js';
import { StandinFaults } from './faults.js';
import { lambdaStandin, type LambdaStandin, type StandinFunction } from './lambda.js';
import { startAwsStandin, type AwsStandin } from './server.js';
import type { StandinService } from './service.js';
import { snsStandin, type SnsStandin } from './sns.js';
import { ssmStandin, type SsmStandin } from './ssm.js';
import { stsStandin } from './sts.js';
import { JSON_HEADERS } from './wire.js';

export interface StandinAccountSpec {
  readonly account: string;
  readonly region: string;
  readonly functions?: readonly StandinFunction[];
  readonly instances?: readonly StandinInstance[];
  readonly distributions?: readonly StandinDistribution[];
  readonly topics?: readonly string[];
  readonly budgets?: readonly StandinBudget[];
  /** Instances whose SSM command fails. */
  readonly failingCommandInstances?: readonly string[];
  /** More services on the same server (the IAM stand-in of the guardrails). */
  readonly extraServices?: readonly StandinService[];
}

export interface StandinAccount {
  readonly url: string;
  /** The application's health page on the stand-in (`<url>/health`). */
  readonly healthUrl: string;
  readonly server: AwsStandin;
  readonly faults: StandinFaults;
  readonly lambda: LambdaStandin;
  readonly ec2: Ec2Standin;
  readonly ssm: SsmStandin;
  readonly cloudfront: CloudFrontStandin;
  readonly sns: SnsStandin;
  readonly budgets: BudgetsStandin;
  /** The status `/health` answers (default 200). */
  setHealth(status: number): void;
  close(): Promise<void>;
}

export async function startStandinAccount(spec: StandinAccountSpec): Promise<StandinAccount> {
  const faults = new StandinFaults();
  const lambda = lambdaStandin({ account: spec.account, region: spec.region, functions: spec.functions ?? [], faults });
  const ec2 = ec2Standin({ instances: spec.instances ?? [], faults });
  const ssm = ssmStandin({ faults, failingInstances: spec.failingCommandInstances ?? [] });
  const cloudfront = cloudFrontStandin({ account: spec.account, distributions: spec.distributions ?? [], faults });
  const sns = snsStandin({ topics: spec.topics ?? [], faults });
  const budgets = budgetsStandin({ account: spec.account, budgets: spec.budgets ?? [], faults });
  let health = 200;
  const server = await startAwsStandin({
    services: [
      stsStandin({ account: spec.account, faults }),
      lambda,
      ec2,
      ssm,
      cloudfront,
      sns,
      budgets,
      ...(spec.extraServices ?? []),
    ],
    unsigned: (request) =>
      request.path === '/health'
        ? { status: health, headers: JSON_HEADERS, body: JSON.stringify({ ok: health < 400 }) }
        : { status: 404, headers: JSON_HEADERS, body: '{}' },
  });
  return {
    url: server.url,
    healthUrl: `${server.url}/health`,
    server,
    faults,
    lambda,
    ec2,
    ssm,
    cloudfront,
    sns,
    budgets,
    setHealth(status) {
      health = status;
    },
    close: () => server.close(),
  };
}
