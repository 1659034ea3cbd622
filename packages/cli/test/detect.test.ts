import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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

interface AnomalyJson {
  readonly rule: string;
  readonly subject: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly value: number;
  readonly baseline: number | null;
  readonly message: string;
  readonly fingerprint: string;
}

let cwd = '';
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'opsguard-cli-detect-'));
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

describe('opsguard detect', () => {
  it('--json on the bundled sample prints the anomalies its scenario planted', async () => {
    const run = await opsguard(['detect', '--json']);
    expect(run.code).toBe(0);
    const anomalies = JSON.parse(run.stdout) as AnomalyJson[];
    expect(anomalies.length).toBeGreaterThan(0);
    for (const a of anomalies) {
      expect(['info', 'warning', 'critical']).toContain(a.severity);
      expect(a.message).toContain(a.subject);
      expect(a.fingerprint).toBe(`${a.rule}:${a.subject}`);
    }
    // The sample's failure spike (×4 over the last day) and CI's 1.8× slowdown.
    expect(anomalies).toContainEqual(expect.objectContaining({ rule: 'failure_rate_spike', subject: 'CI' }));
    expect(anomalies).toContainEqual(expect.objectContaining({ rule: 'duration_regression', subject: 'CI' }));
    // The whole command on the sample (embedded store, replay): minutes on a loaded 2-core machine.
  }, 180_000);

  it('an unknown time zone is a usage error', async () => {
    const run = await opsguard(['detect', '--time-zone', 'Mars/Olympus']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^opsguard detect: .*Mars\/Olympus/);
    expect(run.stdout).toBe('');
  });
});
