import { assertTimeZone, ConfigurationError } from '@opsguard/core';
import { payloadValue, runContext } from './context.js';
import { integerInput, optionalInput, secretInput } from './inputs.js';
import type { StoreSelection } from '@opsguard/core';
import { checkWritableDir } from './output-dir.js';
import { runnerEnv } from './runner-env.js';
import { storeInputs } from './store-inputs.js';

/** The inputs the kpi, detect and evidence actions share, read and validated once. */
export interface LoopInputs {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string | null;
  readonly token: string;
  readonly days: number;
  readonly outDir: string;
  readonly timeZone: string;
  readonly rules: string | undefined;
  readonly policy: string | undefined;
  readonly slackWebhook: string | undefined;
  /** The `kill-variable` input, when given (the environment and the API are tried next). */
  readonly killVariable: string | undefined;
  readonly store: StoreSelection;
  readonly timeBudgetMs: number;
  readonly runnerEnv: Readonly<Record<string, string | undefined>>;
  readonly actor: string;
}

/**
 * `time-budget-minutes`: every wait and request of the step draws from it, so the step ends
 * with its records written before the job's `timeout-minutes` kills it. Default 10 (the
 * reusable workflows allow 15).
 */
export function timeBudgetInput(fallbackMinutes = 10): number {
  return integerInput('time-budget-minutes', { min: 1, max: 360, fallback: fallbackMinutes }) * 60_000;
}

export function splitRepository(value: string, input: string): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(value.trim());
  if (!match?.[1] || !match[2]) throw new ConfigurationError(`input "${input}" must be owner/name, not "${value}"`);
  return { owner: match[1], repo: match[2] };
}

export function readLoopInputs(defaults: { readonly days: number; readonly outDir: string }): LoopInputs {
  const context = runContext();
  const repository = optionalInput('repository') ?? context.repository;
  if (!repository)
    throw new ConfigurationError(
      'input "repository" is required outside a workflow run (GITHUB_REPOSITORY is not set)',
    );
  const { owner, repo } = splitRepository(repository, 'repository');
  const token = secretInput('token', { required: true }) ?? '';
  const sameRepo = repository === context.repository;
  const branch = payloadValue(context, 'repository', 'default_branch');
  return {
    owner,
    repo,
    defaultBranch: sameRepo && typeof branch === 'string' ? branch : null,
    token,
    days: integerInput('days', { min: 1, max: 30, fallback: defaults.days }),
    outDir: checkWritableDir(optionalInput('out-dir') ?? defaults.outDir, 'input "out-dir"'),
    timeZone: assertTimeZone(optionalInput('time-zone') ?? 'Asia/Tokyo'),
    rules: optionalInput('rules'),
    policy: optionalInput('policy'),
    slackWebhook: secretInput('slack-webhook', { required: false }),
    killVariable: optionalInput('kill-variable'),
    store: storeInputs(),
    timeBudgetMs: timeBudgetInput(),
    runnerEnv: runnerEnv(),
    actor: context.actor,
  };
}
