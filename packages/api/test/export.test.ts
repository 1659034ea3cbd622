import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { createSanitizer } from '@opsguard/core';
import { apiCapabilitiesOf, openPgliteStore, type Store } from '@opsguard/store';
import { writeExport, type ExportFormat } from '../src/export/write-export.js';
import { aRunRecord } from './support/builders.js';

const TOKEN = `ghp_${'A1b2C3d4E5'.repeat(3)}123456`;
let store: Store;
const sanitize = createSanitizer().sanitize;

beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
  await store.upsertRuns([
    aRunRecord({ runId: 1, conclusion: 'success', cause: null }),
    aRunRecord({ runId: 2, conclusion: 'failure', cause: 'runner_lost', createdAt: '2026-11-20T11:00:00.000Z' }),
    aRunRecord({
      runId: 3,
      conclusion: 'failure',
      cause: 'test_failure',
      createdAt: '2026-11-20T12:00:00.000Z',
      attempt: 2,
      workflowName: `Deploy ${TOKEN}`,
    }),
  ]);
  await store.upsertJobs([
    {
      repo: 'acme/web',
      jobId: 11,
      runId: 2,
      attempt: 1,
      name: 'build',
      status: 'completed',
      conclusion: 'failure',
      createdAt: '2026-11-20T11:00:01.000Z',
      startedAt: '2026-11-20T11:00:02.000Z',
      completedAt: '2026-11-20T11:04:00.000Z',
      runnerName: 'GitHub Actions 7',
    },
  ]);
});
afterAll(async () => {
  await store?.close();
});

async function exportAs(
  format: ExportFormat,
  pageSize = 2,
): Promise<{ text: string; rows: number; pages: number; jobs: number }> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  const result = await writeExport({
    reader: apiCapabilitiesOf(store).reader,
    table: 'runs',
    format,
    filter: { repository: 'acme/web' },
    out,
    sanitize,
    systemCauses: new Set(['runner_lost']),
    pageSize,
  });
  return { text: chunks.join(''), ...result };
}

describe('writeExport', () => {
  it('json is one array over all pages; ndjson one row a line; csv one header; all sanitised', async () => {
    const json = await exportAs('json');
    expect(json).toMatchObject({ rows: 3, pages: 2 });
    const rows = JSON.parse(json.text) as { run_id: number; workflow: string }[];
    expect(rows.map((r) => r.run_id)).toEqual([1, 2, 3]);
    expect(rows[2]?.workflow).not.toContain(TOKEN);
    const ndjson = await exportAs('ndjson');
    expect(
      ndjson.text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { run_id: number }).run_id),
    ).toEqual([1, 2, 3]);
    const csv = await exportAs('csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('repository,'))).toHaveLength(1);
    for (const text of [json.text, ndjson.text, csv.text]) expect(text).not.toContain(TOKEN);
  });

  it('otel: OTLP JSON with CI/CD semantic conventions, jobs as child spans, failure vs error by cause', async () => {
    const otel = await exportAs('otel', 10);
    expect(otel).toMatchObject({ rows: 3, jobs: 1, pages: 1 });
    expect(otel.text).not.toContain(TOKEN);
    const request = JSON.parse(otel.text.trim()) as {
      resourceSpans: {
        scopeSpans: {
          spans: {
            name: string;
            spanId: string;
            parentSpanId?: string;
            traceId: string;
            kind: number;
            attributes: { key: string; value: Record<string, unknown> }[];
            status: { code: number };
          }[];
        }[];
      }[];
    };
    const spans = request.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
    expect(spans).toHaveLength(4);
    const attr = (i: number, key: string) => spans[i]?.attributes.find((a) => a.key === key)?.value;
    expect(spans[0]?.name).toBe('RUN CI');
    expect(spans[0]?.kind).toBe(2);
    expect(attr(0, 'cicd.pipeline.result')).toEqual({ stringValue: 'success' });
    expect(attr(0, 'cicd.pipeline.run.id')).toEqual({ stringValue: '1' });
    expect(attr(0, 'cicd.pipeline.run.duration')).toEqual({ doubleValue: 295 });
    expect(attr(0, 'cicd.pipeline.run.time_in_queue')).toEqual({ doubleValue: 5 });
    expect(attr(1, 'cicd.pipeline.result')).toEqual({ stringValue: 'error' });
    expect(attr(1, 'error.type')).toEqual({ stringValue: 'runner_lost' });
    expect(attr(2, 'cicd.pipeline.result')).toEqual({ stringValue: 'failure' });
    expect(attr(2, 'opsguard.run.attempt')).toEqual({ intValue: '2' });
    expect(spans[2]?.status.code).toBe(2);
    const job = spans[3];
    expect(job?.parentSpanId).toBe(spans[1]?.spanId);
    expect(job?.traceId).toBe(spans[1]?.traceId);
    expect(attr(3, 'cicd.pipeline.task.name')).toEqual({ stringValue: 'build' });
    expect(attr(3, 'cicd.pipeline.task.run.result')).toEqual({ stringValue: 'error' });
    expect(spans[0]?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('otel is for runs only', async () => {
    await expect(
      writeExport({
        reader: apiCapabilitiesOf(store).reader,
        table: 'audit',
        format: 'otel',
        filter: {},
        out: new PassThrough(),
        sanitize,
      }),
    ).rejects.toThrow('otel exports runs');
  });
});
