import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { startStandinAccount, type StandinAccount, type StandinAccountSpec } from '@opsguard/sample';
import type { CliIo } from '../src/command.js';
import { main } from '../src/main.js';

const REGION = 'ap-northeast-1';
const spec = (account: string): StandinAccountSpec => ({
  account,
  region: REGION,
  functions: [{ name: 'api', reservedConcurrency: 3, tags: { 'cost-guard': 'stop' } }],
  instances: [{ id: 'i-0aaa1111', state: 'running', tags: { 'cost-guard': 'stop' } }],
  distributions: [{ id: 'E2SHOP123', enabled: true }],
});

let cwd = '';
let mine: StandinAccount;
let other: StandinAccount;
const saved = { ...process.env };
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'opsguard-cli-aws-'));
  mine = await startStandinAccount(spec('123456789012'));
  other = await startStandinAccount(spec('999999999999'));
  await writeFile(
    join(cwd, 'targets.json'),
    JSON.stringify({
      functions: { tag: 'cost-guard=stop' },
      instances: { tag: 'cost-guard=stop' },
      distributions: ['E2SHOP123'],
    }),
  );
  // The SDK's default chain reads the process environment: the stand-in's dummies.
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIDSTANDIN';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'standin';
});
afterAll(async () => {
  process.env = saved;
  await mine.close();
  await other.close();
  await rm(cwd, { recursive: true, force: true });
});

async function opsguard(args: readonly string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString('utf8')));
  stderr.on('data', (c: Buffer) => err.push(c.toString('utf8')));
  const io: CliIo = { stdin: Readable.from([]), stdout, stderr, env, cwd, now: () => new Date() };
  const code = await main(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
const mutations = (a: StandinAccount) =>
  a.server.requests().filter((r) => /^(Put|Delete|Stop|Start|Update|Send)/.test(r.operation ?? ''));

// Four CLI runs, each opening the embedded PGlite store: slow on a loaded machine.
describe('opsguard aws', () => {
  it('a missing region is one clear error and exit 1', async () => {
    const run = await opsguard(['aws', 'shutdown', 'plan', '--targets', 'targets.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AWS region is missing: pass --region (or set AWS_REGION)');
  });

  it('a malformed target list is one clear error and exit 1', async () => {
    await writeFile(join(cwd, 'bad.json'), '{"distributions":["not-an-id"]}');
    const run = await opsguard([
      'aws',
      'shutdown',
      'plan',
      '--targets',
      'bad.json',
      '--region',
      REGION,
      '--endpoint',
      mine.url,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('targets.distributions[0]: "not-an-id" is not a CloudFront distribution id');
  });

  it('plan (dry run) → apply → recover on the stand-in; a plan applied to another account is refused, nothing changed', async () => {
    const at = ['--region', REGION, '--out', 'aws'];
    const plan = await opsguard([
      'aws',
      'shutdown',
      'plan',
      '--targets',
      'targets.json',
      '--endpoint',
      mine.url,
      '--drain-seconds',
      '0',
      ...at,
    ]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Dry run: nothing changed.');
    expect(mutations(mine)).toEqual([]);

    const elsewhere = await opsguard(['aws', 'shutdown', 'apply', '--endpoint', other.url, ...at]);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(
      'plan: made for account 123456789012, but the credentials are for account 999999999999; nothing changed',
    );
    expect(mutations(other)).toEqual([]);

    const apply = await opsguard(['aws', 'shutdown', 'apply', '--endpoint', mine.url, ...at]);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Shutdown complete (overall_success: true)');
    expect(mine.lambda.reservation('api')).toBe(0);
    const result = JSON.parse(await readFile(join(cwd, 'aws', 'aws-shutdown-result.json'), 'utf8')) as {
      overall_success: boolean;
    };
    expect(result.overall_success).toBe(true);

    const recover = await opsguard(['aws', 'recover', '--endpoint', mine.url, ...at]);
    expect(recover.code).toBe(0);
    expect(recover.stdout).toContain('Recovery complete');
    expect([
      mine.lambda.reservation('api'),
      mine.ec2.state('i-0aaa1111'),
      mine.cloudfront.enabled('E2SHOP123'),
    ]).toEqual([3, 'running', true]);
  }, 180_000);
});
