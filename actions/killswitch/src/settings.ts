import {
  choiceInput,
  hasDurableStore,
  optionalInput,
  requiredInput,
  storeInputs,
  type StoreEnvironment,
} from '@opsguard/action-kit';
import { ConfigurationError, resolveTarget } from '@opsguard/core';

export type KillCommand = 'status' | 'activate' | 'deactivate';
export type KillScopeInput = 'global' | 'service' | 'action';

export interface KillSwitchSettings {
  readonly command: KillCommand;
  readonly scope: KillScopeInput;
  readonly target: string | undefined;
  readonly reason: string;
  readonly killVariable: string | null;
  readonly store: StoreEnvironment;
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
    killVariable: optionalInput('kill-variable') ?? null,
    store,
  };
}
