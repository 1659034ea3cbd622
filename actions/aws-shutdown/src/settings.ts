import {
  awsConnectionInputs,
  booleanInput,
  choiceInput,
  integerInput,
  optionalInput,
  runContext,
  runnerEnv,
  storeInputs,
  timeBudgetInput,
  type AwsConnectionInputs,
} from '@opsguard/action-kit';
import { ConfigurationError, parseShutdownTargets, type ShutdownTargets, type StoreSelection } from '@opsguard/core';

export interface AwsShutdownSettings {
  /** `plan` (the default: a dry run that changes nothing) or `apply`. */
  readonly mode: 'plan' | 'apply';
  readonly aws: AwsConnectionInputs;
  /** plan: the targets, validated. */
  readonly targets: ShutdownTargets | undefined;
  /** apply: the plan file plan wrote (its hash is checked before anything changes). */
  readonly planFile: string | undefined;
  readonly drainSeconds: number;
  readonly forceInstanceStore: boolean;
  readonly allowStale: boolean;
  readonly reason: string;
  readonly topicArn: string | undefined;
  readonly outDir: string;
  readonly killVariable: { readonly value: string; readonly from: 'input' | 'environment' } | null;
  readonly store: StoreSelection;
  readonly timeBudgetMs: number;
  readonly actor: string;
  /** plan: how the run was triggered — the forwarder's alert, the hourly backstop poll, or by hand. */
  readonly trigger: 'alert' | 'poll' | 'manual';
  /** alert: the repository_dispatch client_payload (JSON). */
  readonly budgetAlert: string | undefined;
  /** poll: the budgets DescribeBudget/DescribeNotificationsForBudget are read for. */
  readonly budgetNames: readonly string[];
  /** poll: the account the budgets belong to. */
  readonly accountId: string | undefined;
}

const TOPIC = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

function targetsInput(): ShutdownTargets {
  const text = optionalInput('targets');
  if (text === undefined)
    throw new ConfigurationError(
      'input "targets" is required in plan mode (JSON: functions, instances, distributions, ssmService)',
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigurationError(
      'input "targets" must be JSON, e.g. {"functions":{"tag":"cost-guard=stop"},"instances":{"tag":"cost-guard=stop"}}',
    );
  }
  return parseShutdownTargets(value);
}

/** Every input read once, validated, before AWS or the store is touched. */
export function readSettings(env: Readonly<Record<string, string | undefined>> = process.env): AwsShutdownSettings {
  // The store's secrets are read (and masked) first: before any other input can be refused.
  const store = storeInputs();
  const mode = choiceInput<'plan' | 'apply'>('mode', ['plan', 'apply'], 'plan');
  const aws = awsConnectionInputs(env);
  const targets = mode === 'plan' ? targetsInput() : undefined;
  const planFile = mode === 'apply' ? optionalInput('plan-file') : undefined;
  if (mode === 'apply' && planFile === undefined)
    throw new ConfigurationError('input "plan-file" is required in apply mode (the plan.json the plan step wrote)');
  const trigger = choiceInput<'alert' | 'poll' | 'manual'>('trigger', ['alert', 'poll', 'manual'], 'manual');
  const budgetAlert = optionalInput('budget-alert');
  if (trigger === 'alert' && budgetAlert === undefined)
    throw new ConfigurationError('input "budget-alert" is required when trigger is alert (the client_payload as JSON)');
  const budgetNames = (optionalInput('budget-names') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const accountId = optionalInput('account-id');
  if (trigger === 'poll' && (budgetNames.length === 0 || accountId === undefined || !/^\d{12}$/.test(accountId)))
    throw new ConfigurationError(
      'trigger poll needs inputs "budget-names" (comma-separated) and "account-id" (12 digits)',
    );
  const topicArn = optionalInput('topic-arn');
  if (topicArn !== undefined && !TOPIC.test(topicArn))
    throw new ConfigurationError(`input "topic-arn" is not an SNS topic ARN: "${topicArn}"`);
  const kill = optionalInput('kill-variable') ?? runnerEnv()['OPSGUARD_KILL'];
  return {
    mode,
    aws,
    targets,
    planFile,
    drainSeconds: integerInput('drain-seconds', { min: 0, max: 3600, fallback: 30 }),
    forceInstanceStore: booleanInput('force-instance-store', false),
    allowStale: booleanInput('allow-stale', false),
    reason: optionalInput('reason') ?? 'manual',
    topicArn,
    outDir: optionalInput('out-dir') ?? '.opsguard/aws',
    killVariable:
      kill !== undefined && kill.trim() !== ''
        ? { value: kill, from: optionalInput('kill-variable') ? 'input' : 'environment' }
        : null,
    store,
    timeBudgetMs: timeBudgetInput(30),
    actor: runContext(env).actor,
    trigger,
    budgetAlert,
    budgetNames,
    accountId,
  };
}
