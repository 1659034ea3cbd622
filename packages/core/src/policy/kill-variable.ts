import { parseKillVariable, type KillSwitchScope } from './kill-switch.js';

/**
 * The `OPSGUARD_KILL` value with one switch added or removed, for the store-less kill switch,
 * which writes the variable through the API. Global is `true`; others a comma list of
 * `service:NAME` and `action:TYPE`. Removing global clears everything (a brake released).
 */
export function killVariableWith(
  current: string | null,
  scope: KillSwitchScope,
  target: string,
  active: boolean,
): string {
  const entries = parseKillVariable(current);
  if (scope === 'global') return active ? 'true' : 'false';
  const keep = entries.filter((e) => e.scope !== 'global' && !(e.scope === scope && e.target === target));
  // A global switch stays on when a narrower one is added or removed.
  if (entries.some((e) => e.scope === 'global')) return 'true';
  const parts = keep.map((e) => `${e.scope}:${e.target}`);
  if (active) parts.push(`${scope}:${target}`);
  return parts.length === 0 ? 'false' : parts.join(',');
}
