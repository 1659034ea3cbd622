import type { RepoRef } from '@opsguard/github';
import { rollbackHistoryOf, rollbackRecordsOf } from '@opsguard/store';
import type { Runtime } from '../runtime.js';
import type { RollbackDeps, RollbackStopTiming } from './rollback-deps.js';

/** The rollback's dependencies from the composition root: its store's records and history, the budget's sleep. */
export function rollbackDepsOf(
  runtime: Runtime,
  repo: RepoRef,
  actor: string,
  log: (line: string) => void,
  stop: RollbackStopTiming = {},
): RollbackDeps {
  return {
    client: runtime.client,
    repo,
    guard: runtime.guard,
    records: rollbackRecordsOf(runtime.store),
    history: rollbackHistoryOf(runtime.store),
    now: () => runtime.clock.now(),
    // Bounded by the job's budget: a wait that would pass it fails the step instead.
    sleep: (ms) => runtime.budget.sleep(ms),
    spendableMs: () => runtime.budget.spendableMs(),
    stop,
    actor,
    log,
  };
}
