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

/** The prior-state value that says a variable did not exist before OpsGuard set it. */
export const ABSENT_VARIABLE = '<absent>';

/** The prior-state key of a repository variable, beside core's `workflow:ID`. */
export function variableTarget(name: string): string {
  return `variable:${name.toUpperCase()}`;
}

export interface KillSwitchRecordStart {
  readonly repo: string;
  readonly scope: KillSwitchScope;
  readonly target: string;
  readonly reason: string;
  readonly actor: string;
  /** Prior states read before the first change. */
  readonly prior: Readonly<Record<string, string>>;
}

/**
 * The open record of this scope with `prior` merged in (a target already recorded keeps its
 * first value: the state before the kill switch, not the one it left), else a new one.
 */
export async function openOrCreateKillSwitchRecord(
  records: RollbackRecordStore,
  start: KillSwitchRecordStart,
  at: Date,
): Promise<RollbackRecord> {
  const scope = killSwitchScopeKey(start.scope, start.target);
  const open = await openKillSwitchRecord(records, start.repo, scope);
  if (open) return records.mergePriorState(open.id, start.prior, at);
  const base = `kill-switch:${start.repo}:${scope}:${at.toISOString()}`;
  // A restored record with the same id (a new activation in the same millisecond) is not reused.
  for (let n = 1; ; n += 1) {
    const { inserted, record } = await records.createRecord(
      {
        id: n === 1 ? base : `${base}:${n}`,
        kind: 'kill-switch',
        repo: start.repo,
        scope,
        reason: start.reason,
        priorState: start.prior,
        createdBy: start.actor,
      },
      at,
    );
    if (inserted || record.status !== 'restored') return record;
  }
}
