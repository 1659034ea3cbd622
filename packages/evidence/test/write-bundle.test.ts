import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeKpis, dailyTrends, lastZonedDays } from '@opsguard/core';
import { validateConfig } from '@opsguard/config';
import { writeBundle, type RetryManifestEntry, type RunSummaryEntry } from '../src/index.js';

const schemas = new URL('../schemas/', import.meta.url).pathname;
const schema = (name: string) => JSON.parse(readFileSync(join(schemas, name), 'utf8')) as Record<string, unknown>;
const NOW = new Date('2026-11-20T23:00:00Z');
const SECRET = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
// Stands in for the real sanitiser: these tests are about the writer passing everything through it.
const sanitize = (text: string) => text.replaceAll(SECRET, 'ghp_***');

const aRun = (over: Partial<RunSummaryEntry> = {}): RunSummaryEntry => ({
  runId: 7001,
  attempt: 1,
  workflowName: 'CI',
  event: 'push',
  branch: 'main',
  headSha: 'a'.repeat(40),
  actor: 'octocat',
  status: 'completed',
  conclusion: 'failure',
  createdAt: '2026-11-20T10:00:00.000Z',
  startedAt: '2026-11-20T10:00:05.000Z',
  updatedAt: '2026-11-20T10:06:00.000Z',
  durationMs: 355_000,
  queueMs: 5_000,
  url: 'https://github.com/acme/webshop/actions/runs/7001',
  cause: 'runner_lost',
  ...over,
});

const aDecision = (over: Partial<RetryManifestEntry> = {}): RetryManifestEntry => ({
  runId: 7001,
  attempt: 1,
  workflowName: 'CI',
  url: 'https://github.com/acme/webshop/actions/runs/7001',
  cause: 'runner_lost',
  transient: true,
  decision: 'rerun',
  reason: 'runner_lost is transient',
  delayMs: 5_000,
  act: { kind: 'requested', attempt: 2 },
  evidence: [`The self-hosted runner lost communication; token ${SECRET}`],
  decidedAt: '2026-11-20T10:07:00.000Z',
  ...over,
});

async function write(dir: string, runs: RunSummaryEntry[], retries: RetryManifestEntry[]) {
  const attempts = runs.map((r) => ({ ...r }));
  return writeBundle({
    dir,
    date: '2026-11-21',
    repo: 'acme/webshop',
    timeZone: 'Asia/Tokyo',
    now: NOW,
    window: { from: '2026-11-20T00:00:00.000Z', to: NOW.toISOString() },
    runs,
    retries,
    audit: [
      {
        id: 'x',
        at: '2026-11-20T10:07:01.000Z',
        action: 'rerun-failed-jobs',
        service: 'github:acme/webshop:CI',
        target: 'acme/webshop:workflow:CI',
        outcome: 'SUCCESS',
        reason: null,
        dryRun: false,
        actor: 'demo',
      },
    ],
    anomalies: [],
    kpi: {
      report: computeKpis({
        attempts,
        defaultBranch: 'main',
        opsguardReruns: new Set(['7001:2']),
        now: NOW,
        windowsDays: [1, 7],
      }),
      daily: dailyTrends(attempts, lastZonedDays(NOW, 7, 'Asia/Tokyo')),
      targets: { successRate: 0.95, p95DurationMinutes: 20, p95QueueMinutes: 2, mttrHours: 4, autoRecoveryRate: 0.7 },
    },
    logs: [{ jobId: 555, text: `##[error]Process completed with exit code 1.\nGITHUB_TOKEN=${SECRET}\n` }],
    sanitize,
  });
}

describe('evidence bundle', () => {
  it('writes every file, valid against its schema, sanitised, and indexed with SHA-256', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bundle-')), 'reports', '2026-11-21');
    const result = await write(dir, [aRun(), aRun({ attempt: 2, conclusion: 'success', cause: null })], [aDecision()]);
    expect(result.files.map((f) => f.path)).toEqual([
      'AUDIT_SUMMARY.json',
      'AUDIT_SUMMARY.md',
      'AUDIT_TRAIL.json',
      'AUTO_RETRY_MANIFEST.json',
      'KPI.json',
      'OPS_HEALTH_KPI.md',
      'RUNS_SUMMARY.json',
      '_generated_documents.json',
      'dashboard.html',
      'logs/job-555.log',
    ]);
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    validateConfig(JSON.parse(read('RUNS_SUMMARY.json')), schema('runs-summary.schema.json'), 'RUNS_SUMMARY.json');
    validateConfig(
      JSON.parse(read('AUTO_RETRY_MANIFEST.json')),
      schema('auto-retry-manifest.schema.json'),
      'AUTO_RETRY_MANIFEST.json',
    );
    validateConfig(JSON.parse(read('KPI.json')), schema('kpi.schema.json'), 'KPI.json');
    for (const f of result.files) expect(read(f.path)).not.toContain(SECRET);
    expect(read('AUTO_RETRY_MANIFEST.json')).toContain('ghp_***');
    expect(read('AUDIT_SUMMARY.md')).toContain(
      '| [7001](https://github.com/acme/webshop/actions/runs/7001) | 1 | CI | runner_lost | rerun |',
    );
    expect(read('OPS_HEALTH_KPI.md')).toContain('| auto-recovery rate | 100.0% | ≥ 70.0% | ✅ met |');
    expect(read('_evidence_index.md')).toContain('[logs/job-555.log](logs/job-555.log)');
  });

  it('merges a second write into the same day without duplicating a run attempt', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bundle-')), '2026-11-21');
    await write(dir, [aRun()], [aDecision()]);
    const second = await write(
      dir,
      [aRun(), aRun({ runId: 7002 })],
      [aDecision({ act: { kind: 'requested', attempt: 2 } })],
    );
    expect(second.runs).toBe(2);
    expect(second.retries).toBe(1);
  });
});
