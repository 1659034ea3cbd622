import { asRow, bool, iso, num, text } from './row-values.js';
import { StoreQueryError } from './errors.js';
import type { SqlExecutor } from './sql-executor.js';
import { backendOf, type BackendHandle } from './backend-handles.js';
import type { KillScope, Store } from './store.js';

/** One change of a kill switch, as `set_kill_switch` logged it (append-only in SQL). */
export interface KillSwitchLogEntry {
  readonly id: number;
  readonly scope: KillScope;
  readonly target: string;
  readonly active: boolean;
  readonly reason: string;
  readonly actor: string;
  /** UTC ISO-8601. */
  readonly at: string;
}

export interface KillSwitchLogFilter {
  /** Inclusive. */
  readonly since?: Date;
  /** Exclusive. */
  readonly until?: Date;
}

/** Reads `public.kill_switch_log`, oldest first: the kill switch's history for the evidence bundle. */
export interface KillSwitchLogReader {
  listKillSwitchLog(filter?: KillSwitchLogFilter): Promise<KillSwitchLogEntry[]>;
}

const SCOPES: readonly KillScope[] = ['global', 'service', 'action'];

function toEntry(value: unknown): KillSwitchLogEntry {
  const row = asRow(value, 'kill switch log');
  const scope = text(row, 'scope');
  if (!SCOPES.includes(scope as KillScope)) throw new TypeError(`store row: kill switch log scope ${scope}`);
  return {
    id: num(row, 'id'),
    scope: scope as KillScope,
    target: text(row, 'target'),
    active: bool(row, 'active'),
    reason: text(row, 'reason'),
    actor: text(row, 'actor'),
    at: iso(row, 'at'),
  };
}

export function sqlKillSwitchLog(db: SqlExecutor): KillSwitchLogReader {
  return {
    async listKillSwitchLog(filter = {}) {
      const rows = await db.query(
        `select * from public.kill_switch_log
         where ($1::timestamptz is null or at >= $1) and ($2::timestamptz is null or at < $2)
         order by at, id`,
        [filter.since?.toISOString() ?? null, filter.until?.toISOString() ?? null],
      );
      return rows.map(toEntry);
    },
  };
}

export function supabaseKillSwitchLog({
  client,
  check,
}: Pick<Extract<BackendHandle, { kind: 'supabase' }>, 'client' | 'check'>): KillSwitchLogReader {
  return {
    async listKillSwitchLog(filter = {}) {
      let query = client.from('kill_switch_log').select('*');
      if (filter.since) query = query.gte('at', filter.since.toISOString());
      if (filter.until) query = query.lt('at', filter.until.toISOString());
      const data = check('select kill_switch_log', await query.order('at').order('id').limit(1000));
      if (!Array.isArray(data)) throw new StoreQueryError('select kill_switch_log', 'returned no rows array');
      return (data as unknown[]).map(toEntry);
    },
  };
}

/** The kill-switch log on the backend a Store was opened on; null when it has none. */
export function killSwitchLogOf(store: Store): KillSwitchLogReader | null {
  const backend = backendOf(store);
  if (!backend) return null;
  return backend.kind === 'sql' ? sqlKillSwitchLog(backend.db) : supabaseKillSwitchLog(backend);
}
