import {
  booleanInput,
  checkWritableDir,
  integerInput,
  optionalInput,
  payloadValue,
  runContext,
  runnerEnv,
  secretInput,
  splitRepository,
  storeInputs,
  timeBudgetInput,
} from '@opsguard/action-kit';
import { assertTimeZone, ConfigurationError, type StoreSelection } from '@opsguard/core';

export interface RetrySettings {
  readonly owner: string;
  readonly repo: string;
  readonly runId: number;
  readonly token: string;
  readonly policy: string | undefined;
  /** undefined → the policy's. */
  readonly maxAttempts: number | undefined;
  readonly shadow: boolean;
  /** undefined → the policy's `profile` (default infra). */
  readonly retryProfile: string | undefined;
  /** undefined → the policy's `dailyRerunBudget`. */
  readonly dailyBudget: number | undefined;
  readonly slackWebhook: string | undefined;
  readonly killVariable: string | undefined;
  readonly outDir: string;
  readonly timeZone: string;
  readonly store: StoreSelection;
  readonly timeBudgetMs: number;
  readonly runnerEnv: Readonly<Record<string, string | undefined>>;
  readonly actor: string;
}

function runIdOf(explicit: string | undefined, eventRunId: unknown): number {
  const raw = explicit ?? (typeof eventRunId === 'number' ? String(eventRunId) : undefined);
  if (raw === undefined) {
    throw new ConfigurationError(
      'input "run-id" is required unless the workflow runs on a workflow_run event (call it from on: workflow_run: types: [completed])',
    );
  }
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigurationError(`input "run-id" must be a run's numeric id, not "${raw}"`);
  return Number(raw.trim());
}

/** Every input read once and validated before any request is made. */
export function readSettings(): RetrySettings {
  const context = runContext();
  const runId = runIdOf(optionalInput('run-id'), payloadValue(context, 'workflow_run', 'id'));
  const repository = optionalInput('repository') ?? context.repository;
  if (!repository)
    throw new ConfigurationError(
      'input "repository" is required outside a workflow run (GITHUB_REPOSITORY is not set)',
    );
  const maxAttempts =
    optionalInput('max-attempts') === undefined
      ? undefined
      : integerInput('max-attempts', { min: 1, max: 10, fallback: 4 });
  return {
    ...splitRepository(repository, 'repository'),
    runId,
    token: secretInput('token', { required: true }) ?? '',
    policy: optionalInput('policy'),
    maxAttempts,
    shadow: booleanInput('shadow', false),
    retryProfile: optionalInput('retry-profile'),
    dailyBudget:
      optionalInput('daily-budget') === undefined
        ? undefined
        : integerInput('daily-budget', { min: 1, max: 1000, fallback: 50 }),
    slackWebhook: secretInput('slack-webhook', { required: false }),
    killVariable: optionalInput('kill-variable'),
    outDir: checkWritableDir(optionalInput('out-dir') ?? 'docs', 'input "out-dir"'),
    timeZone: assertTimeZone(optionalInput('time-zone') ?? 'Asia/Tokyo'),
    store: storeInputs(),
    timeBudgetMs: timeBudgetInput(),
    runnerEnv: runnerEnv(),
    actor: context.actor,
  };
}
