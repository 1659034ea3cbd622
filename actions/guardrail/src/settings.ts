import { readFileSync } from 'node:fs';
import {
  awsConnectionInputs,
  booleanInput,
  checkWritableDir,
  choiceInput,
  optionalInput,
  requiredInput,
  runContext,
  runnerEnv,
  secretInput,
  storeInputs,
  timeBudgetInput,
  type AwsConnectionInputs,
} from '@opsguard/action-kit';
import { assertTimeZone, ConfigurationError, type StoreSelection } from '@opsguard/core';

export type GuardrailCommand = 'plan' | 'apply';

export interface GuardrailSettings {
  readonly command: GuardrailCommand;
  /** plan: the alert as parsed JSON (checked field by field by the engine). */
  readonly alert: unknown;
  readonly policies: string | undefined;
  /** apply: the plan file's JSON and its path. */
  readonly plan: { readonly path: string; readonly value: unknown } | null;
  readonly planHash: string | undefined;
  readonly execute: boolean;
  readonly oidcRoleArn: string | null;
  readonly aws: AwsConnectionInputs;
  readonly outDir: string;
  readonly timeZone: string;
  readonly slackWebhook: string | undefined;
  readonly killVariable: { readonly value: string; readonly from: 'input' | 'environment' } | null;
  readonly timeBudgetMs: number;
  readonly store: StoreSelection;
  readonly actor: string;
  readonly owner: string;
}

function jsonInput(name: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigurationError(`input "${name}" must be JSON`);
  }
}

function planInput(): GuardrailSettings['plan'] {
  const path = optionalInput('plan-file');
  if (path === undefined) throw new ConfigurationError('input "plan-file" is required to apply');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigurationError(`input "plan-file": ${path} cannot be read (download the plan artifact first)`);
  }
  return { path, value: jsonInput('plan-file', text) };
}

/** Every input read once, validated, before AWS or the store is touched. */
export function readSettings(env: Readonly<Record<string, string | undefined>> = process.env): GuardrailSettings {
  // Secrets first: every secret input is masked before anything can fail and print.
  const slackWebhook = secretInput('slack-webhook', { required: false });
  const store = storeInputs();
  requiredInput('command');
  const command = choiceInput<GuardrailCommand>('command', ['plan', 'apply'], 'plan');
  const alertText = optionalInput('alert');
  if (command === 'plan' && alertText === undefined) throw new ConfigurationError('input "alert" is required to plan');
  const plan = command === 'apply' ? planInput() : null;
  const planHash = optionalInput('plan-hash');
  if (command === 'apply' && (planHash === undefined || !/^[0-9a-f]{64}$/.test(planHash))) {
    throw new ConfigurationError('input "plan-hash" must be the reviewed plan\'s SHA-256 (64 hex digits) to apply');
  }
  const variable = optionalInput('kill-variable') ?? runnerEnv()['OPSGUARD_KILL'];
  const run = env['GITHUB_RUN_ID'] ?? `local-${process.pid}`;
  return {
    command,
    alert: alertText === undefined ? null : jsonInput('alert', alertText),
    policies: optionalInput('policies'),
    plan,
    planHash,
    execute: booleanInput('execute', false),
    oidcRoleArn: optionalInput('oidc-role-arn') ?? null,
    aws: awsConnectionInputs(env),
    outDir: checkWritableDir(optionalInput('out-dir') ?? 'docs', 'input "out-dir"'),
    timeZone: assertTimeZone(optionalInput('time-zone') ?? 'Asia/Tokyo'),
    slackWebhook,
    killVariable:
      variable === undefined || variable.trim() === ''
        ? null
        : { value: variable, from: optionalInput('kill-variable') !== undefined ? 'input' : 'environment' },
    timeBudgetMs: timeBudgetInput(10),
    store,
    actor: runContext(env).actor,
    owner: `github-run:${run}:${env['GITHUB_RUN_ATTEMPT'] ?? '1'}`,
  };
}
