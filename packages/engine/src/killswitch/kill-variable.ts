import {
  ConfigurationError,
  killVariableWith,
  parseKillVariable,
  type KillSwitchScope,
  type RollbackRecord,
  type RollbackStep,
} from '@opsguard/core';
import {
  deleteRepoVariable,
  formatRepo,
  getRepoVariable,
  isGitHubApiError,
  setRepoVariable,
  type GitHubRequester,
  type RepoRef,
} from '@opsguard/github';
import { brakeGuard, type Guard } from '@opsguard/guard';
import type { RollbackRecordStore } from '@opsguard/store';
import {
  ABSENT_VARIABLE,
  killSwitchScopeKey,
  openKillSwitchRecord,
  openOrCreateKillSwitchRecord,
  variableTarget,
} from './kill-switch-records.js';

/** The repository variable the store-less kill switch is held in. */
export const KILL_VARIABLE = 'OPSGUARD_KILL';

/** The token the store-less path needs, named in the one error a user sees. */
export const VARIABLE_TOKEN_ADVICE =
  'without a store the kill switch writes the OPSGUARD_KILL repository variable: give github-token a fine-grained token or GitHub App token with "Variables: write" (GITHUB_TOKEN cannot), or give the step a store (supabase-url + supabase-key or database-url)';

/** The record step whose detail is the value the kill switch wrote (what --restore compares with). */
const WRITE_STEP = `write-variable:${KILL_VARIABLE}`;
const RESTORE_STEP = `restore-variable:${KILL_VARIABLE}`;

export interface KillVariableDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly guard: Guard;
  readonly now: () => Date;
}

export interface KillVariableSwitch {
  readonly scope: KillSwitchScope;
  readonly target: string;
  readonly reason: string;
  readonly actor: string;
}

/** What `deactivate --restore` did to OPSGUARD_KILL. */
export interface VariableRestore {
  /**
   * `restored`: back to its prior value; `deleted`: it did not exist before; `kept`: someone
   * changed it after the kill switch wrote it, so only this switch's entry was removed.
   */
  readonly outcome: 'restored' | 'deleted' | 'kept';
  readonly value: string | null;
}

/** A 403/404 of the variables API (direct, or as the guard's cause) is the token's: one clear error. */
export function asTokenAdvice(error: unknown): unknown {
  const api = isGitHubApiError(error) ? error : error instanceof Error ? error.cause : undefined;
  if (isGitHubApiError(api) && (api.status === 403 || api.status === 404))
    return new ConfigurationError(VARIABLE_TOKEN_ADVICE, { cause: error });
  return error;
}

export async function readKillVariable(deps: KillVariableDeps): Promise<string | null> {
  return getRepoVariable(deps.client, deps.repo, KILL_VARIABLE).catch((error: unknown) => {
    throw asTokenAdvice(error);
  });
}

/** Writes (null: deletes) OPSGUARD_KILL as the brake's own call: audited, retried, never refused. */
async function writeKillVariable(
  deps: KillVariableDeps,
  sw: KillVariableSwitch,
  value: string | null,
  active: boolean,
): Promise<void> {
  const repo = formatRepo(deps.repo);
  const outcome = await brakeGuard(deps.guard).run({
    action: 'write-variable',
    service: `github:${repo}:kill-switch`,
    target: `${repo}:variable:${KILL_VARIABLE}`,
    idempotencyKey: `${KILL_VARIABLE}:${value ?? ABSENT_VARIABLE}:${deps.now().toISOString()}`,
    details: { scope: sw.scope, target: sw.target, active, ...(value === null ? { deleted: true } : {}) },
    execute: async () => {
      if (value === null) await deleteRepoVariable(deps.client, deps.repo, KILL_VARIABLE);
      else await setRepoVariable(deps.client, deps.repo, KILL_VARIABLE, value);
    },
  });
  if (outcome.outcome === 'FAILURE') throw asTokenAdvice(outcome.error);
}

const holds = (value: string | null, sw: KillVariableSwitch): boolean =>
  parseKillVariable(value).some((e) => e.scope === sw.scope && (sw.scope === 'global' || e.target === sw.target));

const stepOf = (id: string, detail: string | null, at: Date): RollbackStep => ({
  id,
  kind: id.slice(0, id.indexOf(':')),
  target: variableTarget(KILL_VARIABLE),
  status: 'done',
  detail,
  at: at.toISOString(),
});

/**
 * Activate without a store: OPSGUARD_KILL's value before (or `<absent>`) goes into the switch's
 * rollback record BEFORE the write, so `deactivate --restore` and rollback's "restore variables"
 * put back exactly that. A second activation keeps the first prior value (its own is not prior).
 */
export async function holdInVariable(
  deps: KillVariableDeps,
  records: RollbackRecordStore,
  sw: KillVariableSwitch,
): Promise<RollbackRecord> {
  const current = await readKillVariable(deps);
  const record = await openOrCreateKillSwitchRecord(
    records,
    { repo: formatRepo(deps.repo), ...sw, prior: { [variableTarget(KILL_VARIABLE)]: current ?? ABSENT_VARIABLE } },
    deps.now(),
  ).catch((error: unknown) => {
    throw asTokenAdvice(error);
  });
  const value = killVariableWith(current, sw.scope, sw.target, true);
  await writeKillVariable(deps, sw, value, true);
  return records.recordStep(record.id, stepOf(WRITE_STEP, value, deps.now()), deps.now());
}

/**
 * Deactivate without a store: this switch's entry comes out of OPSGUARD_KILL. With `restore`
 * and a record, the variable gets exactly its prior value back (deleted when it did not exist),
 * unless someone changed it after the kill switch wrote it: then their value is kept (only this
 * switch's entry removed), and the result says so.
 */
export async function releaseVariable(
  deps: KillVariableDeps,
  records: RollbackRecordStore,
  sw: KillVariableSwitch,
  restore: boolean,
): Promise<VariableRestore | null> {
  const current = await readKillVariable(deps);
  const released = killVariableWith(current, sw.scope, sw.target, false);
  const record = restore
    ? await openKillSwitchRecord(records, formatRepo(deps.repo), killSwitchScopeKey(sw.scope, sw.target))
    : null;
  const prior = record?.priorState[variableTarget(KILL_VARIABLE)];
  if (record === null || prior === undefined) {
    await writeKillVariable(deps, sw, released, false);
    return null;
  }
  const written = record.steps.find((s) => s.id === WRITE_STEP && s.status === 'done')?.detail;
  const changedSince = written !== undefined && written !== null && current !== written;
  const result: VariableRestore = changedSince
    ? { outcome: 'kept', value: holds(current, sw) ? released : current }
    : prior === ABSENT_VARIABLE
      ? { outcome: 'deleted', value: null }
      : { outcome: 'restored', value: prior };
  // A person's value that no longer holds this switch is left exactly as they wrote it.
  if (result.value !== current || result.outcome !== 'kept') await writeKillVariable(deps, sw, result.value, false);
  await records.recordStep(
    record.id,
    stepOf(RESTORE_STEP, `${result.outcome}: ${result.value ?? ABSENT_VARIABLE}`, deps.now()),
    deps.now(),
  );
  return result;
}
