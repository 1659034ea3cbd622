import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IamStandin, startAwsStandin, stsStandin, type AwsStandin } from '@opsguard/sample';
import { useActionHarness } from '@opsguard/testing';
import { run } from '../src/main.js';

const harness = useActionHarness();
const ACCOUNT = '123456789012';
let standin: AwsStandin;
let iam: IamStandin;

beforeAll(async () => {
  iam = new IamStandin({ accountId: ACCOUNT, roles: ['developer-alice', 'opsguard-apply'] });
  standin = await startAwsStandin({ services: [iam, stsStandin({ account: ACCOUNT })] });
});
afterAll(async () => {
  await standin.close();
});

const alert = (percent: number) =>
  JSON.stringify({
    accountId: ACCOUNT,
    budgetName: 'monthly',
    thresholdType: 'actual',
    thresholdPercent: percent,
    period: '2026-12-01',
    raisedAt: new Date().toISOString(),
  });

function policies(mode: 'auto' | 'manual'): string {
  const path = join(harness.cwd(), `${mode}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      timeZone: 'UTC',
      policies: [
        {
          id: `freeze-${mode}`,
          threshold: { type: 'actual', percent: 100 },
          deny: ['ec2:RunInstances'],
          principals: ['arn:aws:iam::*:role/developer-*', 'arn:aws:iam::*:role/opsguard-apply'],
          mode,
          ttlMinutes: 30,
        },
      ],
    }),
  );
  return path;
}

describe('guardrail action: configuration errors', () => {
  it.each([
    ['no command', {}, 'input "command" is required and was not supplied'],
    ['plan without an alert', { command: 'plan' }, 'input "alert" is required to plan'],
    [
      'an alert that is not JSON',
      { command: 'plan', alert: '{', 'aws-region': 'ap-northeast-1' },
      'input "alert" must be JSON',
    ],
    ['apply without a plan file', { command: 'apply' }, 'input "plan-file" is required to apply'],
  ])('%s: one line, exit code 1, nothing called', async (_case, inputs, message) => {
    const before = standin.requests().length;
    const step = await harness.runStep(run, inputs);
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([`Configuration error: ${message}`]);
    expect(standin.requests().length).toBe(before);
  });

  it('an alert with a wrong field names it', async () => {
    const step = await harness.runStep(run, {
      command: 'plan',
      alert: JSON.stringify({ ...JSON.parse(alert(100)), thresholdType: 'daily' }),
      'aws-region': 'ap-northeast-1',
      'aws-endpoint': standin.url,
    });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual(['Configuration error: budget alert: thresholdType is missing or malformed ("daily")']);
  });
});

describe('guardrail action on the stand-in, store-less', () => {
  const aws = () => ({ 'aws-region': 'ap-northeast-1', 'aws-endpoint': standin.url });

  it('plan --execute with an auto policy: applied with its expiry, the executor spared, the plan in the bundle', async () => {
    const step = await harness.runStep(run, {
      command: 'plan',
      alert: alert(100),
      policies: policies('auto'),
      execute: 'true',
      ...aws(),
    });
    expect(step.errors).toEqual([]);
    expect(step.outputs['awaiting-approval']).toBe('false');
    const applied = JSON.parse(step.outputs['applied'] ?? '[]') as {
      status: string;
      attached: string[];
      recorded: boolean;
    }[];
    expect(applied).toEqual([
      expect.objectContaining({
        status: 'executed',
        attached: [`arn:aws:iam::${ACCOUNT}:role/developer-alice`],
        recorded: false,
      }),
    ]);
    expect(iam.state.trueAttachments('role', 'opsguard-apply')).toEqual([]);
    expect(step.summary).toContain('No store: executions are not recorded');
    const planFile = step.outputs['plan-file'] ?? '';
    expect(existsSync(planFile)).toBe(true);
    expect(JSON.parse(readFileSync(planFile, 'utf8'))).toMatchObject({ hash: step.outputs['plan-hash'] });
    const bundle = step.outputs['bundle-path'] ?? '';
    const date = bundle.slice(-10).replaceAll('-', '');
    const log = readFileSync(join(bundle, 'logs', `guardrail_log_${date}.log`), 'utf8');
    expect(log).toContain('"event":"decision"');
    expect(log).toContain('"event":"apply_executed"');
  });

  it('manual: plan waits for approval; apply refuses another hash and applies the reviewed one', async () => {
    const planned = await harness.runStep(run, {
      command: 'plan',
      alert: alert(120),
      policies: policies('manual'),
      execute: 'true',
      ...aws(),
    });
    expect(planned.errors).toEqual([]);
    expect(planned.outputs['awaiting-approval']).toBe('true');
    expect(planned.outputs['applied']).toBe('[]');
    // The apply job downloads the bundle's plan file as it is.
    const planFile = planned.outputs['plan-file'] ?? '';
    const wrong = await harness.runStep(run, {
      command: 'apply',
      'plan-file': planFile,
      'plan-hash': 'f'.repeat(64),
      execute: 'true',
      ...aws(),
    });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.errors[0]).toContain('not the approved');
    const right = await harness.runStep(run, {
      command: 'apply',
      'plan-file': planFile,
      'plan-hash': planned.outputs['plan-hash'] ?? '',
      execute: 'true',
      ...aws(),
    });
    expect(right.errors).toEqual([]);
    expect(right.summary).toMatch(/\| freeze-manual \| executed \| 1 \|/);
  });
});
