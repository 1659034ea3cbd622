import type { JsonValue } from '@opsguard/core';
import type { ApiPage, ApiPageQuery, ApiReader, ApiRow, KpiApiQuery, RunAttemptRef } from './api-reader.js';
import { API_TABLE_SPECS, decodeCursor, encodeCursor, KPI_COLUMNS, toApiRow, type ColumnType } from './api-tables.js';
import { apiKpiCall } from './intake-calls.js';
import type { SqlExecutor } from './sql-executor.js';

const CAST: Readonly<Record<ColumnType, string>> = {
  text: 'text',
  int: 'bigint',
  float: 'double precision',
  bool: 'boolean',
  time: 'timestamptz',
  json: 'jsonb',
};

const param = (value: JsonValue): unknown =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : value;

/** ApiReader on SQL (a Postgres server through `pg`, or PGlite): the same statements for both. */
export class SqlApiReader implements ApiReader {
  constructor(private readonly db: SqlExecutor) {}

  async page(query: ApiPageQuery): Promise<ApiPage> {
    const spec = API_TABLE_SPECS[query.table];
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const { filter } = query;
    if (filter.repository !== undefined) add((n) => `repository = ${n}`, filter.repository);
    if (filter.workflow !== undefined) add((n) => `workflow = ${n}`, filter.workflow);
    if (filter.since) add((n) => `${spec.time} >= ${n}::timestamptz`, filter.since.toISOString());
    if (filter.until) add((n) => `${spec.time} < ${n}::timestamptz`, filter.until.toISOString());
    if (query.cursor !== null) {
      // Row comparison over the indexed keyset order: an index range scan from the last row.
      const values = decodeCursor(query.table, spec, query.cursor);
      const placeholders = spec.cursor.map((column, i) => {
        params.push(param(values[i] ?? null));
        return `$${params.length}::${CAST[spec.columns[column] ?? 'text']}`;
      });
      where.push(`(${spec.cursor.join(', ')}) > (${placeholders.join(', ')})`);
    }
    const limit = Math.max(1, Math.floor(query.limit));
    params.push(limit + 1);
    const rows = await this.db.query(
      `select ${Object.keys(spec.columns).join(', ')} from api.${spec.view}` +
        `${where.length ? ` where ${where.join(' and ')}` : ''}` +
        ` order by ${spec.cursor.join(', ')} limit $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit).map((row) => toApiRow(row, spec.columns));
    const last = page.at(-1);
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(query.table, spec, last) : null };
  }

  async jobsOfRuns(runs: readonly RunAttemptRef[]): Promise<ApiRow[]> {
    if (runs.length === 0) return [];
    const spec = API_TABLE_SPECS.jobs;
    const rows = await this.db.query(
      `select ${Object.keys(spec.columns).join(', ')} from api.${spec.view}
       where (repository, run_id, attempt) in (
         select x.repository, x.run_id, x.attempt
         from jsonb_to_recordset($1::jsonb) as x(repository text, run_id bigint, attempt integer))
       order by ${spec.cursor.join(', ')}`,
      [JSON.stringify(runs.map((r) => ({ repository: r.repository, run_id: r.runId, attempt: r.attempt })))],
    );
    return rows.map((row) => toApiRow(row, spec.columns));
  }

  async kpi(query: KpiApiQuery): Promise<ApiRow[]> {
    // A set-returning function: read as a table, with the same named arguments as the rpc.
    const entries = Object.entries(apiKpiCall(query).args);
    const rows = await this.db.query(
      `select * from public.api_kpi(${entries.map(([name], i) => `${name} => $${i + 1}`).join(', ')})`,
      entries.map(([, value]) => value),
    );
    return rows.map((row) => toApiRow(row, KPI_COLUMNS));
  }
}
