import type { RepoRef } from '@opsguard/github';
import { rollbackHistoryOf, rollbackRecordsOf } from '@opsguard/store';
import type { Runtime } from '../runtime.js';
import type { RollbackDeps } from './rollback-deps.js';

/** The rollback's dependencies from the composition root: its store's records and history. */
export function rollbackDepsOf(
  runtime: Runtime,
  repo: RepoRef,
  actor: string,
  log: (line: string) => void,
): RollbackDeps {
  return {
    client: runtime.client,
    repo,
    guard: runtime.guard,
    records: rollbackRecordsOf(runtime.store),
    history: rollbackHistoryOf(runtime.store),
    now: () => runtime.clock.now(),
    actor,
    log,
  };
}
