import {
  mergePriorState,
  ROLLBACK_RECORD_STATUSES,
  ROLLBACK_STEP_STATUSES,
  withStep,
  type JsonValue,
  type NewRollbackRecord,
  type RollbackRecord,
  type RollbackRecordKind,
  type RollbackRecordStatus,
  type RollbackStep,
} from '@opsguard/core';
import { backendOf, type BackendHandle } from './backend-handles.js';
import { StoreQueryError, toStoreError } from './errors.js';
import { asRow, iso, jsonObject, text } from './row-values.js';
import type { SqlExecutor } from './sql-executor.js';
import type { Store } from './store.js';

export interface RollbackRecordFilter {
  readonly kind?: RollbackRecordKind;
  readonly repo?: string;
  /** Exactly this scope (`global:*`, `service:github:acme/web:CI`). */
  readonly scope?: string;
  /** Created at or after (inclusive). */
  readonly since?: Date;
  readonly statuses?: readonly RollbackRecordStatus[];
}

/**
 * `public.rollback_records` (supabase/migrations/20261203010000_rollback_records.sql). Every write
 * returns the record as it now stands; writing to an unknown id throws.
 */
export interface RollbackRecordStore {
  /** Before the first change. The same id twice: the first record stands and is returned. */
  createRecord(record: NewRollbackRecord, now: Date): Promise<{ inserted: boolean; record: RollbackRecord }>;
  /** Adds prior states of targets not yet recorded (a recorded one keeps its first value). */
  mergePriorState(id: string, prior: Readonly<Record<string, string>>, now: Date): Promise<RollbackRecord>;
  /** After each step: replaces the step with the same id, else appends it. */
  recordStep(id: string, step: RollbackStep, now: Date): Promise<RollbackRecord>;
  setStatus(id: string, status: RollbackRecordStatus, now: Date): Promise<RollbackRecord>;
  getRecord(id: string): Promise<RollbackRecord | null>;
  /** Newest first. */
  listRecords(filter?: RollbackRecordFilter): Promise<RollbackRecord[]>;
}

export const ROLLBACK_RPC_ARGS = {
  create_rollback_record: ['p_record', 'p_now'],
  merge_rollback_prior_state: ['p_id', 'p_prior', 'p_now'],
  record_rollback_step: ['p_id', 'p_step', 'p_now'],
  set_rollback_record_status: ['p_id', 'p_status', 'p_now'],
} as const;
export type RollbackRpcName = keyof typeof ROLLBACK_RPC_ARGS;

function toStep(value: unknown): RollbackStep {
  const row = asRow(value, 'rollback step');
  const status = text(row, 'status');
  if (!(ROLLBACK_STEP_STATUSES as readonly string[]).includes(status))
    throw new TypeError(`store row: rollback step status ${status}`);
  const detail = row['detail'];
  return {
    id: text(row, 'id'),
    kind: text(row, 'kind'),
    target: text(row, 'target'),
    status: status as RollbackStep['status'],
    detail: typeof detail === 'string' ? detail : null,
    at: text(row, 'at'),
  };
}

/** A row of the table (select) or the jsonb a function returned. */
export function toRollbackRecord(value: unknown): RollbackRecord {
  const raw: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const row = asRow(raw, 'rollback record');
  const kind = text(row, 'kind');
  const status = text(row, 'status');
  if (kind !== 'kill-switch' && kind !== 'rollback') throw new TypeError(`store row: rollback record kind ${kind}`);
  if (!(ROLLBACK_RECORD_STATUSES as readonly string[]).includes(status))
    throw new TypeError(`store row: rollback record status ${status}`);
  const prior = jsonObject(row, 'prior_state');
  const steps: unknown = typeof row['steps'] === 'string' ? JSON.parse(row['steps']) : row['steps'];
  if (!Array.isArray(steps)) throw new TypeError('store row: rollback record steps should be an array');
  return {
    id: text(row, 'id'),
    kind,
    repo: text(row, 'repo'),
    scope: text(row, 'scope'),
    reason: text(row, 'reason'),
    priorState: Object.fromEntries(Object.entries(prior).map(([k, v]) => [k, String(v)])),
    steps: steps.map(toStep),
    status: status as RollbackRecordStatus,
    createdBy: text(row, 'created_by'),
    createdAt: iso(row, 'created_at'),
    updatedAt: iso(row, 'updated_at'),
  };
}

