import {
  ConfigurationError,
  evaluateKillSwitch,
  parseKillVariable,
  resolveTarget,
  type KillSwitchEntry,
} from '@opsguard/core';
import type { KillScope, KillSwitchState, Store } from '@opsguard/store';

/** Operating the brake by hand (CLI, the killswitch action): one place for both. */
export interface KillSwitchRequest {
  readonly scope: KillScope;
  readonly target?: string | undefined;
  readonly reason: string;
  readonly actor: string;
  readonly at: Date;
}

function requireReason(reason: string): string {
  if (reason.trim() === '') throw new ConfigurationError('a reason is required: it goes into the kill-switch log');
  return reason.trim();
}

export async function setKillSwitch(
  store: Store,
  request: KillSwitchRequest,
  active: boolean,
): Promise<KillSwitchState> {
  return store.setKillSwitch({
    scope: request.scope,
    target: resolveTarget(request.scope, request.target),
    active,
    reason: requireReason(request.reason),
    actor: request.actor,
    at: request.at,
  });
}

export interface KillSwitchStatus {
  /** Active switches from the store and the OPSGUARD_KILL variable. */
  readonly active: readonly (KillSwitchEntry & { readonly source: 'store' | 'variable' })[];
  readonly allStopped: boolean;
}

export async function killSwitchStatus(store: Store, variable: string | null): Promise<KillSwitchStatus> {
  const fromStore = (await store.listKillSwitches())
    .filter((s) => s.active)
    .map((s) => ({ ...s, source: 'store' as const }));
  const fromVariable = parseKillVariable(variable).map((s) => ({ ...s, source: 'variable' as const }));
  const active = [...fromStore, ...fromVariable];
  return { active, allStopped: evaluateKillSwitch(active, { service: '\u0000', action: '\u0000' }).killed };
}
