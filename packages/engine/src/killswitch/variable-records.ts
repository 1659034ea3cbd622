import { formatRepo, getRepoVariable, setRepoVariable, type GitHubRequester, type RepoRef } from '@opsguard/github';
import { brakeGuard, type Guard } from '@opsguard/guard';
import { MemoryRollbackRecordStore, toRollbackRecord, type RollbackRecordStore } from '@opsguard/store';
import type { RollbackRecord } from '@opsguard/core';

/** Where the store-less kill switch keeps its rollback records: the next runner reads them here. */
export const RECORD_VARIABLE = 'OPSGUARD_KILL_RECORD';
/** GitHub's limit for one variable is 48 KB; older restored records are dropped first. */
const MAX_BYTES = 48_000;

function toRow(r: RollbackRecord) {
  return {
    id: r.id,
    kind: r.kind,
    repo: r.repo,
    scope: r.scope,
    reason: r.reason,
    prior_state: r.priorState,
    steps: r.steps,
    status: r.status,
    created_by: r.createdBy,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

function serialise(records: readonly RollbackRecord[]): string {
  const kept = [...records];
  let text = JSON.stringify({ v: 1, records: kept.map(toRow) });
  while (Buffer.byteLength(text) > MAX_BYTES && kept.length > 1) {
    // Newest first: drop the oldest record, restored ones before open ones.
    const drop = kept.findLastIndex((r) => r.status === 'restored');
    kept.splice(drop === -1 ? kept.length - 1 : drop, 1);
    text = JSON.stringify({ v: 1, records: kept.map(toRow) });
  }
  return text;
}

/** The records a variable holds; an empty or unreadable value holds none (and says so). */
export function parseRecordVariable(value: string | null): RollbackRecord[] {
  if (value === null || value.trim() === '') return [];
  const parsed: unknown = JSON.parse(value);
  const rows =
    typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { records?: unknown }).records)
      ? (parsed as { records: unknown[] }).records
      : [];
  return rows.map(toRollbackRecord);
}

/**
 * The rollback records of the store-less kill switch: in memory for this job, and written to the
 * `OPSGUARD_KILL_RECORD` repository variable after every change (as the brake's own guarded
 * call), so `deactivate --restore` on the next runner finds exactly what was disabled.
 */
export async function variableRecordStore(deps: {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly guard: Guard;
  readonly now: () => Date;
}): Promise<RollbackRecordStore> {
  const memory = new MemoryRollbackRecordStore();
  for (const record of parseRecordVariable(await getRepoVariable(deps.client, deps.repo, RECORD_VARIABLE))) {
    memory.load(record);
  }
  const guard = brakeGuard(deps.guard);
  let writes = 0;
  const persist = async <T>(result: T): Promise<T> => {
    const value = serialise(await memory.listRecords());
    writes += 1;
    const outcome = await guard.run({
      action: 'write-variable',
      service: `github:${formatRepo(deps.repo)}:kill-switch`,
      target: `${formatRepo(deps.repo)}:variable:${RECORD_VARIABLE}`,
      idempotencyKey: `${RECORD_VARIABLE}:${deps.now().toISOString()}:${writes}`,
      execute: () => setRepoVariable(deps.client, deps.repo, RECORD_VARIABLE, value),
    });
    if (outcome.outcome === 'FAILURE') throw outcome.error;
    return result;
  };
  return {
    createRecord: async (record, now) => {
      const created = await memory.createRecord(record, now);
      return created.inserted ? persist(created) : created;
    },
    mergePriorState: async (id, prior, now) => persist(await memory.mergePriorState(id, prior, now)),
    // A cancelled run needs no undoing: its steps are written with the next change that does.
    recordStep: async (id, step, now) => {
      const record = await memory.recordStep(id, step, now);
      return step.kind === 'cancel-run' || step.kind === 'force-cancel-run' ? record : persist(record);
    },
    setStatus: async (id, status, now) => persist(await memory.setStatus(id, status, now)),
    getRecord: (id) => memory.getRecord(id),
    listRecords: (filter) => memory.listRecords(filter),
  };
}
