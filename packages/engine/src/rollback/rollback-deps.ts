import type { GitHubRequester, RepoRef } from '@opsguard/github';
import type { Guard } from '@opsguard/guard';
import type { RollbackHistoryStore, RollbackRecordStore } from '@opsguard/store';

/** What planning and applying a rollback need: reads go to GitHub, writes through the guard. */
export interface RollbackDeps {
  readonly client: GitHubRequester;
  readonly repo: RepoRef;
  readonly guard: Guard;
  /** Where the apply's record (prior state, each step) lives: written before the first change. */
  readonly records: RollbackRecordStore;
  readonly history: RollbackHistoryStore;
  readonly now: () => Date;
  /** Waits between the stop's polls (the job's budget sleep; a virtual clock's in tests). */
  readonly sleep: (ms: number) => Promise<void>;
  /** What is left of the job's time budget (before its reserve): long watches are cut to it. */
  readonly spendableMs?: () => number;
  /** How the stop step waits before force-cancelling (defaults: the kill switch's, 120 s / 10 s / 30 s). */
  readonly stop?: RollbackStopTiming;
  readonly actor: string;
  readonly log: (line: string) => void;
}

export interface RollbackStopTiming {
  readonly forceAfterMs?: number;
  readonly pollMs?: number;
  readonly settleMs?: number;
}

export { ABSENT_VARIABLE, variableTarget } from '../killswitch/kill-switch-records.js';
