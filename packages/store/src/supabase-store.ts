import { ConfigurationError, type JsonObject } from '@opsguard/core';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { registerBackend } from './backend-handles.js';
import { lastPerKey, toBatches } from './batches.js';
import { StoreQueryError, StoreUnavailableError } from './errors.js';
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
  parseIdempotencyResult,
  parseTokenGrant,
  recordBreakerOutcomeCall,
  setKillSwitchCall,
  kpiWindowCall,
  parseKpiWindowRow,
  type RpcCall,
  type RpcName,
} from './rpc-calls.js';
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
  TokenBucketSpec,
  TokenGrant,
  UpsertResult,
} from './store.js';

export interface SupabaseStoreOptions {
  /** The project URL (`SUPABASE_URL`), e.g. `https://abcd.supabase.co`. */
  readonly url: string;
  /** The service-role (secret) key; sent as `apikey` and bearer token, never logged. */
  readonly key: string;
  /** fetch to use (tests, proxies); default the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * Let postgrest-js retry reads (GET) on network errors and 503/520, up to 3 times
   * (1 s, 2 s, 4 s). Writes and rpc calls are never retried by the client. Default true.
   */
  readonly retry?: boolean;
  /** Per-request timeout (default 30 s): a hanging store must not hang the guard. */
  readonly timeoutMs?: number;
  /** Rows per read request; at most PostgREST's `max-rows` (1000 on Supabase). */
  readonly pageSize?: number;
}

const DEFAULT_PAGE_SIZE = 1000;
const DEFAULT_TIMEOUT_MS = 30_000;

/** The fields of a postgrest-js answer this store reads. */
interface PostgrestAnswer {
  readonly data: unknown;
  readonly error: {
    readonly message: string;
    readonly code?: string;
    readonly details?: string | null;
    readonly hint?: string | null;
  } | null;
  readonly status: number;
}

type Filter = readonly ['eq' | 'gte' | 'lt', string, string | number];

interface ReadSpec {
  readonly table: string;
  readonly filters: readonly (Filter | null)[];
  readonly order: readonly string[];
  readonly limit?: number;
}

/**
 * The Store on Supabase through supabase-js: every SQL function by `rpc` with the same named
 * arguments as the SQL backends (rpc-calls.ts), reads with `select` and filters (paged, since
 * PostgREST caps rows per answer), runs and jobs by batched `upsert` (≤ 500 rows a request).
 * No session is kept and nothing realtime is opened.
 */
export class SupabaseStore implements Store {
  readonly kind = 'supabase' as const;
  // #private: neither JSON.stringify nor util.inspect of the store shows the client and its key.
  readonly #client: SupabaseClient;
  readonly #retry: boolean;
  readonly #pageSize: number;
  readonly #redact: (text: string) => string;

