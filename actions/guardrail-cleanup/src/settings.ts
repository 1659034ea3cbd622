import {
  awsConnectionInputs,
  optionalInput,
  runContext,
  runnerEnv,
  secretInput,
  storeInputs,
  timeBudgetInput,
  type AwsConnectionInputs,
} from '@opsguard/action-kit';
import type { StoreSelection } from '@opsguard/core';

export interface GuardrailCleanupSettings {
  readonly aws: AwsConnectionInputs;
  readonly slackWebhook: string | undefined;
  /** OPSGUARD_KILL from the input, else from the job environment; null when neither has it. */
  readonly killVariable: { readonly value: string; readonly from: 'input' | 'environment' } | null;
  readonly timeBudgetMs: number;
  readonly store: StoreSelection;
  readonly actor: string;
  /** The lease owner: this run and attempt. */
  readonly owner: string;
}

function killVariableOf(): GuardrailCleanupSettings['killVariable'] {
  const input = optionalInput('kill-variable');
  if (input !== undefined) return { value: input, from: 'input' };
  const env = runnerEnv()['OPSGUARD_KILL'];
  return env !== undefined && env.trim() !== '' ? { value: env, from: 'environment' } : null;
}

/** Every input read once, validated, before AWS or the store is touched. */
export function readSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): GuardrailCleanupSettings {
  // Secrets first: every secret input is masked before anything can fail and print.
  const slackWebhook = secretInput('slack-webhook', { required: false });
  const store = storeInputs();
  const aws = awsConnectionInputs(env);
  const timeBudgetMs = timeBudgetInput(8);
  const run = env['GITHUB_RUN_ID'] ?? `local-${process.pid}`;
  return {
    aws,
    slackWebhook,
    killVariable: killVariableOf(),
    timeBudgetMs,
    store,
    actor: runContext(env).actor,
    owner: `github-run:${run}:${env['GITHUB_RUN_ATTEMPT'] ?? '1'}`,
  };
}
