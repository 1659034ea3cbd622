import {
  awsConnectionInputs,
  integerInput,
  optionalInput,
  runContext,
  runnerEnv,
  storeInputs,
  timeBudgetInput,
  type AwsConnectionInputs,
} from '@opsguard/action-kit';
import { ConfigurationError, type StoreSelection } from '@opsguard/core';

export interface AwsRecoverySettings {
  readonly aws: AwsConnectionInputs;
  /** A restore record file (the shutdown's artifact); default: the newest open one in out-dir. */
  readonly recordFile: string | undefined;
  readonly health:
    | { readonly url: string; readonly expectedStatus: number; readonly tries: number; readonly intervalMs: number }
    | undefined;
  readonly topicArn: string | undefined;
  readonly outDir: string;
  readonly killVariable: { readonly value: string; readonly from: 'input' | 'environment' } | null;
  readonly store: StoreSelection;
  readonly timeBudgetMs: number;
  readonly actor: string;
}

const TOPIC = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

function healthInput(): AwsRecoverySettings['health'] {
  const url = optionalInput('health-url');
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`input "health-url" must be a URL, not "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ConfigurationError(`input "health-url" must be http(s), not "${url}"`);
  return {
    url,
    expectedStatus: integerInput('health-status', { min: 100, max: 599, fallback: 200 }),
    tries: integerInput('health-tries', { min: 1, max: 100, fallback: 5 }),
    intervalMs: integerInput('health-interval-seconds', { min: 0, max: 600, fallback: 5 }) * 1000,
  };
}

/** Every input read once, validated, before AWS or the store is touched. */
export function readSettings(env: Readonly<Record<string, string | undefined>> = process.env): AwsRecoverySettings {
  // The store's secrets are read (and masked) first: before any other input can be refused.
  const store = storeInputs();
  const aws = awsConnectionInputs(env);
  const topicArn = optionalInput('topic-arn');
  if (topicArn !== undefined && !TOPIC.test(topicArn))
    throw new ConfigurationError(`input "topic-arn" is not an SNS topic ARN: "${topicArn}"`);
  const kill = optionalInput('kill-variable') ?? runnerEnv()['OPSGUARD_KILL'];
  return {
    aws,
    recordFile: optionalInput('record-file'),
    health: healthInput(),
    topicArn,
    outDir: optionalInput('out-dir') ?? '.opsguard/aws',
    killVariable:
      kill !== undefined && kill.trim() !== ''
        ? { value: kill, from: optionalInput('kill-variable') ? 'input' : 'environment' }
        : null,
    store,
    timeBudgetMs: timeBudgetInput(15),
    actor: runContext(env).actor,
  };
}
