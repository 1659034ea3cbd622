import { assertTimeZone, ConfigurationError } from '@opsguard/core';
import { payloadValue, runContext } from './context.js';
import { integerInput, optionalInput, secretInput } from './inputs.js';
import { storeInputs, type StoreEnvironment } from './store-inputs.js';

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
  readonly killVariable: string | null;
  readonly store: StoreEnvironment;
  readonly actor: string;
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
    outDir: optionalInput('out-dir') ?? defaults.outDir,
    timeZone: assertTimeZone(optionalInput('time-zone') ?? 'Asia/Tokyo'),
    rules: optionalInput('rules'),
    policy: optionalInput('policy'),
    slackWebhook: secretInput('slack-webhook', { required: false }),
    killVariable: optionalInput('kill-variable') ?? null,
    store: storeInputs(),
    actor: context.actor,
  };
}
