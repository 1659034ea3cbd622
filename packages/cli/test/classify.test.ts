import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
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

function collect(stream: PassThrough): () => string {
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return () => chunks.join('');
}

async function classify(args: readonly string[], stdin: string, cwd = process.cwd()): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const io: CliIo = {
    stdin: Readable.from([stdin]),
    stdout,
    stderr,
    env: {},
    cwd,
    now: () => new Date('2026-11-23T00:00:00Z'),
  };
  const code = await main(['classify', ...args], io);
  return { code, stdout: out(), stderr: err() };
}

const lines = (text: string): unknown[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

describe('opsguard classify', () => {
  it('--jsonl: one {"id","label","cause"} line out per line in, in order', async () => {
    const input = [
      { id: 'a', log_excerpt: 'npm ERR! code ECONNRESET\nnpm ERR! network aborted' },
      { id: 'b', log_excerpt: 'Tests:       1 failed, 3 passed, 4 total\nError: connect ETIMEDOUT 1.2.3.4:443' },
      { id: 'c', log_excerpt: 'Error: Process completed with exit code 1.' },
      { id: 'd', log_excerpt: 'Error: Resource not accessible by integration' },
    ];
    const run = await classify(['--jsonl'], `${input.map((r) => JSON.stringify(r)).join('\n')}\n\n`);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      { id: 'a', label: 'transient', cause: 'network' },
      { id: 'b', label: 'deterministic', cause: 'test_failure' },
      { id: 'c', label: 'deterministic', cause: 'unknown' },
      { id: 'd', label: 'deterministic', cause: 'permission_403' },
    ]);
  });

  it('--jsonl: a malformed line is reported on stderr, the others still answered, exit 1', async () => {
    const run = await classify(['--jsonl'], 'not json\n{"id":"x","log_excerpt":"socket hang up"}\n{"id":"y"}\n');
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([{ id: 'x', label: 'transient', cause: 'network' }]);
    expect(run.stderr).toContain('stdin line 1: not JSON');
    expect(run.stderr).toContain('stdin line 3: expected an object with a "log_excerpt" string');
  });

  it('without --jsonl: the whole of stdin is one log, a human line with the evidence', async () => {
    const run = await classify([], 'Run npm ci\nnpm ERR! 503 Service Unavailable - GET https://registry.npmjs.org/x\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'transient: registry_5xx (worth an automatic re-run)\n  npm ERR! 503 Service Unavailable - GET https://registry.npmjs.org/x\n',
    );
  });

  it('--json: the verdict as JSON', async () => {
    const run = await classify(['--json'], 'error TS2322: Type "a" is not assignable to type "b".');
    expect(JSON.parse(run.stdout)).toEqual({
      label: 'deterministic',
      cause: 'compile_error',
      transient: false,
      evidence: ['error TS2322: Type "a" is not assignable to type "b".'],
    });
  });

  it('--policy: a user file (relative to cwd) extends the causes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-'));
    writeFileSync(
      join(dir, 'policy.json'),
      JSON.stringify({ causes: { flaky_vendor: { transient: true, patterns: ['vendor\\.test is warming up'] } } }),
    );
    const run = await classify(
      ['--jsonl', '--policy', 'policy.json'],
      '{"id":1,"log_excerpt":"vendor.test is warming up"}\n',
      dir,
    );
    expect(lines(run.stdout)).toEqual([{ id: 1, label: 'transient', cause: 'flaky_vendor' }]);
  });

  it('--profile: a transient failure outside the profile is labelled as not re-run', async () => {
    const log =
      '{"id":1,"log_excerpt":"curl: (56) Recv failure: Connection reset by peer"}\n{"id":2,"log_excerpt":"The hosted runner encountered an error while running your job. (Error Type: Disconnect)."}\n';
    const conservative = await classify(['--jsonl', '--profile', 'conservative'], log);
    expect(lines(conservative.stdout)).toEqual([
      { id: 1, label: 'deterministic', cause: 'network' },
      { id: 2, label: 'transient', cause: 'runner_lost' },
    ]);
    const infra = await classify(['--jsonl', '--profile', 'infra'], log);
    expect(lines(infra.stdout)).toEqual([
      { id: 1, label: 'transient', cause: 'network' },
      { id: 2, label: 'transient', cause: 'runner_lost' },
    ]);
    const unknown = await classify(['--profile', 'aggressive'], 'x');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/retry profile "aggressive" is not defined/);
  });

  it('--policy: a bad pattern is a configuration error naming the file and JSON path (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ causes: { network: { patterns: ['[a-'] } } }));
    const run = await classify(['--policy', 'policy.json'], 'x', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'policy.json: at /causes/network/patterns/0: expected a JavaScript regular expression',
    );
  });

  it('--help describes the options', async () => {
    const run = await classify(['--help'], '');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: opsguard classify');
    expect(run.stdout).toContain('--jsonl');
    expect(run.stdout).toContain('--policy <FILE>');
  });
});
