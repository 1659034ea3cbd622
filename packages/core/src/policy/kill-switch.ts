import { ConfigurationError } from '../errors.js';

/**
 * Kill-switch evaluation: global first, then the service (or workflow), then the action type.
 * The first active switch in that order is the one reported.
 */
export type KillSwitchScope = 'global' | 'service' | 'action';

export interface KillSwitchEntry {
  readonly scope: KillSwitchScope;
  readonly target: string;
  readonly active: boolean;
  readonly reason: string | null;
}

export interface KillSwitchSubject {
  readonly service: string;
  readonly action: string;
}

export type KillSwitchVerdict =
  | { readonly killed: false }
  | { readonly killed: true; readonly scope: KillSwitchScope; readonly target: string; readonly reason: string };

export const GLOBAL_TARGET = '*';

/** The target a hand-operated switch applies to; a scope without its target is a user's mistake. */
export function resolveTarget(scope: KillSwitchScope, target: string | undefined): string {
  if (scope === 'global') {
    if (target !== undefined && target !== '' && target !== GLOBAL_TARGET) {
      throw new ConfigurationError('the global kill switch takes no target: leave the target out');
    }
    return GLOBAL_TARGET;
  }
  if (target === undefined || target.trim() === '') {
    throw new ConfigurationError(
      `${scope === 'action' ? 'an' : 'a'} ${scope} kill switch needs a target (the ${scope === 'service' ? 'service or workflow' : 'action type'} to stop)`,
    );
  }
  return target.trim();
}

const ORDER: readonly KillSwitchScope[] = ['global', 'service', 'action'];

function matches(entry: KillSwitchEntry, subject: KillSwitchSubject): boolean {
  switch (entry.scope) {
    case 'global':
      return true;
    case 'service':
      return entry.target === subject.service;
    case 'action':
      return entry.target === subject.action;
  }
}

export function evaluateKillSwitch(entries: readonly KillSwitchEntry[], subject: KillSwitchSubject): KillSwitchVerdict {
  for (const scope of ORDER) {
    const hit = entries.find((e) => e.scope === scope && e.active && matches(e, subject));
    if (hit) {
      return { killed: true, scope, target: hit.target, reason: hit.reason ?? `${scope} kill switch is on` };
    }
  }
  return { killed: false };
}

const OFF = new Set(['', '0', 'false', 'off', 'no', 'none']);
const ON = new Set(['1', 'true', 'on', 'yes', 'all', 'global', '*']);

/**
 * The `OPSGUARD_KILL` repository variable, the brake that works with the store down:
 * `true`/`1`/`on`/`global` stops everything; otherwise a comma list of `service:NAME` and
 * `action:TYPE`. Anything unrecognised stops everything: a brake must not fail open.
 */
export function parseKillVariable(value: string | null | undefined): KillSwitchEntry[] {
  const text = (value ?? '').trim();
  if (OFF.has(text.toLowerCase())) return [];
  const reason = 'OPSGUARD_KILL repository variable';
  if (ON.has(text.toLowerCase())) return [{ scope: 'global', target: GLOBAL_TARGET, active: true, reason }];
  const entries: KillSwitchEntry[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^(service|action):(.+)$/i.exec(part);
    if (!match?.[1] || !match[2]) {
      return [{ scope: 'global', target: GLOBAL_TARGET, active: true, reason: `${reason} (unrecognised "${part}")` }];
    }
    entries.push({ scope: match[1].toLowerCase() as KillSwitchScope, target: match[2].trim(), active: true, reason });
  }
  return entries;
}
