import {
  ROLLBACK_HISTORY_EVENTS,
  type JsonValue,
  type RollbackHistoryEntry,
  type RollbackHistoryEvent,
} from '@opsguard/core';
import { backendOf, type BackendHandle } from './backend-handles.js';
import { StoreQueryError, toStoreError } from './errors.js';
import { asRow, iso, jsonObject, optText, text } from './row-values.js';
import type { SqlExecutor } from './sql-executor.js';
import type { Store } from './store.js';

export interface RollbackHistoryFilter {
  readonly repo?: string;
  readonly planHash?: string;
  /** At or after (inclusive). */
  readonly since?: Date;
  /** Before (exclusive). */
  readonly until?: Date;
}

/**
 * `public.rollback_history` (supabase/migrations/20261203020000_rollback_history.sql):
 * append-only, written only through `append_rollback_history`.
 */
export interface RollbackHistoryStore {
  /** True when the entry was new; the same id twice leaves the first. */
  append(entry: RollbackHistoryEntry): Promise<boolean>;
  /** Oldest first; entries of the same instant in the order they were appended. */
  list(filter?: RollbackHistoryFilter): Promise<RollbackHistoryEntry[]>;
}

function toEntry(value: unknown): RollbackHistoryEntry {
  const row = asRow(value, 'rollback history entry');
  const event = text(row, 'event');
  if (!(ROLLBACK_HISTORY_EVENTS as readonly string[]).includes(event))
    throw new TypeError(`store row: rollback history event ${event}`);
  return {
    id: text(row, 'id'),
    at: iso(row, 'at'),
    repo: text(row, 'repo'),
    planHash: text(row, 'plan_hash'),
    event: event as RollbackHistoryEvent,
    step: optText(row, 'step'),
    actor: text(row, 'actor'),
    detail: text(row, 'detail'),
    data: jsonObject(row, 'data'),
  };
}

function entryArgs(entry: RollbackHistoryEntry): JsonValue {
  return {
    id: entry.id,
    at: entry.at,
    repo: entry.repo,
    plan_hash: entry.planHash,
    event: entry.event,
    step: entry.step,
    actor: entry.actor,
    detail: entry.detail,
    data: entry.data,
  };
}

const COLUMNS = 'id, at, repo, plan_hash, event, step, actor, detail, data';

/** On a Postgres server (`pg`) or PGlite. */
export function sqlRollbackHistoryStore(db: SqlExecutor): RollbackHistoryStore {
  return {
    async append(entry) {
      try {
        const rows = await db.query('select public.append_rollback_history(p_entry => $1) as inserted', [
          JSON.stringify(entryArgs(entry)),
        ]);
        return rows[0]?.['inserted'] === true;
      } catch (error) {
        throw toStoreError(error, 'append_rollback_history');
      }
    },
    async list(filter = {}) {
      const rows = await db.query(
        `select ${COLUMNS} from public.rollback_history
         where ($1::text is null or repo = $1) and ($2::text is null or plan_hash = $2)
           and ($3::timestamptz is null or at >= $3) and ($4::timestamptz is null or at < $4)
         order by at, seq`,
        [
          filter.repo ?? null,
          filter.planHash ?? null,
          filter.since?.toISOString() ?? null,
          filter.until?.toISOString() ?? null,
        ],
      );
      return rows.map(toEntry);
    },
  };
}

/** On Supabase: the append by `rpc`, reads by `select`. */
export function supabaseRollbackHistoryStore({
  client,
  check,
}: Pick<Extract<BackendHandle, { kind: 'supabase' }>, 'client' | 'check'>): RollbackHistoryStore {
  return {
    append: async (entry) =>
      check(
        'rpc append_rollback_history',
        await client.rpc('append_rollback_history', { p_entry: entryArgs(entry) }),
      ) === true,
    async list(filter = {}) {
      let query = client.from('rollback_history').select(COLUMNS);
      if (filter.repo !== undefined) query = query.eq('repo', filter.repo);
      if (filter.planHash !== undefined) query = query.eq('plan_hash', filter.planHash);
      if (filter.since !== undefined) query = query.gte('at', filter.since.toISOString());
      if (filter.until !== undefined) query = query.lt('at', filter.until.toISOString());
      const data = check(
        'select rollback_history',
        await query.order('at', { ascending: true }).order('seq').limit(5000),
      );
      if (!Array.isArray(data)) throw new StoreQueryError('select rollback_history', 'returned no rows array');
      return (data as unknown[]).map(toEntry);
    },
  };
}

/** In this process's memory: the store-less mode (the evidence bundle keeps the history) and tests. */
export class MemoryRollbackHistoryStore implements RollbackHistoryStore {
  readonly #entries = new Map<string, RollbackHistoryEntry>();

  async append(entry: RollbackHistoryEntry): Promise<boolean> {
    if (this.#entries.has(entry.id)) return false;
    this.#entries.set(entry.id, { ...entry, data: { ...entry.data } });
    return true;
  }

  async list(filter: RollbackHistoryFilter = {}): Promise<RollbackHistoryEntry[]> {
    return (
      [...this.#entries.values()]
        .filter(
          (e) =>
            (filter.repo === undefined || e.repo === filter.repo) &&
            (filter.planHash === undefined || e.planHash === filter.planHash) &&
            (filter.since === undefined || Date.parse(e.at) >= filter.since.getTime()) &&
            (filter.until === undefined || Date.parse(e.at) < filter.until.getTime()),
        )
        // Stable: entries of the same instant stay in the order they were appended.
        .sort((a, b) => a.at.localeCompare(b.at))
    );
  }
}

const inMemory = new WeakMap<object, MemoryRollbackHistoryStore>();

/**
 * The rollback history of a store opened by openStore, on its own connection or client; for a
 * store with no database (memory, the store-less runner) one in-memory history per Store object.
 */
export function rollbackHistoryOf(store: Store): RollbackHistoryStore {
  const handle = backendOf(store);
  if (handle) return handle.kind === 'sql' ? sqlRollbackHistoryStore(handle.db) : supabaseRollbackHistoryStore(handle);
  let memory = inMemory.get(store);
  if (!memory) {
    memory = new MemoryRollbackHistoryStore();
    inMemory.set(store, memory);
  }
  return memory;
}
