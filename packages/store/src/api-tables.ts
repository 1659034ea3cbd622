import type { JsonValue } from '@opsguard/core';
import { InvalidCursorError, type ApiRow, type ApiTable } from './api-reader.js';

export type ColumnType = 'text' | 'int' | 'float' | 'bool' | 'time' | 'json';

/** What a reader needs to know of one `api.v1_*` view. */
export interface ApiTableSpec {
  readonly view: string;
  readonly columns: Readonly<Record<string, ColumnType>>;
  /** The keyset order: unique, and indexed (see the migration). */
  readonly cursor: readonly string[];
  /** since/until apply here. */
  readonly time: string;
}

const RUN_COLUMNS = {
  repository: 'text',
  workflow: 'text',
  run_id: 'int',
  attempt: 'int',
  workflow_id: 'int',
  event: 'text',
  branch: 'text',
  head_sha: 'text',
  status: 'text',
  conclusion: 'text',
  cause: 'text',
  created_at: 'time',
  started_at: 'time',
  updated_at: 'time',
  duration_ms: 'int',
  queue_ms: 'int',
  url: 'text',
} as const;

export const API_TABLE_SPECS: Readonly<Record<ApiTable, ApiTableSpec>> = {
  runs: {
    view: 'v1_runs',
    columns: RUN_COLUMNS,
    cursor: ['created_at', 'repository', 'run_id', 'attempt'],
    time: 'created_at',
  },
  jobs: {
    view: 'v1_jobs',
    columns: {
      repository: 'text',
      workflow: 'text',
      job_id: 'int',
      run_id: 'int',
      attempt: 'int',
      name: 'text',
      status: 'text',
      conclusion: 'text',
      created_at: 'time',
      started_at: 'time',
      completed_at: 'time',
      runner_name: 'text',
    },
    // Jobs are read per run too (the otel export); the primary key is the cheapest unique order.
    cursor: ['repository', 'job_id'],
    time: 'created_at',
  },
  'retry-history': {
    view: 'v1_retry_history',
    columns: {
      id: 'int',
      repository: 'text',
      workflow: 'text',
      run_id: 'int',
      attempt: 'int',
      cause: 'text',
      transient: 'bool',
      decision: 'text',
      reason: 'text',
      delay_ms: 'int',
      result: 'text',
      evidence: 'json',
      decided_at: 'time',
    },
    // An identity column only grows: rows inserted during a walk come after it, never inside.
    cursor: ['id'],
    time: 'decided_at',
  },
  audit: {
    view: 'v1_audit',
    columns: {
      id: 'text',
      at: 'time',
      action: 'text',
      service: 'text',
      target: 'text',
      repository: 'text',
      workflow: 'text',
      idempotency_key: 'text',
      outcome: 'text',
      reason: 'text',
      dry_run: 'bool',
      actor: 'text',
      attempts: 'int',
      duration_ms: 'int',
      details: 'json',
    },
    cursor: ['at', 'id'],
    time: 'at',
  },
  metrics: {
    view: 'v1_metrics',
    columns: { name: 'text', labels: 'json', minute: 'time', value: 'float', repository: 'text', workflow: 'text' },
    cursor: ['minute', 'name', 'labels'],
    time: 'minute',
  },
};

export const KPI_COLUMNS: Readonly<Record<string, ColumnType>> = {
  repository: 'text',
  workflow: 'text',
  runs: 'int',
  attempts: 'int',
  success_rate_by_run: 'float',
  success_rate_by_attempt: 'float',
  mean_retry_count: 'float',
  duration_mean_ms: 'float',
  duration_p50_ms: 'float',
  duration_p95_ms: 'float',
  queue_p50_ms: 'float',
  queue_p95_ms: 'float',
  mttr_ms: 'float',
  incidents: 'int',
  auto_recovery_rate: 'float',
  auto_reruns: 'int',
  failures_by_cause: 'json',
};

function normalise(value: unknown, type: ColumnType, column: string): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'text':
      return String(value);
    case 'int':
    case 'float': {
      const n = typeof value === 'number' ? value : Number(value as string | bigint);
      if (!Number.isFinite(n)) throw new TypeError(`api row: column ${column} is not a number`);
      return n;
    }
    case 'bool':
      return value === true || value === 't' || value === 'true';
    case 'time': {
      const date = value instanceof Date ? value : new Date(String(value));
      if (Number.isNaN(date.getTime())) throw new TypeError(`api row: column ${column} is not a timestamp`);
      return date.toISOString();
    }
    case 'json':
      return (typeof value === 'string' ? JSON.parse(value) : value) as JsonValue;
  }
}

/** A driver's row (pg: Date and int8 strings; PGlite; PostgREST JSON) in the API's one shape. */
export function toApiRow(
  raw: Readonly<Record<string, unknown>>,
  columns: Readonly<Record<string, ColumnType>>,
): ApiRow {
  const row: Record<string, JsonValue> = {};
  for (const [column, type] of Object.entries(columns)) row[column] = normalise(raw[column], type, column);
  return row;
}

/** The cursor names its table, so a cursor of /runs handed to /audit is refused, not misread. */
export function encodeCursor(table: ApiTable, spec: ApiTableSpec, row: ApiRow): string {
  return Buffer.from(JSON.stringify([table, ...spec.cursor.map((c) => row[c] ?? null)])).toString('base64url');
}

function fitsType(value: unknown, type: ColumnType): boolean {
  switch (type) {
    case 'text':
      return typeof value === 'string';
    case 'int':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'time':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'json':
      return value !== undefined;
  }
}

export function decodeCursor(table: ApiTable, spec: ApiTableSpec, cursor: string): JsonValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('the cursor is not one this API handed out');
  }
  if (!Array.isArray(parsed) || parsed[0] !== table || parsed.length !== spec.cursor.length + 1) {
    throw new InvalidCursorError(`the cursor does not belong to /${table}`);
  }
  const values = parsed.slice(1) as JsonValue[];
  spec.cursor.forEach((column, i) => {
    if (!fitsType(values[i], spec.columns[column] ?? 'text')) {
      throw new InvalidCursorError('the cursor is not one this API handed out');
    }
  });
  return values;
}
