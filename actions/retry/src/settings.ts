import {
  booleanInput,
  integerInput,
  optionalInput,
  payloadValue,
  runContext,
  secretInput,
  splitRepository,
  storeInputs,
  type StoreEnvironment,
} from '@opsguard/action-kit';
import { assertTimeZone, ConfigurationError } from '@opsguard/core';

export interface RetrySettings {
  readonly owner: string;
  readonly repo: string;
  readonly runId: number;
  readonly token: string;
  readonly policy: string | undefined;
  /** undefined → the policy's. */
  readonly maxAttempts: number | undefined;
  readonly shadow: boolean;
  readonly dailyBudget: number;
  readonly slackWebhook: string | undefined;
  readonly killVariable: string | null;
  readonly outDir: string;
  readonly timeZone: string;
  readonly store: StoreEnvironment;
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
      : integerInput('max-attempts', { min: 1, max: 10, fallback: 3 });
  return {
    ...splitRepository(repository, 'repository'),
    runId,
    token: secretInput('token', { required: true }) ?? '',
    policy: optionalInput('policy'),
    maxAttempts,
    shadow: booleanInput('shadow', false),
    dailyBudget: integerInput('daily-budget', { min: 1, max: 1000, fallback: 20 }),
    slackWebhook: secretInput('slack-webhook', { required: false }),
    killVariable: optionalInput('kill-variable') ?? null,
    outDir: optionalInput('out-dir') ?? 'docs',
    timeZone: assertTimeZone(optionalInput('time-zone') ?? 'Asia/Tokyo'),
    store: storeInputs(),
    actor: context.actor,
  };
}
