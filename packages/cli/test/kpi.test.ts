import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../src/command.js';
import { main } from '../src/main.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface KpiFigures {
  readonly runs: number;
  readonly successRateByRun: number | null;
  readonly durationMs: { readonly p95: number | null };
}

interface KpiJson {
  readonly generatedAt: string;
  readonly windows: readonly {
    readonly days: number;
    readonly overall: KpiFigures;
    readonly byWorkflow: Readonly<Record<string, KpiFigures>>;
  }[];
}

let cwd = '';
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'opsguard-cli-kpi-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function collect(stream: PassThrough): () => string {
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return () => chunks.join('');
}

async function opsguard(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const io: CliIo = { stdin: Readable.from([]), stdout, stderr, env, cwd, now: () => new Date() };
  const code = await main(args, io);
  return { code, stdout: out(), stderr: err() };
}

describe('opsguard kpi', () => {
  it('--json on the bundled sample prints the KPI report: 1, 7 and 30-day windows, per workflow', async () => {
    const run = await opsguard(['kpi', '--json', '--days', '3']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as KpiJson;
    expect(report.windows.map((w) => w.days)).toEqual([1, 7, 30]);
    const week = report.windows.find((w) => w.days === 7);
    expect(week?.overall.runs).toBeGreaterThan(50);
    expect(week?.overall.successRateByRun).toBeGreaterThan(0);
    expect(week?.overall.successRateByRun).toBeLessThan(1);
    expect(week?.overall.durationMs.p95).toBeGreaterThan(0);
    expect(Object.keys(week?.byWorkflow ?? {})).toEqual(expect.arrayContaining(['CI', 'Lint', 'E2E']));
    // The sample is replayed at its recording time, not today's.
    expect(report.generatedAt).toBe('2026-11-20T10:30:00.000Z');
    // The report folder goes under the working directory by default, the dashboard in it.
    expect(existsSync(join(cwd, '.opsguard', 'kpi', 'reports'))).toBe(true);
  });

  it('rejects --days outside 1-30 before collecting anything', async () => {
    const run = await opsguard(['kpi', '--days', '31']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('opsguard kpi: --days must be between 1 and 30, not 31\n');
    expect(run.stdout).toBe('');
  });

  it('--repo without GITHUB_TOKEN says to set one', async () => {
    const run = await opsguard(['kpi', '--repo', 'acme/webshop']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^opsguard kpi: set GITHUB_TOKEN \(/);
  });
});
