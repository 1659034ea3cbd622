// `opsguard rollback plan|apply|history` against the replay: a config file restored as a new
// commit and read back; bad input is one clear line, a non-zero exit, and nothing changed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayServer } from '@opsguard/sample';
import type { CliIo } from '../src/command.js';
import { main } from '../src/main.js';

let cwd = '';
let server: ReplayServer;
let env: Record<string, string>;
const GOOD = '{ "replicas": 2 }\n';

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'opsguard-cli-rollback-'));
  const sample = await loadSample(defaultSampleDir());
  server = await startReplayServer({
    sample,
    git: {
      commits: [
        { message: 'deploy config', files: { 'config/deploy.json': GOOD } },
        { message: 'scale up', files: { 'config/deploy.json': '{ "replicas": 200 }\n' } },
      ],
    },
  });
  env = { GITHUB_TOKEN: 'ghp_cliRollbackToken00000000000000000', GITHUB_API_URL: server.url, OPSGUARD_KILL: 'false' };
});
afterAll(async () => {
  await server.close();
  await rm(cwd, { recursive: true, force: true });
});

async function opsguard(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: [string[], string[]] = [[], []];
  stdout.on('data', (c: Buffer) => chunks[0].push(c.toString('utf8')));
  stderr.on('data', (c: Buffer) => chunks[1].push(c.toString('utf8')));
  const io: CliIo = { stdin: Readable.from([]), stdout, stderr, env, cwd, now: () => new Date() };
  const code = await main(args, io);
  return { code, stdout: chunks[0].join(''), stderr: chunks[1].join('') };
}

const writes = () => server.requests().filter((r) => r.method !== 'GET');

describe('opsguard rollback', () => {
  it('refuses an unknown command, a malformed or unknown plan hash: one line, non-zero, nothing changed', async () => {
    const unknown = await opsguard(['rollback', 'undo', '--repo', 'acme/webshop']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('say what to do: plan, apply, history (not "undo")');
    const short = await opsguard(['rollback', 'apply', '--repo', 'acme/webshop', '--plan-hash', 'abc']);
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain('plan-hash must be 64 hex digits');
    const missing = await opsguard(['rollback', 'apply', '--repo', 'acme/webshop', '--plan-hash', 'e'.repeat(64)]);
    expect(missing.stderr).toContain('no rollback plan with hash');
    const force = await opsguard([
      'rollback',
      'apply',
      '--repo',
      'acme/webshop',
      '--plan-hash',
      'e'.repeat(64),
      '--force-after',
      'soon',
    ]);
    expect(force.code).not.toBe(0);
    expect(force.stderr).toContain('--force-after must be a whole number, not "soon"');
    expect(writes()).toEqual([]);
  });

  it('plans, applies exactly that plan, and shows the history', async () => {
    const good = server.git.log('main')[1]?.sha ?? '';
    const plan = await opsguard([
      'rollback',
      'plan',
      '--repo',
      'acme/webshop',
      '--file',
      'config/deploy.json',
      '--good-commit',
      good,
      '--json',
    ]);
    expect(plan.code).toBe(0);
    const { hash } = JSON.parse(plan.stdout) as { hash: string };
    expect(writes()).toEqual([]);
    const applied = await opsguard(['rollback', 'apply', '--repo', 'acme/webshop', '--plan-hash', hash]);
    expect(applied.stdout).toContain('Rollback applied; every step read back.');
    expect(applied.code).toBe(0);
    expect(server.git.fileAt('main', 'config/deploy.json')).toBe(GOOD);
    const history = await opsguard(['rollback', 'history', '--repo', 'acme/webshop']);
    expect(history.stdout).toMatch(/planned[\s\S]*apply-started[\s\S]*step-done\s+restore-files:main[\s\S]*applied/);
  });
});
