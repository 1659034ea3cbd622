import {
  booleanInput,
  choiceInput,
  integerInput,
  optionalInput,
  requiredInput,
  runContext,
  runnerEnv,
  secretInput,
  splitRepository,
  storeInputs,
  timeBudgetInput,
} from '@opsguard/action-kit';
import { ConfigurationError, resolveTarget, type StoreSelection } from '@opsguard/core';

export type KillCommand = 'status' | 'activate' | 'deactivate' | 'list';
export type KillScopeInput = 'global' | 'service' | 'action';

export interface KillSwitchSettings {
  readonly command: KillCommand;
  readonly scope: KillScopeInput;
  /** list: only this scope's entries, when the input was given. */
  readonly scopeFilter: KillScopeInput | undefined;
  /** Resolved: `*` for global. */
  readonly target: string;
  readonly reason: string;
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  readonly stopRuns: boolean;
  readonly restore: boolean;
  readonly forceAfterMs: number;
  /** deactivate with restore: how long the next runs are watched (0: not). */
  readonly verifyMs: number;
  readonly dryRun: boolean;
  /** list: entries at or after this time. */
  readonly since: Date | undefined;
  readonly rulesFile: string | undefined;
  readonly slackWebhook: string | undefined;
  /** The `kill-variable` input, when given (the environment and the API are tried next). */
  readonly killVariable: string | undefined;
  readonly store: StoreSelection;
  readonly timeBudgetMs: number;
  readonly runnerEnv: Readonly<Record<string, string | undefined>>;
  readonly actor: string;
  /** GITHUB_WORKFLOW_REF: the workflow running this step is never stopped. */
  readonly workflowRef: string | undefined;
}

function sinceInput(): Date | undefined {
  const value = optionalInput('since');
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new ConfigurationError(
      `input "since" must be a date or time (2026-12-01, 2026-12-01T09:00:00Z), not "${value}"`,
    );
  return at;
}

/** verify-minutes: only a deactivate with restore re-enables anything to watch. */
function verifyInput(command: KillCommand): number {
  const minutes = integerInput('verify-minutes', { min: 0, max: 360, fallback: 0 });
  if (minutes > 0 && (command !== 'deactivate' || !booleanInput('restore', false)))
    throw new ConfigurationError(
      'input "verify-minutes" watches what a deactivate with restore: true re-enables: give command deactivate and restore true, or leave it out',
    );
  return minutes * 60_000;
}

/** Every input read once, validated, before anything is changed. */
export function readSettings(): KillSwitchSettings {
  requiredInput('command');
  const command = choiceInput<KillCommand>('command', ['status', 'activate', 'deactivate', 'list'], 'status');
  const scope = choiceInput<KillScopeInput>('scope', ['global', 'service', 'action'], 'global');
  const changes = command === 'activate' || command === 'deactivate';
  const reason = optionalInput('reason') ?? '';
  if (changes && reason === '') throw new ConfigurationError(`input "reason" is required to ${command} a kill switch`);
  // A scope without its target (or a global one with a target) is refused before anything is opened.
  const target = changes ? resolveTarget(scope, optionalInput('target')) : (optionalInput('target') ?? '*');
  const context = runContext();
  const repository = optionalInput('repository') ?? context.repository;
  if (!repository)
    throw new ConfigurationError(
      'input "repository" is required outside a workflow run (GITHUB_REPOSITORY is not set)',
    );
  const stopRunsInput = optionalInput('stop-runs');
  return {
    command,
    scope,
    scopeFilter: optionalInput('scope') === undefined ? undefined : scope,
    target,
    reason,
    ...splitRepository(repository, 'repository'),
    token: secretInput('token', { required: true }) ?? '',
    // Default on for global and service; an action-type switch covers no workflow.
    stopRuns: stopRunsInput === undefined ? scope !== 'action' : booleanInput('stop-runs', true),
    restore: booleanInput('restore', false),
    forceAfterMs: integerInput('force-after', { min: 0, max: 3600, fallback: 120 }) * 1000,
    verifyMs: verifyInput(command),
    dryRun: booleanInput('dry-run', false),
    since: sinceInput(),
    rulesFile: optionalInput('kill-switch-rules'),
    slackWebhook: secretInput('slack-webhook', { required: false }),
    killVariable: optionalInput('kill-variable'),
    store: storeInputs(),
    timeBudgetMs: timeBudgetInput(),
    runnerEnv: runnerEnv(),
    actor: context.actor,
    workflowRef: process.env['GITHUB_WORKFLOW_REF'],
  };
}
