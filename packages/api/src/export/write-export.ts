import type { Writable } from 'node:stream';
import type { JsonValue } from '@opsguard/core';
import { API_TABLE_SPECS, type ApiFilter, type ApiReader, type ApiRow, type ApiTable } from '@opsguard/store';
import { toCsv } from '../csv.js';
import { jobSpan, runSpan, traceRequest, type OtlpSpan } from './otel-spans.js';

export type ExportFormat = 'json' | 'ndjson' | 'csv' | 'otel';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'ndjson', 'csv', 'otel'];

export interface ExportOptions {
  readonly reader: ApiReader;
  readonly table: ApiTable;
  readonly format: ExportFormat;
  readonly filter: ApiFilter;
  readonly out: Writable;
  /** Every text value passes it before it is written (the project's sanitiser). */
  readonly sanitize: (text: string) => string;
  /** Causes that are the CI system's fault (`error`, not `failure`, in otel). */
  readonly systemCauses?: ReadonlySet<string>;
  /** Rows per store round trip (default 1000): memory holds one page. */
  readonly pageSize?: number;
  readonly version?: string;
}

export interface ExportResult {
  readonly rows: number;
  readonly jobs: number;
  readonly pages: number;
}

function sanitizeValue(value: JsonValue, sanitize: (text: string) => string): JsonValue {
  if (typeof value === 'string') return sanitize(value);
  if (Array.isArray(value)) return value.map((v) => sanitizeValue(v, sanitize));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitizeValue(v, sanitize)]));
  }
  return value;
}

/** Writes with back-pressure: waits for `drain` when the stream's buffer is full. */
async function write(out: Writable, text: string): Promise<void> {
  if (text === '' || out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      out.off('error', onError);
      resolve();
    };
    const onError = (error: Error) => {
      out.off('drain', onDrain);
      reject(error);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

/** Page after page by cursor: flat memory for any number of rows. */
async function* pages(options: ExportOptions): AsyncGenerator<readonly ApiRow[]> {
  let cursor: string | null = null;
  do {
    const page = await options.reader.page({
      table: options.table,
      filter: options.filter,
      cursor,
      limit: options.pageSize ?? 1000,
    });
    yield page.rows.map((row) => sanitizeValue(row, options.sanitize) as ApiRow);
    cursor = page.nextCursor;
  } while (cursor !== null);
}

async function otelPage(options: ExportOptions, runs: readonly ApiRow[]): Promise<{ line: string; jobs: number }> {
  const systemCauses = options.systemCauses ?? new Set<string>();
  const jobs = await options.reader.jobsOfRuns(
    runs.map((r) => ({
      repository: String(r['repository']),
      runId: Number(r['run_id']),
      attempt: Number(r['attempt']),
    })),
  );
  const causeOf = new Map(
    runs.map((r) => [`${String(r['repository'])}#${String(r['run_id'])}#${String(r['attempt'])}`, r['cause']]),
  );
  const spans: OtlpSpan[] = runs.map((run) => runSpan(run, systemCauses));
  for (const raw of jobs) {
    const job = sanitizeValue(raw, options.sanitize) as ApiRow;
    const cause = causeOf.get(`${String(job['repository'])}#${String(job['run_id'])}#${String(job['attempt'])}`);
    spans.push(jobSpan(job, systemCauses, typeof cause === 'string' ? cause : null));
  }
  return { line: `${JSON.stringify(traceRequest(spans, options.version ?? '1.0.0'))}\n`, jobs: jobs.length };
}

/**
 * `opsguard export`: json (one array), ndjson (a row per line), csv (one header) or otel (one
 * OTLP JSON ExportTraceServiceRequest per page of runs, with their jobs), streamed from the
 * store by cursor.
 */
export async function writeExport(options: ExportOptions): Promise<ExportResult> {
  if (options.format === 'otel' && options.table !== 'runs') {
    throw new RangeError('otel exports runs (with their jobs): use --table runs');
  }
  const columns = Object.keys(API_TABLE_SPECS[options.table].columns);
  let rows = 0;
  let jobs = 0;
  let count = 0;
  if (options.format === 'json') await write(options.out, '[');
  for await (const page of pages(options)) {
    count++;
    if (page.length === 0) continue;
    switch (options.format) {
      case 'json':
        await write(
          options.out,
          page.map((row, i) => `${rows + i === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`).join(''),
        );
        break;
      case 'ndjson':
        await write(options.out, page.map((row) => `${JSON.stringify(row)}\n`).join(''));
        break;
      case 'csv':
        await write(options.out, toCsv(columns, page, rows === 0));
        break;
      case 'otel': {
        const result = await otelPage(options, page);
        jobs += result.jobs;
        await write(options.out, result.line);
        break;
      }
    }
    rows += page.length;
  }
  if (options.format === 'json') await write(options.out, rows === 0 ? ']\n' : '\n]\n');
  if (options.format === 'csv' && rows === 0) await write(options.out, toCsv(columns, [], true));
  return { rows, jobs, pages: count };
}
