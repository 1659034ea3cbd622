// `opsguard export` of 1,000,000 run attempts from the PostgreSQL 15 server: the streamed,
// cursor-paged export (ndjson, sanitised) against reading the whole table in one query and
// serialising it, in the same run: rows/s and peak heap of each.
import { Writable } from 'node:stream';
import { writeExport } from '@opsguard/api';
import { createSanitizer } from '@opsguard/core';
import { apiCapabilitiesOf, openPostgresStore } from '@opsguard/store';
import pg from 'pg';
import { withPostgres } from './pg-server.js';

const ROWS = Number(process.env['BENCH_EXPORT_ROWS'] ?? 1_000_000);

class CountingSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

/** Peak heapUsed above the start while `fn` runs, sampled every 20 ms. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const started = performance.now();
  const value = await fn();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { value, seconds, peakMb: (peak - base) / 2 ** 20 };
}

await withPostgres(async (url) => {
  const store = await openPostgresStore({ connectionString: url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('truncate public.runs');
    await client.query(
      `insert into public.runs (repo, run_id, attempt, workflow_id, workflow_name, event, branch, head_sha, status,
         conclusion, created_at, started_at, updated_at, duration_ms, queue_ms, url, cause)
       select 'acme/web', g, 1, 7, (array['CI','Lint','E2E','Deploy'])[1 + g % 4], 'push', 'main', md5(g::text),
         'completed', case when g % 7 = 0 then 'failure' else 'success' end,
         timestamptz '2026-01-01' + g * interval '1 second', timestamptz '2026-01-01' + g * interval '1 second' + interval '5 s',
         timestamptz '2026-01-01' + g * interval '1 second' + interval '5 min', 295000, 5000,
         'https://github.com/acme/web/actions/runs/' || g, case when g % 7 = 0 then 'network' end
       from generate_series(1, $1::int) g`,
      [ROWS],
    );
    await client.query('analyze public.runs');
    const sanitize = createSanitizer().sanitize;

    const streamed = await measured(async () => {
      const sink = new CountingSink();
      const result = await writeExport({
        reader: apiCapabilitiesOf(store).reader,
        table: 'runs',
        format: 'ndjson',
        filter: {},
        out: sink,
        sanitize,
      });
      return { rows: result.rows, bytes: sink.bytes };
    });
    const whole = await measured(async () => {
      const result = await client.query('select * from api.v1_runs order by created_at, repository, run_id, attempt');
      const text = result.rows.map((r) => JSON.stringify(r)).join('\n');
      return { rows: result.rows.length, bytes: text.length };
    });
    console.log(`${ROWS} run attempts on the PostgreSQL 15 server`);
    console.log(
      `streamed export (ndjson, sanitised, pages of 1000): ${(streamed.value.rows / streamed.seconds).toFixed(0)} rows/s, ` +
        `${streamed.seconds.toFixed(1)} s, peak heap +${streamed.peakMb.toFixed(0)} MB, ${(streamed.value.bytes / 2 ** 20).toFixed(0)} MB written`,
    );
    console.log(
      `one query, all rows in memory (not sanitised):     ${(whole.value.rows / whole.seconds).toFixed(0)} rows/s, ` +
        `${whole.seconds.toFixed(1)} s, peak heap +${whole.peakMb.toFixed(0)} MB`,
    );
    console.log(
      `ratio streamed / whole: speed ${(streamed.value.rows / streamed.seconds / (whole.value.rows / whole.seconds)).toFixed(2)}×, ` +
        `peak memory ${(streamed.peakMb / whole.peakMb).toFixed(3)}×`,
    );
    if (streamed.value.rows !== ROWS) process.exitCode = 1;
  } finally {
    await client.end();
    await store.close();
  }
});