function recordArgs(record: NewRollbackRecord): JsonValue {
  return {
    id: record.id,
    kind: record.kind,
    repo: record.repo,
    scope: record.scope,
    reason: record.reason,
    prior_state: { ...record.priorState },
    created_by: record.createdBy,
  };
}

function stepArgs(step: RollbackStep): JsonValue {
  return { ...step };
}

function created(value: unknown): { inserted: boolean; record: RollbackRecord } {
  const raw: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const row = asRow(raw, 'create_rollback_record');
  return { inserted: row['inserted'] === true, record: toRollbackRecord(row['record']) };
}

function existing(fn: string, id: string, value: unknown): RollbackRecord {
  if (value === null || value === undefined) throw new StoreQueryError(fn, `no rollback record ${id}`);
  return toRollbackRecord(value);
}

type Call = { readonly fn: RollbackRpcName; readonly args: Readonly<Record<string, JsonValue>> };

const calls = {
  create: (r: NewRollbackRecord, now: Date): Call => ({
    fn: 'create_rollback_record',
    args: { p_record: recordArgs(r), p_now: now.toISOString() },
  }),
  merge: (id: string, prior: Readonly<Record<string, string>>, now: Date): Call => ({
    fn: 'merge_rollback_prior_state',
    args: { p_id: id, p_prior: { ...prior }, p_now: now.toISOString() },
  }),
  step: (id: string, step: RollbackStep, now: Date): Call => ({
    fn: 'record_rollback_step',
    args: { p_id: id, p_step: stepArgs(step), p_now: now.toISOString() },
  }),
  status: (id: string, status: RollbackRecordStatus, now: Date): Call => ({
    fn: 'set_rollback_record_status',
    args: { p_id: id, p_status: status, p_now: now.toISOString() },
  }),
};

const COLUMNS = 'id, kind, repo, scope, reason, prior_state, steps, status, created_by, created_at, updated_at';

/** The four writes through one `rpc`, and reads through `select`: shared by SQL and Supabase. */
function storeOver(
  rpc: (call: Call) => Promise<unknown>,
  select: (filter: RollbackRecordFilter & { readonly id?: string }) => Promise<unknown[]>,
): RollbackRecordStore {
  return {
    createRecord: async (record, now) => created(await rpc(calls.create(record, now))),
    mergePriorState: async (id, prior, now) =>
      existing('merge_rollback_prior_state', id, await rpc(calls.merge(id, prior, now))),
    recordStep: async (id, step, now) => existing('record_rollback_step', id, await rpc(calls.step(id, step, now))),
    setStatus: async (id, status, now) =>
      existing('set_rollback_record_status', id, await rpc(calls.status(id, status, now))),
    getRecord: async (id) => {
      const [row] = await select({ id });
      return row === undefined ? null : toRollbackRecord(row);
    },
    listRecords: async (filter = {}) => (await select(filter)).map(toRollbackRecord),
  };
}

