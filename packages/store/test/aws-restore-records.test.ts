import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RestoreRecord } from '@opsguard/core';
import { awsRestoreRecordsOf, openPgliteStore, type AwsRestoreRecordStore, type Store } from '@opsguard/store';

const SHA = 'a'.repeat(64);
const aRecord = (over: Partial<RestoreRecord> = {}): RestoreRecord => ({
  kind: 'opsguard.aws-restore-record',
  version: 1,
  planSha256: SHA,
  account: '123456789012',
  region: 'ap-northeast-1',
  createdAt: '2026-12-03T10:00:00.000Z',
  updatedAt: '2026-12-03T10:00:00.000Z',
  status: 'shutdown-in-progress',
  prior: {
    functions: [
      { name: 'api', arn: 'arn:aws:lambda:ap-northeast-1:123456789012:function:api', reservedConcurrency: null },
    ],
    instances: [],
    distributions: [],
  },
  steps: [],
  ...over,
});

let store: Store;
let records: AwsRestoreRecordStore;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
  const table = awsRestoreRecordsOf(store);
  if (!table) throw new Error('PGlite has the table');
  records = table;
});
afterAll(async () => {
  await store.close();
});

describe('aws_restore_records on PGlite (migration 20261203030000)', () => {
  it('saves before the first change, rewrites after each step, finds the newest open one', async () => {
    await records.save(aRecord(), new Date('2026-12-03T10:00:00Z'));
    const step = {
      phase: 'shutdown:lambda-concurrency',
      resource: 'arn:aws:lambda:ap-northeast-1:123456789012:function:api',
      status: 'done' as const,
      at: '2026-12-03T10:00:01.000Z',
    };
    await records.save(aRecord({ status: 'shut-down', steps: [step] }), new Date('2026-12-03T10:00:02Z'));
    expect(await records.load(SHA)).toMatchObject({
      status: 'shut-down',
      steps: [step],
      prior: { functions: [{ reservedConcurrency: null }] },
    });
    expect((await records.latestOpen('123456789012', 'ap-northeast-1'))?.planSha256).toBe(SHA);
    expect(await records.latestOpen('123456789012', 'us-east-1')).toBeUndefined();
    await records.save(aRecord({ status: 'recovered' }), new Date('2026-12-03T11:00:00Z'));
    expect(await records.latestOpen('123456789012', 'ap-northeast-1')).toBeUndefined();
  });

  it('refuses to move a record to another account', async () => {
    await expect(records.save(aRecord({ account: '999999999999' }), new Date())).rejects.toThrow(
      /another account or region/,
    );
  });

  it('a memory store (store-less) has no table: the caller keeps files', async () => {
    const { MemoryStore } = await import('@opsguard/store');
    expect(awsRestoreRecordsOf(new MemoryStore())).toBeNull();
  });
});
