import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { IamStandin, startAwsStandin, stsStandin, type AwsStandin } from '@opsguard/sample';
import type { CliIo } from '../src/command.js';
import { main } from '../src/main.js';

const ACCOUNT = '123456789012';
let cwd = '';
let standin: AwsStandin;
let iam: IamStandin;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'opsguard-cli-guardrails-'));
  iam = new IamStandin({ accountId: ACCOUNT, roles: ['developer-alice', 'opsguard-apply', 'test-x'] });
  standin = await startAwsStandin({ services: [iam, stsStandin({ account: ACCOUNT })] });
  const policy = (mode: string) => ({
    $schema: '../config/schemas/guardrail-policies.schema.json',
    timeZone: 'UTC',
    policies: [
      {
        id: `freeze-${mode}`,
        threshold: { type: 'actual', percent: 100 },
        deny: ['ec2:RunInstances'],
        principals: ['arn:aws:iam::*:role/*'],
        mode,
        ttlMinutes: 30,
      },
    ],
  });
  await writeFile(join(cwd, 'auto.json'), JSON.stringify(policy('auto')));
  await writeFile(join(cwd, 'manual.json'), JSON.stringify(policy('manual')));
  const alert = {
    accountId: ACCOUNT,
    budgetName: 'monthly',
    thresholdType: 'actual',
    thresholdPercent: 100,
    period: '2026-12-01',
    raisedAt: new Date().toISOString(),
  };
  await writeFile(join(cwd, 'alert.json'), JSON.stringify(alert));
  await writeFile(join(cwd, 'alert-2.json'), JSON.stringify({ ...alert, thresholdPercent: 120 }));
});
afterAll(async () => {
  await standin.close();
  await rm(cwd, { recursive: true, force: true });
});

function collect(stream: PassThrough): () => string {
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return () => chunks.join('');
}

async function opsguard(args: readonly string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const io: CliIo = { stdin: Readable.from([]), stdout, stderr, env: {}, cwd, now: () => new Date() };
  const code = await main(['guardrails', ...args, '--region', 'ap-northeast-1', '--endpoint', standin.url], io);
  return { code, stdout: out(), stderr: err() };
}

describe('opsguard guardrails (IAM and STS stand-in, embedded store)', () => {
  it('plan --execute applies an auto policy, sparing the executor role and the bundled test-* exception; cleanup finds nothing due yet', async () => {
    const run = await opsguard([
      'plan',
      '--policies',
      'auto.json',
      '--alert',
      'alert.json',
      '--out',
      'plan.json',
      '--execute',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deny (auto) 1 principal(s) for 30 min');
    expect(run.stdout).toMatch(/\| freeze-auto \| executed \| 1 \|/);
    expect(iam.state.trueAttachments('role', 'opsguard-apply')).toEqual([]);
    expect(iam.state.trueAttachments('role', 'test-x')).toEqual([]);
    expect(iam.state.trueAttachments('role', 'developer-alice')).toHaveLength(1);
    expect(JSON.parse(await readFile(join(cwd, 'plan.json'), 'utf8'))).toMatchObject({
      kind: 'opsguard.guardrail-plan',
    });
    const cleanup = await opsguard(['cleanup', '--json']);
    expect(cleanup.code).toBe(0);
    expect(JSON.parse(cleanup.stdout)).toMatchObject({ total_found: 0, rolled_back: 0, failed: 0, errors: [] });
  });

  it('manual: plan applies nothing; apply needs the reviewed hash', async () => {
    const run = await opsguard([
      'plan',
      '--policies',
      'manual.json',
      '--alert',
      'alert-2.json',
      '--out',
      'manual-plan.json',
      '--execute',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const { planHash, applied } = JSON.parse(run.stdout) as { planHash: string; applied: unknown[] };
    expect(applied).toEqual([]);
    const before = iam.state.allPolicies().length;
    const wrong = await opsguard(['apply', '--plan', 'manual-plan.json', '--hash', 'f'.repeat(64), '--execute']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('not the approved');
    expect(iam.state.allPolicies()).toHaveLength(before);
    const right = await opsguard(['apply', '--plan', 'manual-plan.json', '--hash', planHash, '--execute']);
    expect(right.code).toBe(0);
    expect(right.stdout).toMatch(/\| freeze-manual \| executed \| 1 \|/);
    expect(iam.state.allPolicies()).toHaveLength(before + 1);
  });

  it('a bad alert is one clear error naming the field, before anything is opened', async () => {
    await writeFile(join(cwd, 'bad.json'), JSON.stringify({ accountId: '12' }));
    const run = await opsguard(['plan', '--alert', 'bad.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('budget alert: thresholdPercent must be a positive number');
  });
});
