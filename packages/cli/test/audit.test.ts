import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  generateSample,
  loadSample,
  shiftSample,
  startReplayServer,
  writeSampleFiles,
  type ReplayServer,
} from '@opsguard/sample';
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

interface AuditJson {
  readonly bundle: { readonly dir: string; readonly indexSha256: string };
  readonly kpi: { readonly windows: readonly { readonly days: number }[] };
  readonly anomalies: readonly { readonly rule: string }[];
  readonly decisions: readonly { readonly runId: number; readonly decision: string; readonly act: unknown }[];
}

let cwd = '';
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'opsguard-cli-audit-'));
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

describe('opsguard audit: usage errors, before any request', () => {
  it('without GITHUB_TOKEN: exit 1 and what token to set', async () => {
    const run = await opsguard(['audit', '--repo', 'acme/webshop']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'opsguard audit: set GITHUB_TOKEN (a token with actions: read; actions: write and issues: write for --apply)\n',
    );
    expect(run.stdout).toBe('');
  });

  it('without --repo', async () => {
    const run = await opsguard(['audit'], { GITHUB_TOKEN: 'ghp_x' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('opsguard audit: --repo is required\n');
  });

  it.each([
    [['--days', '0'], '--days must be between 1 and 30, not 0'],
    [['--jobs', 'some'], '--jobs must be one of failed, all, not "some"'],
    [['--repo', 'not a repo'], 'not a repo'],
  ])('%j', async (args, message) => {
    const run = await opsguard(['audit', '--repo', 'acme/webshop', ...args], { GITHUB_TOKEN: 'ghp_x' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('opsguard audit against a repository (replayed on 127.0.0.1)', () => {
  let server: ReplayServer;
  let sampleDir = '';
  beforeAll(async () => {
    sampleDir = await mkdtemp(join(tmpdir(), 'opsguard-cli-audit-sample-'));
    // Moved to end at the real clock (audit reads time from the system like it does live), not
    // regenerated there: the sample's story must not depend on the hour the tests run at.
    await writeSampleFiles(sampleDir, shiftSample(generateSample().files, new Date()));
    server = await startReplayServer({ sample: await loadSample(sampleDir), now: () => new Date() });
  });
  afterAll(async () => {
    await server.close();
    await rm(sampleDir, { recursive: true, force: true });
  });

  it('--json without --apply: decisions, KPIs and the bundle, and not one write request', async () => {
    const run = await opsguard(['audit', '--repo', 'acme/webshop', '--days', '2', '--json'], {
      GITHUB_TOKEN: 'ghs_replayTokenForTests000',
      GITHUB_API_URL: server.url,
    });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as AuditJson;
    expect(result.kpi.windows.map((w) => w.days)).toEqual([1, 7, 30]);
    expect(result.decisions.length).toBeGreaterThan(0);
    // Without --apply the retry engine runs in shadow mode: decided, never acted on.
    expect(result.decisions.map((d) => d.decision)).toContain('shadow');
    expect(result.decisions.map((d) => d.decision)).not.toContain('rerun');
    expect(result.decisions.every((d) => d.act === null)).toBe(true);
    expect(result.bundle.dir.startsWith(join(cwd, '.opsguard', 'audit', 'reports'))).toBe(true);
    expect(server.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    // The token never reaches what is printed.
    expect(run.stdout).not.toContain('ghs_replayTokenForTests000');
  });
});
