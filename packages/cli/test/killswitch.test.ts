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

let cwd = '';
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'opsguard-cli-killswitch-'));
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

interface StatusJson {
  readonly active: readonly {
    readonly scope: string;
    readonly target: string;
    readonly source: string;
    readonly reason: string | null;
  }[];
  readonly allStopped: boolean;
}

describe('opsguard killswitch: usage errors, nothing changed', () => {
  it.each([
    [[], 'say what to do: status, activate, deactivate, list'],
    [['pause'], 'say what to do: status, activate, deactivate, list (not "pause")'],
    [
      ['deactivate', '--reason', 'over', '--verify-minutes', '5'],
      '--verify-minutes watches what deactivate --restore re-enables: add --restore',
    ],
    [
      ['deactivate', '--reason', 'over', '--restore', '--verify-minutes', '5'],
      '--verify-minutes watches workflows on GitHub: give --repo OWNER/NAME',
    ],
    [
      ['list', '--since', 'last week'],
      '--since must be a date or time (2026-12-01, 2026-12-01T09:00:00Z), not "last week"',
    ],
    [
      ['activate', '--reason', 'x', '--repo', 'acme/webshop'],
      'set GITHUB_TOKEN (actions: write to stop runs; issues: write to notify)',
    ],
    [['activate'], '--reason is required to activate'],
    [['deactivate', '--reason', '  '], '--reason is required to deactivate'],
    [['activate', '--reason', 'x', '--scope', 'team'], '--scope must be one of global, service, action, not "team"'],
    [
      ['activate', '--reason', 'x', '--scope', 'service'],
      'a service kill switch needs a target (the service or workflow to stop)',
    ],
    [
      ['activate', '--reason', 'x', '--target', 'deploy'],
      'the global kill switch takes no target: leave the target out',
    ],
  ])('%j', async (args, message) => {
    const run = await opsguard(['killswitch', ...args]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`opsguard killswitch: ${message}\n`);
    expect(run.stdout).toBe('');
    expect(existsSync(join(cwd, '.opsguard'))).toBe(false);
  });
});

describe('opsguard killswitch on the embedded store', () => {
  it('status with nothing on, activate, status --json, deactivate', async () => {
    const before = await opsguard(['killswitch', 'status']);
    expect(before.code).toBe(0);
    expect(before.stdout).toBe('No kill switch is on (store: pglite).\n');

    const on = await opsguard(
      ['killswitch', 'activate', '--scope', 'action', '--target', 'rerun-failed-jobs', '--reason', 'incident 42'],
      {
        USER: 'mona',
      },
    );
    expect(on.code).toBe(0);
    expect(on.stderr).toBe('activated the action kill switch for rerun-failed-jobs\n');
    expect(on.stdout).toContain('Some automation is stopped (store: pglite):');
    expect(on.stdout).toMatch(/action\s+rerun-failed-jobs\s+store\s+incident 42/);

    const status = await opsguard(['killswitch', 'status', '--json']);
    expect(status.code).toBe(0);
    const state = JSON.parse(status.stdout) as StatusJson;
    expect(state.allStopped).toBe(false);
    expect(state.active).toEqual([
      expect.objectContaining({ scope: 'action', target: 'rerun-failed-jobs', source: 'store', reason: 'incident 42' }),
    ]);

    const off = await opsguard([
      'killswitch',
      'deactivate',
      '--scope',
      'action',
      '--target',
      'rerun-failed-jobs',
      '--reason',
      'fixed',
    ]);
    expect(off.code).toBe(0);
    expect(off.stderr).toBe('deactivated the action kill switch for rerun-failed-jobs\n');
    expect(off.stdout).toBe('No kill switch is on (store: pglite).\n');

    const list = await opsguard(['killswitch', 'list', '--scope', 'action', '--since', '2000-01-01']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ON\s+action\s+rerun-failed-jobs\s+mona via opsguard-cli: incident 42/);
    expect(list.stdout).toMatch(/off\s+action\s+rerun-failed-jobs\s+someone via opsguard-cli: fixed/);
    const none = await opsguard(['killswitch', 'list', '--scope', 'global', '--json']);
    expect(JSON.parse(none.stdout)).toEqual({ log: [], records: [] });
  });

  it('OPSGUARD_KILL=true in the environment stops everything', async () => {
    const run = await opsguard(['killswitch', 'status', '--json'], { OPSGUARD_KILL: 'true' });
    expect(run.code).toBe(0);
    const state = JSON.parse(run.stdout) as StatusJson;
    expect(state.allStopped).toBe(true);
    expect(state.active).toEqual([expect.objectContaining({ scope: 'global', source: 'environment' })]);
  });
});
