// Where restore records live: the store (durable), a folder (the store-less mode: the record is
// uploaded as an artifact and passed to recovery as a file), or memory (tests, the demo).
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RestoreRecord } from '@opsguard/core';
import type { AwsRestoreRecordStore } from '@opsguard/store';

export interface RestoreRecordStore {
  save(record: RestoreRecord): Promise<void>;
  load(planSha256: string): Promise<RestoreRecord | undefined>;
  /** The newest record not yet recovered (what the monthly recovery picks up). */
  latestOpen(account: string, region: string): Promise<RestoreRecord | undefined>;
}

const open = (records: readonly RestoreRecord[], account: string, region: string) =>
  records
    .filter((r) => r.account === account && r.region === region && r.status !== 'recovered')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];

export function memoryRestoreRecords(): RestoreRecordStore & { all(): RestoreRecord[] } {
  const records = new Map<string, RestoreRecord>();
  return {
    save: async (record) => {
      records.set(record.planSha256, record);
    },
    load: async (sha) => records.get(sha),
    latestOpen: async (account, region) => open([...records.values()], account, region),
    all: () => [...records.values()],
  };
}

/** One `restore-<sha>.json` per record in `dir`, rewritten after every step. */
export function fileRestoreRecords(dir: string): RestoreRecordStore {
  const path = (sha: string) => join(dir, `restore-${sha}.json`);
  const read = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as RestoreRecord;
  return {
    async save(record) {
      await mkdir(dir, { recursive: true });
      await writeFile(path(record.planSha256), `${JSON.stringify(record, null, 2)}\n`);
    },
    async load(sha) {
      try {
        return await read(path(sha));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async latestOpen(account, region) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const records = await Promise.all(
        names.filter((n) => /^restore-[0-9a-f]{64}\.json$/.test(n)).map((n) => read(join(dir, n))),
      );
      return open(records, account, region);
    },
  };
}

/** In the store's table (durable), with the clock the save time comes from. */
export function storeRestoreRecords(table: AwsRestoreRecordStore, now: () => Date): RestoreRecordStore {
  return {
    save: (record) => table.save(record, now()),
    load: (sha) => table.load(sha),
    latestOpen: (account, region) => table.latestOpen(account, region),
  };
}

/** Saved to both (the store, and files for the evidence artifact); read from the first. */
export function bothRestoreRecords(primary: RestoreRecordStore, copy: RestoreRecordStore): RestoreRecordStore {
  return {
    async save(record) {
      await primary.save(record);
      await copy.save(record);
    },
    load: (sha) => primary.load(sha),
    latestOpen: (account, region) => primary.latestOpen(account, region),
  };
}
