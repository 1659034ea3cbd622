// The AWS side of a CLI run: clients (region required; endpoint and static credentials only for
// the stand-in), the store and guard every mutating call passes, and where restore records go.
import type { AwsClients } from '@opsguard/aws';
import { ConfigurationError } from '@opsguard/core';
import type { AwsRunDeps } from '@opsguard/engine';
import type { Store } from '@opsguard/store';
import type { CliIo } from './command.js';

export interface AwsCliContext {
  readonly deps: AwsRunDeps;
  readonly store: Store;
  close(): Promise<void>;
}

export function regionOf(given: string | undefined, env: CliIo['env']): string {
  const region = given ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (region === undefined || region.trim() === '')
    throw new ConfigurationError(
      'AWS region is missing: pass --region (or set AWS_REGION), e.g. --region ap-northeast-1',
    );
  return region.trim();
}

export async function awsContext(
  io: CliIo,
  options: {
    readonly region: string;
    readonly endpoint: string | undefined;
    readonly recordsDir: string;
    readonly clients?: AwsClients;
    readonly store?: Store;
  },
): Promise<AwsCliContext> {
  const { createAwsClients } = await import('@opsguard/aws');
  const { createBrake, createGuard, DEFAULT_GUARD_POLICY } = await import('@opsguard/guard');
  const { fileRestoreRecords, systemClock } = await import('@opsguard/engine');
  const clients =
    options.clients ??
    (await createAwsClients({
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    }));
  let store = options.store;
  const ownStore = store === undefined;
  if (!store) {
    const { openStore, selectStore } = await import('@opsguard/store');
    store = await openStore(selectStore(io.env), { cwd: io.cwd });
  }
  const variable = io.env['OPSGUARD_KILL'];
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: () => systemClock.now(),
    random: Math.random,
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    actor: `${io.env['USER'] ?? 'someone'} via opsguard-cli`,
    brake: createBrake(
      store,
      variable !== undefined && variable.trim() !== '' ? { source: 'environment', read: async () => variable } : null,
    ),
  });
  const opened = store;
  return {
    deps: { clients, guard, clock: systemClock, records: fileRestoreRecords(options.recordsDir), log: () => undefined },
    store: opened,
    close: async () => {
      if (!options.clients) clients.destroy();
      if (ownStore) await opened.close();
    },
  };
}