  constructor(options: SupabaseStoreOptions) {
    const url = options.url.trim();
    const key = options.key.trim();
    if (!/^https?:\/\/[^\s/]+/i.test(url)) {
      throw new ConfigurationError('SUPABASE_URL must be the project URL, e.g. https://<project>.supabase.co');
    }
    if (key === '')
      throw new ConfigurationError('the Supabase service-role key is empty: set SUPABASE_SERVICE_ROLE_KEY');
    this.#retry = options.retry ?? true;
    this.#pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
    // Defence in depth: no message this store builds may carry the key, whatever the server echoes.
    this.#redact = (text) => (key.length >= 4 ? text.split(key).join('[redacted]') : text);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const baseFetch = options.fetch ?? fetch;
    const timedFetch: typeof fetch = (input, init) =>
      baseFetch(input, {
        ...init,
        signal: init?.signal
          ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
          : AbortSignal.timeout(timeoutMs),
      });
    this.#client = createClient(url, key, {
      db: { schema: 'public' },
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: { fetch: timedFetch },
    });
    registerBackend(this, {
      kind: 'supabase',
      client: this.#client,
      check: (operation, answer) => this.#check(operation, answer),
      retry: this.#retry,
    });
  }

  /** Unwraps an answer: network or 5xx → StoreUnavailableError, any other refusal → StoreQueryError. */
  #check(operation: string, answer: PostgrestAnswer): unknown {
    const { error, status } = answer;
    if (!error) return answer.data;
    const message = this.#redact(error.message);
    if (status === 0) {
      // postgrest-js reports a fetch that never got an answer as status 0, the cause in `details`.
      const cause = /Caused by: ([^\n]*)/.exec(error.details ?? '')?.[1];
      throw new StoreUnavailableError(
        `store unavailable (supabase ${operation}): ${message}${cause ? ` (${this.#redact(cause)})` : ''}`,
      );
    }
    if (status >= 500)
      throw new StoreUnavailableError(`store unavailable (supabase ${operation}): HTTP ${status}: ${message}`);
    const code = error.code ? ` ${error.code}` : '';
    const extra = [error.details, error.hint]
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .map((part) => this.#redact(part));
    throw new StoreQueryError(
      operation,
      `supabase ${operation} failed (HTTP ${status}${code}): ${message}${extra.length ? ` (${extra.join('; ')})` : ''}`,
      { code: error.code ?? null, status },
    );
  }

  async #rpc<F extends RpcName>(call: RpcCall<F>): Promise<unknown> {
    const answer = await this.#client.rpc(call.fn, call.args);
    return this.#check(`rpc ${call.fn}`, answer);
  }

  /** Every matching row, page by page in a stable order (PostgREST caps each answer). */
  async #readAll(spec: ReadSpec): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    const wanted = spec.limit ?? Number.POSITIVE_INFINITY;
    while (rows.length < wanted) {
      const from = rows.length;
      const to = from + Math.min(this.#pageSize, wanted - from) - 1;
      let query = this.#client.from(spec.table).select('*');
      for (const filter of spec.filters) {
        if (!filter) continue;
        const [op, column, value] = filter;
        query =
          op === 'eq' ? query.eq(column, value) : op === 'gte' ? query.gte(column, value) : query.lt(column, value);
      }
      for (const column of spec.order) query = query.order(column, { ascending: true });
      const page = this.#check(`select ${spec.table}`, await query.range(from, to).retry(this.#retry));
      if (!Array.isArray(page))
        throw new StoreQueryError(`select ${spec.table}`, `supabase select ${spec.table} returned no rows array`);
      rows.push(...(page as Record<string, unknown>[]));
      if (page.length < to - from + 1) break;
    }
    return rows;
  }

  async ping(): Promise<void> {
    const answer = await this.#client.from('kill_switch_state').select('scope').limit(1).retry(this.#retry);
    this.#check('select kill_switch_state', answer);
  }

  close(): Promise<void> {
    // Nothing is held open: no session, no realtime channel, fetch keeps no connection of ours.
    return Promise.resolve();
  }

  async listKillSwitches(): Promise<KillSwitchState[]> {
    const rows = await this.#readAll({ table: 'kill_switch_state', filters: [], order: ['scope', 'target'] });
    return rows.map(rowToKillSwitch);
  }

  async setKillSwitch(change: KillSwitchChange): Promise<KillSwitchState> {
    return rowToKillSwitch(await this.#rpc(setKillSwitchCall(change)));
  }

  async consumeTokens(buckets: readonly TokenBucketSpec[], now: Date): Promise<TokenGrant> {
    if (buckets.length === 0) return { allowed: true, deniedKey: null, retryAfterMs: 0 };
    return parseTokenGrant(await this.#rpc(consumeTokensCall(buckets, now)));
  }

  async admitBreaker(spec: BreakerSpec, now: Date): Promise<BreakerAdmission> {
    return parseBreakerAdmission(await this.#rpc(admitBreakerCall(spec, now)));
  }

  async recordBreakerOutcome(spec: BreakerSpec, success: boolean, now: Date): Promise<BreakerSnapshot> {
    return parseBreakerSnapshot(await this.#rpc(recordBreakerOutcomeCall(spec, success, now)));
  }

  async getBreaker(target: string): Promise<BreakerSnapshot | null> {
    const rows = await this.#readAll({
      table: 'circuit_breakers',
      filters: [['eq', 'target', target]],
      order: ['target'],
      limit: 1,
    });
    return rows[0] ? rowToBreaker(rows[0]) : null;
  }

  async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyResult> {
    return parseIdempotencyResult(await this.#rpc(claimIdempotencyKeyCall(claim)));
  }

  async completeIdempotencyKey(
    key: string,
    status: 'completed' | 'failed',
    result: JsonObject,
    now: Date,
  ): Promise<void> {
    await this.#rpc(completeIdempotencyKeyCall(key, status, result, now));
  }

  async releaseIdempotencyKey(key: string, owner: string): Promise<boolean> {
    return parseBoolean(await this.#rpc(releaseIdempotencyKeyCall(key, owner)), 'release_idempotency_key');
  }

  async appendAudit(record: AuditRecord): Promise<{ inserted: boolean }> {
    return { inserted: parseBoolean(await this.#rpc(appendAuditCall(record)), 'append_audit') };
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const rows = await this.#readAll({
      table: 'automation_audit',
      filters: [
        filter.since ? ['gte', 'at', filter.since.toISOString()] : null,
        filter.action !== undefined ? ['eq', 'action', filter.action] : null,
        filter.target !== undefined ? ['eq', 'target', filter.target] : null,
      ],
      order: ['at', 'id'],
      ...(filter.limit !== undefined && { limit: Math.max(0, Math.floor(filter.limit)) }),
    });
    return rows.map(rowToAudit);
  }

  /** `Prefer: resolution=merge-duplicates` on the primary key, one request per ≤ 500 rows. */
  async #upsert(table: string, onConflict: string, rows: readonly JsonRow[]): Promise<UpsertResult> {
    const batches = toBatches(rows);
    let written = 0;
    for (const batch of batches) {
      this.#check(`upsert ${table}`, await this.#client.from(table).upsert(batch, { onConflict }));
      written += batch.length;
    }
    return { rows: written, requests: batches.length };
  }

  upsertRuns(rows: readonly RunRecord[]): Promise<UpsertResult> {
    return this.#upsert('runs', 'repo,run_id,attempt', lastPerKey(rows, runKey).map(runToRow));
  }

  upsertJobs(rows: readonly JobRecord[]): Promise<UpsertResult> {
    return this.#upsert('jobs', 'repo,job_id', lastPerKey(rows, jobKey).map(jobToRow));
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const rows = await this.#readAll({
      table: 'runs',
      filters: [
        filter.repo !== undefined ? ['eq', 'repo', filter.repo] : null,
        filter.since ? ['gte', 'created_at', filter.since.toISOString()] : null,
        filter.until ? ['lt', 'created_at', filter.until.toISOString()] : null,
      ],
      order: ['created_at', 'repo', 'run_id', 'attempt'],
    });
    return rows.map(rowToRun);
  }

  async insertRetryHistory(record: RetryHistoryRecord): Promise<void> {
    this.#check('insert retry_history', await this.#client.from('retry_history').insert(retryToRow(record)));
  }

  async listRetryHistory(filter: RunFilter = {}): Promise<RetryHistoryRecord[]> {
    const rows = await this.#readAll({
      table: 'retry_history',
      filters: [
        filter.repo !== undefined ? ['eq', 'repo', filter.repo] : null,
        filter.since ? ['gte', 'decided_at', filter.since.toISOString()] : null,
        filter.until ? ['lt', 'decided_at', filter.until.toISOString()] : null,
      ],
      order: ['decided_at', 'id'],
    });
    return rows.map(rowToRetry);
  }

  async insertNotification(record: NotificationRecord): Promise<void> {
    this.#check('insert notifications', await this.#client.from('notifications').insert(notificationToRow(record)));
  }

  async listNotifications(filter: NotificationFilter = {}): Promise<NotificationRecord[]> {
    const rows = await this.#readAll({
      table: 'notifications',
      filters: [
        filter.repo !== undefined ? ['eq', 'repo', filter.repo] : null,
        filter.since ? ['gte', 'created_at', filter.since.toISOString()] : null,
        filter.fingerprint !== undefined ? ['eq', 'fingerprint', filter.fingerprint] : null,
      ],
      order: ['created_at', 'id'],
    });
    return rows.map(rowToNotification);
  }

  async kpiWindow(query: KpiWindowQuery): Promise<KpiWindowRow[]> {
    const rows = await this.#rpc(kpiWindowCall(query));
    return Array.isArray(rows) ? rows.map(parseKpiWindowRow) : [];
  }

  async incrementMetric(point: MetricPoint): Promise<void> {
    await this.#rpc(incrementMetricCall(point));
  }
}

/** Opens the Supabase store. Synchronous work only: the first request is the first call. */
export function openSupabaseStore(options: SupabaseStoreOptions): Store {
  return new SupabaseStore(options);
}
