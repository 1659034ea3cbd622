import { ConfigurationError, evaluateKillSwitch, resolveTarget } from '@opsguard/core';
import type { Brake, BrakeEntry } from './brake.js';
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
  /** Active switches from the store and the OPSGUARD_KILL variable, with where each was read. */
  readonly active: readonly BrakeEntry[];
  readonly allStopped: boolean;
  /** Where OPSGUARD_KILL was read; null when this process cannot see it. */
  readonly variable: Brake['variable'];
}

/** The brake as the guard reads it: the same function, so status never disagrees with acting. */
export async function killSwitchStatus(brake: Brake): Promise<KillSwitchStatus> {
  const active = await brake.read();
  return {
    active,
    allStopped: evaluateKillSwitch(active, { service: '\u0000', action: '\u0000' }).killed,
    variable: brake.variable,
  };
}
