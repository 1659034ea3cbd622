import {
  booleanInput,
  choiceInput,
  integerInput,
  listInput,
  optionalInput,
  runContext,
  runnerEnv,
  secretInput,
  splitRepository,
  storeInputs,
  timeBudgetInput,
} from '@opsguard/action-kit';
import { ConfigurationError, type RollbackConditionKind, type StoreSelection } from '@opsguard/core';

export type RollbackCommand = 'plan' | 'apply' | 'history';

/** The steps asked for; an absent switch takes the default of the rollback rules. */
export interface RollbackStepSettings {
  readonly workflow: string | undefined;
  readonly stopWorkflow: boolean | undefined;
  readonly secrets: readonly string[];
  readonly files: readonly string[];
  readonly goodCommit: string | undefined;
  readonly branch: string | undefined;
  readonly reenableDisabled: boolean | undefined;
  readonly restoreVariables: boolean | undefined;
}

export interface RollbackSettings {
  readonly command: RollbackCommand;
  /** apply: the SHA-256 of the reviewed plan. */
  readonly planSha256: string | undefined;
  /** apply: the plan file the plan step wrote (required without a store). */
  readonly planFile: string | undefined;
  readonly condition: RollbackConditionKind;
  readonly reason: string;
  readonly steps: RollbackStepSettings;
  readonly rulesFile: string | undefined;
  readonly outDir: string;
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  readonly killVariable: string | undefined;
  readonly store: StoreSelection;
  readonly timeBudgetMs: number;
  /** apply: the stop step force-cancels what still runs this long after the cancel. */
  readonly forceAfterMs: number;
  readonly runnerEnv: Readonly<Record<string, string | undefined>>;
  readonly actor: string;
}

const CONDITIONS: readonly RollbackConditionKind[] = [
  'manual',
  'consecutive-failures',
  'critical-anomaly',
  'secret-leak',
];
const SHA256 = /^[0-9a-f]{64}$/;
const COMMIT = /^[0-9a-f]{40}$/;
const SECRET = /^([^/\s]+\/)?[A-Za-z_][A-Za-z0-9_]*$/;

/** A switch left empty is undefined: the rules' default applies. */
function optionalBoolean(name: string): boolean | undefined {
  return optionalInput(name) === undefined ? undefined : booleanInput(name, false);
}

function stepInputs(): RollbackStepSettings {
  const secrets = listInput('secret-names');
  const bad = secrets.find((s) => !SECRET.test(s));
  if (bad !== undefined)
    throw new ConfigurationError(`input "secret-names": "${bad}" is not a secret name (NAME or ENVIRONMENT/NAME)`);
  const goodCommit = optionalInput('good-commit');
  if (goodCommit !== undefined && !COMMIT.test(goodCommit))
    throw new ConfigurationError(`input "good-commit" must be a full commit SHA (40 hex digits), not "${goodCommit}"`);
  return {
    workflow: optionalInput('workflow'),
    stopWorkflow: optionalBoolean('stop-workflow'),
    secrets,
    files: listInput('files'),
    goodCommit,
    branch: optionalInput('branch'),
    reenableDisabled: optionalBoolean('reenable'),
    restoreVariables: optionalBoolean('restore-variables'),
  };
}

/** Every input read once, validated, before GitHub or the store is touched. */
export function readSettings(): RollbackSettings {
  // The secrets are read (and masked) first: before any other input can be refused.
  const token = secretInput('token', { required: true }) ?? '';
  const store = storeInputs();
  const command = choiceInput<RollbackCommand>('command', ['plan', 'apply', 'history'], 'plan');
  if (command === 'history' && store.kind === 'none')
    throw new ConfigurationError(
      'command history reads the rollback history from the store: give supabase-url + supabase-key or database-url',
    );
  const planSha256 = optionalInput('plan-sha256')?.toLowerCase();
  if (command === 'apply' && planSha256 === undefined)
    throw new ConfigurationError('input "plan-sha256" is required to apply: the SHA-256 the plan step printed');
  if (planSha256 !== undefined && !SHA256.test(planSha256))
    throw new ConfigurationError(`input "plan-sha256" must be 64 hex digits (SHA-256), not "${planSha256}"`);
  const planFile = optionalInput('plan-file');
  if (command === 'apply' && planFile === undefined && store.kind === 'none')
    throw new ConfigurationError(
      'input "plan-file" is required to apply without a store (the plan file the plan step wrote), or give the step its store',
    );
  const context = runContext();
  const repository = optionalInput('repository') ?? context.repository;
  if (!repository)
    throw new ConfigurationError(
      'input "repository" is required outside a workflow run (GITHUB_REPOSITORY is not set)',
    );
  return {
    command,
    planSha256,
    planFile,
    condition: choiceInput<RollbackConditionKind>('condition', CONDITIONS, 'manual'),
    reason: optionalInput('reason') ?? 'by hand',
    steps: stepInputs(),
    rulesFile: optionalInput('rollback-rules'),
    outDir: optionalInput('out-dir') ?? '.opsguard/rollback',
    ...splitRepository(repository, 'repository'),
    token,
    killVariable: optionalInput('kill-variable'),
    store,
    timeBudgetMs: timeBudgetInput(),
    forceAfterMs: integerInput('force-after', { min: 0, max: 3600, fallback: 120 }) * 1000,
    runnerEnv: runnerEnv(),
    actor: context.actor,
  };
}
