import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandinAccount, type StandinAccount } from '@opsguard/sample';
import { useActionHarness } from '@opsguard/testing';
import { run as recover } from '../../aws-recovery/src/main.js';
import { run } from '../src/main.js';

const harness = useActionHarness();
const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:opsguard-cost-results`;
const TARGETS = JSON.stringify({
  functions: { tag: 'cost-guard=stop' },
  instances: { tag: 'cost-guard=stop' },
  distributions: ['E2SHOP123'],
});
let account: StandinAccount;
let out: string;

beforeAll(async () => {
  account = await startStandinAccount({
    account: ACCOUNT,
    region: REGION,
    functions: [{ name: 'api', reservedConcurrency: 7, tags: { 'cost-guard': 'stop' } }],
    instances: [{ id: 'i-0aaa1111', state: 'running', tags: { 'cost-guard': 'stop' } }],
    distributions: [{ id: 'E2SHOP123', enabled: true }],
    topics: [TOPIC],
    budgets: [
      {
        name: 'monthly',
        limitUsd: 10,
        actualUsd: 5,
        thresholds: [{ percent: 100 }],
        periodStart: '2026-12-01T00:00:00Z',
      },
    ],
  });
  out = await mkdtemp(join(tmpdir(), 'opsguard-aws-action-'));
});
afterAll(async () => {
  await account.close();
});
const mutations = () =>
  account.server.requests().filter((r) => /^(Put|Delete|Stop|Start|Update|Send|Publish)/.test(r.operation ?? ''));

describe('aws-shutdown action: bad input is one clear error, nothing called', () => {
  it.each([
    [
      'no targets in plan mode',
      { 'aws-region': REGION },
      'input "targets" is required in plan mode (JSON: functions, instances, distributions, ssmService)',
    ],
    [
      'a malformed target list',
      { 'aws-region': REGION, targets: '{"instances":{"ids":["web-1"]}}' },
      'targets.instances.ids[0]: "web-1" is not an EC2 instance id (i-…)',
    ],
    [
      'no region',
      { targets: TARGETS },
      'input "aws-region" is required (or AWS_REGION from aws-actions/configure-aws-credentials)',
    ],
    [
      'apply without a plan',
      { 'aws-region': REGION, mode: 'apply' },
      'input "plan-file" is required in apply mode (the plan.json the plan step wrote)',
    ],
  ])('%s', async (_case, inputs, message) => {
    const before = account.server.requests().length;
    const step = await harness.runStep(run, inputs);
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([`Configuration error: ${message}`]);
    expect(account.server.requests().length).toBe(before);
  });

  it('an edited plan is refused before AWS is called', async () => {
    const file = join(out, 'edited.json');
    await writeFile(
      file,
      JSON.stringify({ kind: 'opsguard.aws-shutdown-plan', version: 1, sha256: 'f'.repeat(64), account: ACCOUNT }),
    );
    const step = await harness.runStep(run, { 'aws-region': REGION, mode: 'apply', 'plan-file': file });
    expect(step.errors[0]).toMatch(/^Configuration error: plan: SHA-256 does not match/);
    expect(mutations()).toEqual([]);
  });
});

describe('aws-shutdown → aws-recovery actions, store-less (restore record in out-dir)', () => {
  const common = () => ({ 'aws-region': REGION, 'aws-endpoint': account.url, 'out-dir': out, 'drain-seconds': '0' });
  it('the hourly poll fires nothing while the budget is fine', async () => {
    const quiet = await harness.runStep(run, {
      ...common(),
      targets: TARGETS,
      trigger: 'poll',
      'budget-names': 'monthly',
      'account-id': ACCOUNT,
    });
    expect(quiet.errors).toEqual([]);
    expect(quiet.outputs).toMatchObject({ fire: 'false' });
    expect(quiet.summary).toContain('No budget notification is in ALARM.');
  });

  it('plan is a dry run; apply and recovery restore what was', async () => {
    const common = { 'aws-region': REGION, 'aws-endpoint': account.url, 'out-dir': out, 'drain-seconds': '0' };
    const plan = await harness.runStep(run, { ...common, targets: TARGETS });
    expect(plan.errors).toEqual([]);
    expect(plan.outputs['plan-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.summary).toContain('Dry run: nothing changed.');
    expect(mutations()).toEqual([]);

    const apply = await harness.runStep(run, {
      ...common,
      mode: 'apply',
      'plan-file': plan.outputs['plan-file'] ?? '',
      'topic-arn': TOPIC,
    });
    expect(apply.errors).toEqual([]);
    expect(apply.outputs['overall-success']).toBe('true');
    expect(account.lambda.reservation('api')).toBe(0);
    expect(account.ec2.state('i-0aaa1111')).toBe('stopped');
    expect(account.cloudfront.enabled('E2SHOP123')).toBe(false);
    const record = JSON.parse(
      await readFile(join(out, `restore-${plan.outputs['plan-sha256'] ?? ''}.json`), 'utf8'),
    ) as { status: string };
    expect(record.status).toBe('shut-down');

    const recovery = await harness.runStep(recover, { ...common, 'topic-arn': TOPIC });
    expect(recovery.errors).toEqual([]);
    expect(recovery.outputs).toMatchObject({ status: 'recovered', 'failed-at': '' });
    expect(account.lambda.reservation('api')).toBe(7);
    expect(account.ec2.state('i-0aaa1111')).toBe('running');
    expect(account.cloudfront.enabled('E2SHOP123')).toBe(true);
    expect(account.sns.published().map((m) => m.subject)).toEqual([
      `OpsGuard shutdown complete in ${ACCOUNT} ${REGION}`,
      `OpsGuard recovery complete in ${ACCOUNT} ${REGION}`,
    ]);
  });
});
