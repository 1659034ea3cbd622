import type { JsonObject, JsonValue } from '@opsguard/core';
import { lastPerKey, toBatches } from './batches.js';
import { registerBackend } from './backend-handles.js';
import { toStoreError } from './errors.js';
import {
  jobKey,
  jobToRow,
  notificationToRow,
  retryToRow,
  rowToAudit,
  rowToBreaker,
  rowToKillSwitch,
  rowToNotification,
  rowToRetry,
  rowToRun,
  runKey,
  runToRow,
  type JsonRow,
} from './record-rows.js';
import {
  admitBreakerCall,
  appendAuditCall,
  claimIdempotencyKeyCall,
  completeIdempotencyKeyCall,
  releaseIdempotencyKeyCall,
  consumeTokensCall,
  incrementMetricCall,
  parseBoolean,
  parseBreakerAdmission,
  parseBreakerSnapshot,
  parseCount,
  parseIdempotencyResult,
  parseTokenGrant,
  recordBreakerOutcomeCall,
  setKillSwitchCall,
  upsertJobsCall,
  upsertRunsCall,
  type RpcCall,
  type RpcName,
  kpiWindowCall,
  parseKpiWindowRow,
} from './rpc-calls.js';
import type { SqlConnection } from './sql-executor.js';
import type {
  AuditFilter,
  AuditRecord,
  BreakerAdmission,
  BreakerSnapshot,
  BreakerSpec,
  IdempotencyClaim,
  IdempotencyResult,
  JobRecord,
  KillSwitchChange,
  KillSwitchState,
  KpiWindowQuery,
  KpiWindowRow,
  MetricPoint,
  NotificationFilter,
  NotificationRecord,
  RetryHistoryRecord,
  RunFilter,
  RunRecord,
  Store,
  StoreKind,
  TokenBucketSpec,
  TokenGrant,
  UpsertResult,
} from './store.js';

