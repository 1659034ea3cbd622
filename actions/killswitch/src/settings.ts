import {
  choiceInput,
  hasDurableStore,
  optionalInput,
  requiredInput,
  runnerEnv,
  storeInputs,
} from '@opsguard/action-kit';
import { ConfigurationError, resolveTarget, type StoreSelection } from '@opsguard/core';

export type KillCommand = 'status' | 'activate' | 'deactivate';
export type KillScopeInput = 'global' | 'service' | 'action';

export interface KillSwitchSettings {
  readonly command: KillCommand;
  readonly scope: KillScopeInput;
  readonly target: string | undefined;
  readonly reason: string;
  /** OPSGUARD_KILL from the input, else from the job environment; null when neither has it. */
  readonly killVariable: { readonly value: string; readonly from: 'input' | 'environment' } | null;
  readonly store: StoreSelection;
}

function killVariableOf(): KillSwitchSettings['killVariable'] {
  const input = optionalInput('kill-variable');
  if (input !== undefined) return { value: input, from: 'input' };
  const env = runnerEnv()['OPSGUARD_KILL'];
  return env !== undefined && env.trim() !== '' ? { value: env, from: 'environment' } : null;
}

/** Every input read once, validated, before anything is changed. */
export function readSettings(): KillSwitchSettings {
  requiredInput('command');
  const command = choiceInput<KillCommand>('command', ['status', 'activate', 'deactivate'], 'status');
  const store = storeInputs();
  const reason = optionalInput('reason') ?? '';
  if (command !== 'status' && reason === '') {
    throw new ConfigurationError(`input "reason" is required to ${command} a kill switch`);
  }
  if (command !== 'status' && !hasDurableStore(store)) {
    // An embedded store would vanish with the runner: the switch would silently not hold.
    throw new ConfigurationError(
      'a kill switch set on a runner needs a store: give supabase-url + supabase-key or database-url, or set the OPSGUARD_KILL repository variable instead',
    );
  }
  const scope = choiceInput<KillScopeInput>('scope', ['global', 'service', 'action'], 'global');
  const target = optionalInput('target');
  // A scope without its target (or a global one with a target) is refused before the store is opened.
  if (command !== 'status') resolveTarget(scope, target);
  return {
    command,
    scope,
    target,
    reason,
    killVariable: killVariableOf(),
    store,
  };
}
