import type { JsonValue, RestoreRecord } from '@opsguard/core';
import { backendOf, type BackendHandle } from './backend-handles.js';
import { StoreQueryError, toStoreError } from './errors.js';
import type { SqlExecutor } from './sql-executor.js';
import type { Store } from './store.js';

/**
 * `public.aws_restore_records` (supabase/migrations/20261203030000_aws_restore_records.sql): the
 * AWS shutdown's restore records, one per plan, rewritten after every step.
 */
export interface AwsRestoreRecordStore {
  save(record: RestoreRecord, now: Date): Promise<void>;
  load(planSha256: string): Promise<RestoreRecord | undefined>;
  /** The newest record of the account and region not yet recovered. */
  latestOpen(account: string, region: string): Promise<RestoreRecord | undefined>;
}

function toRecord(value: unknown): RestoreRecord {
  const raw: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const record = raw as Partial<RestoreRecord> | null;
  if (record?.kind !== 'opsguard.aws-restore-record') throw new TypeError('store row: not an AWS restore record');
  return record as RestoreRecord;
}

const OPEN = `select record from public.aws_restore_records
  where account = $1 and region = $2 and status <> 'recovered' order by created_at desc limit 1`;

export function sqlAwsRestoreRecordStore(db: SqlExecutor): AwsRestoreRecordStore {
  return {
    async save(record, now) {
      try {
        await db.query('select public.save_aws_restore_record(p_record => $1, p_now => $2)', [
          JSON.stringify(record),
          now.toISOString(),
        ]);
      } catch (error) {
        throw toStoreError(error, 'save_aws_restore_record');
      }
    },
    async load(sha) {
      const [row] = await db.query('select record from public.aws_restore_records where plan_sha256 = $1', [sha]);
      return row === undefined ? undefined : toRecord(row['record']);
    },
    async latestOpen(account, region) {
      const [row] = await db.query(OPEN, [account, region]);
      return row === undefined ? undefined : toRecord(row['record']);
    },
  };
}

export function supabaseAwsRestoreRecordStore({
  client,
  check,
}: Pick<Extract<BackendHandle, { kind: 'supabase' }>, 'client' | 'check'>): AwsRestoreRecordStore {
  const rows = (what: string, data: unknown): unknown[] => {
    if (!Array.isArray(data)) throw new StoreQueryError(what, 'returned no rows array');
    return data as unknown[];
  };
  const first = (data: unknown[]) => {
    const row = data[0] as { record?: unknown } | undefined;
    return row === undefined ? undefined : toRecord(row.record);
  };
  return {
    async save(record, now) {
      const args: Record<string, JsonValue> = {
        p_record: record as unknown as JsonValue,
        p_now: now.toISOString(),
      };
      check('rpc save_aws_restore_record', await client.rpc('save_aws_restore_record', args));
    },
    async load(sha) {
      const what = 'select aws_restore_records';
      return first(
        rows(what, check(what, await client.from('aws_restore_records').select('record').eq('plan_sha256', sha))),
      );
    },
    async latestOpen(account, region) {
      const what = 'select aws_restore_records';
      const answer = await client
        .from('aws_restore_records')
        .select('record')
        .eq('account', account)
        .eq('region', region)
        .neq('status', 'recovered')
        .order('created_at', { ascending: false })
        .limit(1);
      return first(rows(what, check(what, answer)));
    },
  };
}

/** The store's restore records, or null for a store without tables (the store-less memory store: use files). */
export function awsRestoreRecordsOf(store: Store): AwsRestoreRecordStore | null {
  const handle = backendOf(store);
  if (!handle) return null;
  return handle.kind === 'sql' ? sqlAwsRestoreRecordStore(handle.db) : supabaseAwsRestoreRecordStore(handle);
}
