import type { KillSwitchScope, RollbackRecord } from '@opsguard/core';
import type { RollbackRecordStore } from '@opsguard/store';

/** A kill switch's scope as its rollback record names it: `global:*`, `service:github:acme/web:CI`. */
export function killSwitchScopeKey(scope: KillSwitchScope, target: string): string {
  return `${scope}:${target}`;
}

/**
 * The newest kill-switch record of this scope not yet restored: a second `activate` finishes it
 * rather than starting over (its prior states were read before the first change), and
 * `deactivate --restore` undoes it.
 */
export async function openKillSwitchRecord(
  records: RollbackRecordStore,
  repo: string,
  scope: string,
): Promise<RollbackRecord | null> {
  const [newest] = await records.listRecords({
    kind: 'kill-switch',
    repo,
    scope,
    statuses: ['open', 'applied', 'partial'],
  });
  return newest ?? null;
}