/** jsonb arguments travel as JSON text (pg would turn a JS array into a Postgres array). */
function toParam(value: JsonValue): unknown {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

/** `where` from optional conditions; each condition uses `$?`, numbered here. */
function where(conditions: ReadonlyArray<readonly [string, unknown] | null>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  for (const condition of conditions) {
    if (!condition) continue;
    params.push(condition[1]);
    parts.push(condition[0].replace('$?', `$${params.length}`));
  }
  return { sql: parts.length ? ` where ${parts.join(' and ')}` : '', params };
}

/**
 * The Store over SQL: the same statements run on a Postgres server (`pg`) and on PGlite.
 * Atomic operations are the SQL functions of supabase/migrations, called with named arguments.
 */
export class SqlStore implements Store {
  readonly kind: StoreKind;

  constructor(private readonly db: SqlConnection) {
    this.kind = db.kind;
    registerBackend(this, { kind: 'sql', db });
  }

  private async rpc<F extends RpcName>(call: RpcCall<F>): Promise<unknown> {
    const entries: [string, JsonValue][] = Object.entries(call.args);
    const args = entries.map(([name], i) => `${name} => $${i + 1}`).join(', ');
    const rows = await this.db.query(
      `select public.${call.fn}(${args}) as result`,
      entries.map(([, value]) => toParam(value)),
    );
    return rows[0]?.['result'];
  }

  async ping(): Promise<void> {
    try {
      await this.db.query('select 1');
    } catch (error) {
      throw toStoreError(error, 'ping');
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }

  async listKillSwitches(): Promise<KillSwitchState[]> {
    const rows = await this.db.query('select * from public.kill_switch_state order by scope, target');
    return rows.map(rowToKillSwitch);
  }

  async setKillSwitch(change: KillSwitchChange): Promise<KillSwitchState> {
    return rowToKillSwitch(await this.rpc(setKillSwitchCall(change)));
  }

  async consumeTokens(buckets: readonly TokenBucketSpec[], now: Date): Promise<TokenGrant> {
    if (buckets.length === 0) return { allowed: true, deniedKey: null, retryAfterMs: 0 };
    return parseTokenGrant(await this.rpc(consumeTokensCall(buckets, now)));
  }

  async admitBreaker(spec: BreakerSpec, now: Date): Promise<BreakerAdmission> {
    return parseBreakerAdmission(await this.rpc(admitBreakerCall(spec, now)));
  }

  async recordBreakerOutcome(spec: BreakerSpec, success: boolean, now: Date): Promise<BreakerSnapshot> {
    return parseBreakerSnapshot(await this.rpc(recordBreakerOutcomeCall(spec, success, now)));
  }

  async getBreaker(target: string): Promise<BreakerSnapshot | null> {
    const rows = await this.db.query('select * from public.circuit_breakers where target = $1', [target]);
    return rows[0] ? rowToBreaker(rows[0]) : null;
  }

  async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyResult> {
    return parseIdempotencyResult(await this.rpc(claimIdempotencyKeyCall(claim)));
  }

  async completeIdempotencyKey(
    key: string,
    status: 'completed' | 'failed',
    result: JsonObject,
    now: Date,
  ): Promise<void> {
    await this.rpc(completeIdempotencyKeyCall(key, status, result, now));
  }

  async releaseIdempotencyKey(key: string, owner: string): Promise<boolean> {
    return parseBoolean(await this.rpc(releaseIdempotencyKeyCall(key, owner)), 'release_idempotency_key');
  }

  async appendAudit(record: AuditRecord): Promise<{ inserted: boolean }> {
    return { inserted: parseBoolean(await this.rpc(appendAuditCall(record)), 'append_audit') };
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const w = where([
      filter.since ? ['at >= $?', filter.since.toISOString()] : null,
      filter.action !== undefined ? ['action = $?', filter.action] : null,
      filter.target !== undefined ? ['target = $?', filter.target] : null,
    ]);
    const limit = filter.limit !== undefined ? ` limit ${Math.max(0, Math.floor(filter.limit))}` : '';
    const rows = await this.db.query(`select * from public.automation_audit${w.sql} order by at, id${limit}`, w.params);
    return rows.map(rowToAudit);
  }

  private async upsertBatches(
    rows: readonly JsonRow[],
    toCall: (batch: JsonRow[]) => RpcCall<'upsert_runs' | 'upsert_jobs'>,
    what: string,
  ): Promise<UpsertResult> {
    let written = 0;
    const batches = toBatches(rows);
    for (const batch of batches) written += parseCount(await this.rpc(toCall(batch)), what);
    return { rows: written, requests: batches.length };
  }

  upsertRuns(rows: readonly RunRecord[]): Promise<UpsertResult> {
    return this.upsertBatches(lastPerKey(rows, runKey).map(runToRow), upsertRunsCall, 'upsert_runs');
  }

  upsertJobs(rows: readonly JobRecord[]): Promise<UpsertResult> {
    return this.upsertBatches(lastPerKey(rows, jobKey).map(jobToRow), upsertJobsCall, 'upsert_jobs');
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const w = where([
      filter.repo !== undefined ? ['repo = $?', filter.repo] : null,
      filter.since ? ['created_at >= $?', filter.since.toISOString()] : null,
      filter.until ? ['created_at < $?', filter.until.toISOString()] : null,
    ]);
    const rows = await this.db.query(
      `select * from public.runs${w.sql} order by created_at, repo, run_id, attempt`,
      w.params,
    );
    return rows.map(rowToRun);
  }

  private async insertRow(table: string, row: JsonRow): Promise<void> {
    const columns = Object.keys(row);
    await this.db.query(
      `insert into public.${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row).map(toParam),
    );
  }

  insertRetryHistory(record: RetryHistoryRecord): Promise<void> {
    return this.insertRow('retry_history', retryToRow(record));
  }

  async listRetryHistory(filter: RunFilter = {}): Promise<RetryHistoryRecord[]> {
    const w = where([
      filter.repo !== undefined ? ['repo = $?', filter.repo] : null,
      filter.since ? ['decided_at >= $?', filter.since.toISOString()] : null,
      filter.until ? ['decided_at < $?', filter.until.toISOString()] : null,
    ]);
    const rows = await this.db.query(`select * from public.retry_history${w.sql} order by decided_at, id`, w.params);
    return rows.map(rowToRetry);
  }

  insertNotification(record: NotificationRecord): Promise<void> {
    return this.insertRow('notifications', notificationToRow(record));
  }

  async listNotifications(filter: NotificationFilter = {}): Promise<NotificationRecord[]> {
    const w = where([
      filter.repo !== undefined ? ['repo = $?', filter.repo] : null,
      filter.since ? ['created_at >= $?', filter.since.toISOString()] : null,
      filter.fingerprint !== undefined ? ['fingerprint = $?', filter.fingerprint] : null,
    ]);
    const rows = await this.db.query(`select * from public.notifications${w.sql} order by created_at, id`, w.params);
    return rows.map(rowToNotification);
  }

  async kpiWindow(query: KpiWindowQuery): Promise<KpiWindowRow[]> {
    // A set-returning function: read it as a table, with the same named arguments.
    const entries: [string, JsonValue][] = Object.entries(kpiWindowCall(query).args);
    const args = entries.map(([name], i) => `${name} => $${i + 1}`).join(', ');
    const rows = await this.db.query(
      `select * from public.kpi_window(${args})`,
      entries.map(([, value]) => toParam(value)),
    );
    return rows.map(parseKpiWindowRow);
  }

  async incrementMetric(point: MetricPoint): Promise<void> {
    await this.rpc(incrementMetricCall(point));
  }
}
