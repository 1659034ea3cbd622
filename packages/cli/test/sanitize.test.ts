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

async function sanitize(args: readonly string[], stdin: string | readonly string[]): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const io: CliIo = {
    stdin: Readable.from(typeof stdin === 'string' ? [stdin] : stdin),
    stdout,
    stderr,
    env: {},
    cwd: process.cwd(),
    now: () => new Date('2026-11-23T00:00:00Z'),
  };
  const code = await main(['sanitize', ...args], io);
  return { code, stdout: out(), stderr: err() };
}

const fake = (prefix: string, n: number) => prefix + 'Zq7XbT2mKp9LwV4nRc8YdF3hJs6GtA1eUo5iPk0M'.slice(0, n);

describe('opsguard sanitize', () => {
  it('--jsonl: one {"id","masked"} line per {"id","text"} line, in order', async () => {
    const input = [
      { id: 'a', text: `export GITHUB_TOKEN=${fake('ghp_', 36)}` },
      { id: 'b', text: 'nothing secret here' },
      { id: 'c', text: `line1\n-----BEGIN RSA PRIVATE KEY-----\n${fake('', 40)}\n-----END RSA PRIVATE KEY-----` },
    ];
    const run = await sanitize(['--jsonl'], input.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(run.code).toBe(0);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; masked: string });
    expect(out).toEqual([
      { id: 'a', masked: 'export GITHUB_TOKEN=ghp_***' },
      { id: 'b', masked: 'nothing secret here' },
      { id: 'c', masked: 'line1\n-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----' },
    ]);
  });

  it('streams stdin to stdout, secrets split across chunks, counts on stderr without values', async () => {
    const text = `a\nAuthorization: Bearer ${fake('', 40)}\nb\n`;
    const run = await sanitize(['--counts'], [text.slice(0, 30), text.slice(30)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('a\nAuthorization: Bearer ***\nb\n');
    expect(run.stderr).toBe('authorization-header\t1\n');
  });

  it('uses the bundled config/mask-rules.json rules', async () => {
    const run = await sanitize([], `hook secret ${fake('ogw_', 36)}\n`);
    expect(run.stdout).toBe('hook secret ogw_***\n');
  });

  it('--rules adds user formats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mask-rules-'));
    const file = join(dir, 'rules.json');
    writeFileSync(
      file,
      JSON.stringify({ rules: [{ kind: 'acme', regex: '(?<pre>acme:)(?<secret>[0-9]{10})', keywords: ['acme:'] }] }),
    );
    const run = await sanitize(['--rules', file], 'id acme:4938172650\n');
    expect(run.stdout).toBe('id acme:***\n');
  });

  it('a bad rules file is a configuration error (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mask-rules-'));
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ rules: [{ kind: 'bad', regex: '(' }] }));
    const run = await sanitize(['--rules', file], 'x\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('invalid regex');
  });

  it('--help describes the options', async () => {
    const run = await sanitize(['--help'], '');
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).toContain('--jsonl');
  });
});