/** On a Postgres server (`pg`) or PGlite. */
export function sqlRollbackRecordStore(db: SqlExecutor): RollbackRecordStore {
  return storeOver(
    async (call) => {
      const entries = Object.entries(call.args);
      const args = entries.map(([name], i) => `${name} => $${i + 1}`).join(', ');
      const params = entries.map(([, v]) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
      try {
        const rows = await db.query(`select public.${call.fn}(${args}) as result`, params);
        return rows[0]?.['result'];
      } catch (error) {
        throw toStoreError(error, call.fn);
      }
    },
    async (filter) =>
      db.query(
        `select ${COLUMNS} from public.rollback_records
         where ($1::text is null or id = $1) and ($2::text is null or kind = $2)
           and ($3::text is null or repo = $3) and ($4::text is null or scope = $4)
           and ($5::timestamptz is null or created_at >= $5)
           and ($6::jsonb is null or status in (select jsonb_array_elements_text($6::jsonb)))
         order by created_at desc, id`,
        [
          filter.id ?? null,
          filter.kind ?? null,
          filter.repo ?? null,
          filter.scope ?? null,
          filter.since?.toISOString() ?? null,
          filter.statuses ? JSON.stringify(filter.statuses) : null,
        ],
      ),
  );
}

/** On Supabase: writes by `rpc`, reads by `select`. */
export function supabaseRollbackRecordStore({
  client,
  check,
}: Pick<Extract<BackendHandle, { kind: 'supabase' }>, 'client' | 'check'>): RollbackRecordStore {
  return storeOver(
    async (call) => check(`rpc ${call.fn}`, await client.rpc(call.fn, call.args)),
    async (filter) => {
      let query = client.from('rollback_records').select(COLUMNS);
      if (filter.id !== undefined) query = query.eq('id', filter.id);
      if (filter.kind !== undefined) query = query.eq('kind', filter.kind);
      if (filter.repo !== undefined) query = query.eq('repo', filter.repo);
      if (filter.scope !== undefined) query = query.eq('scope', filter.scope);
      if (filter.since !== undefined) query = query.gte('created_at', filter.since.toISOString());
      if (filter.statuses !== undefined) query = query.in('status', [...filter.statuses]);
      const data = check(
        'select rollback_records',
        await query.order('created_at', { ascending: false }).order('id').limit(1000),
      );
      if (!Array.isArray(data)) throw new StoreQueryError('select rollback_records', 'returned no rows array');
      return data as unknown[];
    },
  );
}

/**
 * In this process's memory: the store-less mode (the record is then also kept where the next
 * runner finds it, see the engine's variable-backed records) and tests.
 */
export class MemoryRollbackRecordStore implements RollbackRecordStore {
  readonly #records = new Map<string, RollbackRecord>();

  #get(fn: string, id: string): RollbackRecord {
    const record = this.#records.get(id);
    if (!record) throw new StoreQueryError(fn, `no rollback record ${id}`);
    return record;
  }

  #put(record: RollbackRecord): RollbackRecord {
    this.#records.set(record.id, record);
    return record;
  }

  async createRecord(record: NewRollbackRecord, now: Date) {
    const found = this.#records.get(record.id);
    if (found) return { inserted: false, record: found };
    const at = now.toISOString();
    const stored: RollbackRecord = {
      ...record,
      priorState: { ...record.priorState },
      steps: [],
      status: 'open',
      createdAt: at,
      updatedAt: at,
    };
    return { inserted: true, record: this.#put(stored) };
  }

  async mergePriorState(id: string, prior: Readonly<Record<string, string>>, now: Date) {
    const record = this.#get('merge_rollback_prior_state', id);
    return this.#put({
      ...record,
      priorState: mergePriorState(record.priorState, prior),
      updatedAt: now.toISOString(),
    });
  }

  async recordStep(id: string, step: RollbackStep, now: Date) {
    const record = this.#get('record_rollback_step', id);
    return this.#put({ ...record, steps: withStep(record.steps, step), updatedAt: now.toISOString() });
  }

  async setStatus(id: string, status: RollbackRecordStatus, now: Date) {
    const record = this.#get('set_rollback_record_status', id);
    return this.#put({ ...record, status, updatedAt: now.toISOString() });
  }

  async getRecord(id: string) {
    return this.#records.get(id) ?? null;
  }

  async listRecords(filter: RollbackRecordFilter = {}) {
    return [...this.#records.values()]
      .filter(
        (r) =>
          (filter.kind === undefined || r.kind === filter.kind) &&
          (filter.repo === undefined || r.repo === filter.repo) &&
          (filter.scope === undefined || r.scope === filter.scope) &&
          (filter.since === undefined || Date.parse(r.createdAt) >= filter.since.getTime()) &&
          (filter.statuses === undefined || filter.statuses.includes(r.status)),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }

  /** Puts a record back as it was kept elsewhere (the store-less runner reads it off GitHub). */
  load(record: RollbackRecord): void {
    this.#records.set(record.id, record);
  }
}

const inMemory = new WeakMap<object, MemoryRollbackRecordStore>();

/**
 * The rollback records of a store opened by openStore, on its own connection or client; for a
 * store with no database (memory, the store-less runner) one in-memory store per Store object.
 */
export function rollbackRecordsOf(store: Store): RollbackRecordStore {
  const handle = backendOf(store);
  if (handle) return handle.kind === 'sql' ? sqlRollbackRecordStore(handle.db) : supabaseRollbackRecordStore(handle);
  let memory = inMemory.get(store);
  if (!memory) {
    memory = new MemoryRollbackRecordStore();
    inMemory.set(store, memory);
  }
  return memory;
}
