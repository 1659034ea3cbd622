import {
  booleanInput,
  hasDurableStore,
  integerInput,
  listInput,
  optionalInput,
  runContext,
  runnerEnv,
  secretInput,
  splitRepository,
  storeInputs,
} from '@opsguard/action-kit';
import { ConfigurationError, type StoreSelection } from '@opsguard/core';

export interface CiGuardSettings {
  readonly owner: string;
  readonly repo: string;
  readonly workflow: string;
  readonly attempt: number;
  readonly services: readonly string[];
  readonly maxAttempts: number;
  /** OPSGUARD_KILL from the input, else the job environment; null when neither has it. */
  readonly killVariable: { readonly value: string; readonly from: 'input' | 'environment' } | null;
  /** A durable store to read the switches and the workflow's circuit from; null store-less. */
  readonly store: StoreSelection | null;
  readonly failJob: boolean;
  readonly token: string | undefined;
  readonly slackWebhook: string | undefined;
  readonly runnerEnv: Readonly<Record<string, string | undefined>>;
  readonly actor: string;
}

function positiveInteger(name: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value))
    throw new ConfigurationError(`${name} must be a whole number, not "${value ?? ''}"`);
  return Number(value);
}

/** Every input read once, validated; the run's facts from the runner's environment. */
export function readSettings(): CiGuardSettings {
  // Secrets first: each is masked before anything else could fail and print.
  const token = secretInput('token', { required: false });
  const slackWebhook = secretInput('slack-webhook', { required: false });
  const store = storeInputs();
  const context = runContext();
  const repository = optionalInput('repository') ?? context.repository;
  if (!repository)
    throw new ConfigurationError(
      'input "repository" is required outside a workflow run (GITHUB_REPOSITORY is not set)',
    );
  const workflow = optionalInput('workflow') ?? process.env['GITHUB_WORKFLOW'];
  if (!workflow)
    throw new ConfigurationError('input "workflow" is required outside a workflow run (GITHUB_WORKFLOW is not set)');
  const input = optionalInput('kill-variable');
  const env = runnerEnv()['OPSGUARD_KILL'];
  return {
    ...splitRepository(repository, 'repository'),
    workflow,
    attempt: positiveInteger('GITHUB_RUN_ATTEMPT', process.env['GITHUB_RUN_ATTEMPT'] ?? '1'),
    services: listInput('services'),
    maxAttempts: integerInput('max-attempts', { min: 1, max: 50, fallback: 4 }),
    killVariable:
      input !== undefined
        ? { value: input, from: 'input' }
        : env !== undefined && env.trim() !== ''
          ? { value: env, from: 'environment' }
          : null,
    store: hasDurableStore(store) ? store : null,
    failJob: booleanInput('fail', true),
    token,
    slackWebhook,
    runnerEnv: runnerEnv(),
    actor: context.actor,
  };
}
