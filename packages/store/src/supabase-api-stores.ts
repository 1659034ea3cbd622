import type { JsonObject, JsonValue } from '@opsguard/core';
import type { ApiPage, ApiPageQuery, ApiReader, ApiRow, KpiApiQuery, RunAttemptRef } from './api-reader.js';
import { API_TABLE_SPECS, decodeCursor, encodeCursor, KPI_COLUMNS, toApiRow } from './api-tables.js';
import type { BackendHandle, PostgrestAnswer } from './backend-handles.js';
import { StoreQueryError } from './errors.js';
import {
  apiKeyToRow,
  apiKpiCall,
  cleanupCall,
  acceptIntakeEventCall,
  claimIntakeKeyCall,
  finishIntakeKeyCall,
  parseCleanupCounts,
  parseIntakeClaim,
  parseIntakeFinish,
  publicApiKey,
  rowToApiKey,
} from './intake-calls.js';
import { refusalAudit } from './intake-refusal.js';
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
import { appendAuditCall } from './rpc-calls.js';

type SupabaseHandle = Extract<BackendHandle, { kind: 'supabase' }>;

/** A PostgREST filter value, always quoted (timestamps hold `:` and `.`, names may hold `,`). */
function quoted(value: JsonValue): string {
  const raw = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return `"${raw.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * `(a, b, c) > (A, B, C)` as a PostgREST `or` filter:
 * `a.gt.A, and(a.eq.A, b.gt.B), and(a.eq.A, b.eq.B, c.gt.C)`.
 */
export function keysetFilter(columns: readonly string[], values: readonly JsonValue[]): string {
  const terms = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((c, j) => `${c}.eq.${quoted(values[j] ?? null)}`);
    const greater = `${column}.gt.${quoted(values[i] ?? null)}`;
    return equal.length === 0 ? greater : `and(${[...equal, greater].join(',')})`;
  });
  return terms.join(',');
}

async function rpc(
  handle: SupabaseHandle,
  call: { readonly fn: string; readonly args: Readonly<Record<string, JsonValue>> },
): Promise<unknown> {
  const answer = (await handle.client.rpc(call.fn, call.args)) as PostgrestAnswer;
  return handle.check(`rpc ${call.fn}`, answer);
}

/**
 * ApiReader on Supabase: the `api` schema through PostgREST (it must be in the project's
 * exposed schemas, docs/api.md), the same keyset order as the SQL reader.
 */
export class SupabaseApiReader implements ApiReader {
  constructor(private readonly handle: SupabaseHandle) {}

  async page(query: ApiPageQuery): Promise<ApiPage> {
    const spec = API_TABLE_SPECS[query.table];
    const limit = Math.max(1, Math.floor(query.limit));
    let request = this.handle.client.schema('api').from(spec.view).select(Object.keys(spec.columns).join(','));
    const { filter } = query;
    if (filter.repository !== undefined) request = request.eq('repository', filter.repository);
    if (filter.workflow !== undefined) request = request.eq('workflow', filter.workflow);
    if (filter.since) request = request.gte(spec.time, filter.since.toISOString());
    if (filter.until) request = request.lt(spec.time, filter.until.toISOString());
    if (query.cursor !== null)
      request = request.or(keysetFilter(spec.cursor, decodeCursor(query.table, spec, query.cursor)));
    for (const column of spec.cursor) request = request.order(column, { ascending: true });
    const answer = (await request.limit(limit + 1).retry(this.handle.retry)) as PostgrestAnswer;
    const data = this.handle.check(`select api.${spec.view}`, answer);
    if (!Array.isArray(data)) throw new StoreQueryError(`select api.${spec.view}`, `supabase returned no rows array`);
    const rows = (data as Record<string, unknown>[]).slice(0, limit).map((row) => toApiRow(row, spec.columns));
    const last = rows.at(-1);
    return { rows, nextCursor: data.length > limit && last ? encodeCursor(query.table, spec, last) : null };
  }

  async jobsOfRuns(runs: readonly RunAttemptRef[]): Promise<ApiRow[]> {
    const spec = API_TABLE_SPECS.jobs;
    const rows: ApiRow[] = [];
    // PostgREST has no tuple IN: an `or` of ands, in batches that keep the URL short.
    for (let i = 0; i < runs.length; i += 40) {
      const batch = runs.slice(i, i + 40);
      const or = batch
        .map((r) => `and(repository.eq.${quoted(r.repository)},run_id.eq.${r.runId},attempt.eq.${r.attempt})`)
        .join(',');
      let request = this.handle.client.schema('api').from(spec.view).select(Object.keys(spec.columns).join(',')).or(or);
      for (const column of spec.cursor) request = request.order(column, { ascending: true });
      const data = this.handle.check(
        `select api.${spec.view}`,
        (await request.retry(this.handle.retry)) as PostgrestAnswer,
      );
      if (Array.isArray(data))
        rows.push(...(data as Record<string, unknown>[]).map((row) => toApiRow(row, spec.columns)));
    }
    return rows;
  }

  async kpi(query: KpiApiQuery): Promise<ApiRow[]> {
    const data = await rpc(this.handle, apiKpiCall(query));
    return Array.isArray(data) ? data.map((row: Record<string, unknown>) => toApiRow(row, KPI_COLUMNS)) : [];
  }
}

export class SupabaseIntakeStore implements IntakeStore {
  constructor(private readonly handle: SupabaseHandle) {}

  async claimIntakeKey(request: IntakeClaimRequest): Promise<IntakeClaim> {
    return parseIntakeClaim(await rpc(this.handle, claimIntakeKeyCall(request)));
  }

  async acceptIntakeEvent(request: IntakeAcceptRequest): Promise<IntakeClaim> {
    return parseIntakeClaim(await rpc(this.handle, acceptIntakeEventCall(request)), 'accept_intake_event');
  }

  async finishIntakeKey(request: IntakeFinishRequest): Promise<IntakeFinish> {
    return parseIntakeFinish(await rpc(this.handle, finishIntakeKeyCall(request)));
  }

  async recordRefusal(refusal: IntakeRefusal): Promise<void> {
    await rpc(this.handle, appendAuditCall(refusalAudit(refusal)));
  }

  async cleanupExpired(now: Date, bucketIdleMs: number): Promise<CleanupCounts> {
    return parseCleanupCounts(await rpc(this.handle, cleanupCall(now, bucketIdleMs)));
  }
}

export class SupabaseApiKeyStore implements ApiKeyStore {
  constructor(private readonly handle: SupabaseHandle) {}

  async insertApiKey(key: StoredApiKey): Promise<void> {
    const row: JsonObject = apiKeyToRow(key);
    this.handle.check('insert api_keys', (await this.handle.client.from('api_keys').insert(row)) as PostgrestAnswer);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const answer = await this.handle.client
      .from('api_keys')
      .select('*')
      .order('created_at', { ascending: true })
      .order('id', { ascending: true })
      .retry(this.handle.retry);
    const data = this.handle.check('select api_keys', answer as PostgrestAnswer);
    return Array.isArray(data) ? data.map((row) => publicApiKey(rowToApiKey(row))) : [];
  }

  async revokeApiKey(id: string, now: Date): Promise<boolean> {
    const answer = await this.handle.client
      .from('api_keys')
      .update({ revoked_at: now.toISOString() })
      .eq('id', id)
      .is('revoked_at', null)
      .select('id');
    const data = this.handle.check('update api_keys', answer as PostgrestAnswer);
    return Array.isArray(data) && data.length === 1;
  }

  async findApiKey(id: string): Promise<StoredApiKey | null> {
    const answer = await this.handle.client.from('api_keys').select('*').eq('id', id).limit(1).retry(this.handle.retry);
    const data = this.handle.check('select api_keys', answer as PostgrestAnswer);
    return Array.isArray(data) && data[0] ? rowToApiKey(data[0]) : null;
  }
}
