import type { JsonValue } from '@opsguard/core';
import {
  apiKeyToRow,
  cleanupCall,
  acceptIntakeBatchCall,
  claimIntakeKeyCall,
  finishIntakeKeyCall,
  parseCleanupCounts,
  parseIntakeClaim,
  parseIntakeBatch,
  parseIntakeFinish,
  publicApiKey,
  rowToApiKey,
} from './intake-calls.js';
import type {
  ApiKeyRecord,
  ApiKeyStore,
  CleanupCounts,
  IntakeAcceptRequest,
  IntakeClaim,
  IntakeClaimRequest,
  IntakeFinish,
  IntakeFinishRequest,
  IntakeRefusal,
  IntakeStore,
  StoredApiKey,
} from './intake-store.js';
import { CallBatcher, type CallBatcherOptions } from './call-batcher.js';
import { isStoreUnavailableError } from './errors.js';
import { refusalAudit } from './intake-refusal.js';
import { appendAuditCall } from './rpc-calls.js';
import type { SqlExecutor } from './sql-executor.js';

const toParam = (value: JsonValue): unknown =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : value;

/** A named-argument call of an SQL function, as the core SQL store makes it. */
async function rpc(
  db: SqlExecutor,
  call: { readonly fn: string; readonly args: Readonly<Record<string, JsonValue>> },
): Promise<unknown> {
  const entries: [string, JsonValue][] = Object.entries(call.args);
  const args = entries.map(([name], i) => `${name} => $${i + 1}`).join(', ');
  const rows = await db.query(
    `select public.${call.fn}(${args}) as result`,
    entries.map(([, value]) => toParam(value)),
  );
  return rows[0]?.['result'];
}

/**
 * Accepts of record sources that arrive while a call is in flight share the next call. One call
 * at a time: with two, the second slot was usually free when a request came in, so 40 % of the
 * calls carried a single request and paid a whole call's cost for it (bench/intake.bench.ts:
 * 6.4 requests a call with two, 14 with one, at 32 concurrent deliveries).
 */
export const ACCEPT_BATCHING: CallBatcherOptions = {
  maxBatch: 64,
  maxInFlight: 1,
  retrySingly: (error) => !isStoreUnavailableError(error),
};

export class SqlIntakeStore implements IntakeStore {
  readonly #accepts: CallBatcher<IntakeAcceptRequest, IntakeClaim>;

  constructor(
    private readonly db: SqlExecutor,
    batching: CallBatcherOptions = ACCEPT_BATCHING,
  ) {
    this.#accepts = new CallBatcher(
      async (requests) => parseIntakeBatch(await rpc(this.db, acceptIntakeBatchCall(requests)), requests),
      batching,
    );
  }

  async claimIntakeKey(request: IntakeClaimRequest): Promise<IntakeClaim> {
    return parseIntakeClaim(await rpc(this.db, claimIntakeKeyCall(request)));
  }

  /** Batched with the accepts that queue while another is in flight (one transaction each call). */
  acceptIntakeEvent(request: IntakeAcceptRequest): Promise<IntakeClaim> {
    return this.#accepts.submit(request);
  }

  async finishIntakeKey(request: IntakeFinishRequest): Promise<IntakeFinish> {
    return parseIntakeFinish(await rpc(this.db, finishIntakeKeyCall(request)));
  }

  async recordRefusal(refusal: IntakeRefusal): Promise<void> {
    await rpc(this.db, appendAuditCall(refusalAudit(refusal)));
  }

  async cleanupExpired(now: Date, bucketIdleMs: number): Promise<CleanupCounts> {
    return parseCleanupCounts(await rpc(this.db, cleanupCall(now, bucketIdleMs)));
  }
}

export class SqlApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: SqlExecutor) {}

  async insertApiKey(key: StoredApiKey): Promise<void> {
    const row = apiKeyToRow(key);
    const columns = Object.keys(row);
    await this.db.query(
      `insert into public.api_keys (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row),
    );
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.query('select * from public.api_keys order by created_at, id');
    return rows.map((row) => publicApiKey(rowToApiKey(row)));
  }

  async revokeApiKey(id: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      'update public.api_keys set revoked_at = $2 where id = $1 and revoked_at is null returning id',
      [id, now.toISOString()],
    );
    return rows.length === 1;
  }

  async findApiKey(id: string): Promise<StoredApiKey | null> {
    const rows = await this.db.query('select * from public.api_keys where id = $1', [id]);
    return rows[0] ? rowToApiKey(rows[0]) : null;
  }
}
