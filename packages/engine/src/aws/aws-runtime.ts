// The composition root of the AWS actions: clients (default credential chain, or the stand-in's
// dummies with an endpoint), the store from the inputs (a memory store in the store-less mode,
// restore records then kept as files in the output folder, uploaded as an artifact), the brake,
// and the guard with the job's time budget.
import { createAwsClients, type AwsConnection } from '@opsguard/aws';
import type { StoreSelection } from '@opsguard/core';
import { createBrake, createGuard, DEFAULT_GUARD_POLICY, type KillVariableReader } from '@opsguard/guard';
import { awsRestoreRecordsOf, openStore, type Store } from '@opsguard/store';
import { systemClock, type Clock } from '../clock.js';
import { createBudget, type Budget } from '../resilience/index.js';
import type { AwsRunDeps } from './aws-run.js';
import { bothRestoreRecords, fileRestoreRecords, storeRestoreRecords } from './restore-records.js';

export interface AwsCostRuntimeOptions {
  readonly aws: AwsConnection;
  readonly store: StoreSelection;
  readonly cwd: string;
  /** Where restore records, plans and results are written. */
  readonly outDir: string;
  readonly actor: string;
  readonly log: (line: string) => void;
  readonly killVariable?: KillVariableReader | null;
  readonly timeBudgetMs: number;
  readonly clock?: Clock;
}

export interface AwsCostRuntime {
  readonly deps: AwsRunDeps;
  readonly store: Store;
  readonly budget: Budget;
  close(): Promise<void>;
}

export async function openAwsCostRuntime(options: AwsCostRuntimeOptions): Promise<AwsCostRuntime> {
  const clock = options.clock ?? systemClock;
  const budget = createBudget(clock, options.timeBudgetMs);
  const clients = await createAwsClients(options.aws);
  const store = await openStore(options.store, { cwd: options.cwd });
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: () => clock.now(),
    random: Math.random,
    sleep: (ms, signal) => clock.sleep(ms, signal),
    actor: options.actor,
    brake: createBrake(store, options.killVariable ?? null),
    budget,
    logger: { info: options.log, warn: options.log },
  });
  // Durable store: the table, with a file copy for the evidence; store-less: the files only (uploaded as an artifact).
  const table = awsRestoreRecordsOf(store);
  const files = fileRestoreRecords(options.outDir);
  const records = table
    ? bothRestoreRecords(
        storeRestoreRecords(table, () => clock.now()),
        files,
      )
    : files;
  return {
    deps: { clients, guard, clock, records, log: options.log },
    store,
    budget,
    close: async () => {
      clients.destroy();
      await store.close();
    },
  };
}
