import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IamStandin, startAwsStandin, stsStandin, type AwsStandin } from '@opsguard/sample';
import { guardrailExecutionsOf, openStore } from '@opsguard/store';
import { createTestDatabase, describePg, useActionHarness } from '@opsguard/testing';
import { run } from '../src/main.js';

const harness = useActionHarness();
const ACCOUNT = '123456789012';
let standin: AwsStandin;
let iam: IamStandin;

beforeAll(async () => {
  iam = new IamStandin({ accountId: ACCOUNT, roles: ['developer-alice'] });
  standin = await startAwsStandin({ services: [iam, stsStandin({ account: ACCOUNT })] });
});
afterAll(async () => {
  await standin.close();
});

describe('guardrail-cleanup action: configuration errors', () => {
  it.each([
    ['no region', {}, 'input "aws-region" is required (or AWS_REGION from aws-actions/configure-aws-credentials)'],
    [
      'a malformed region',
      { 'aws-region': 'tokyo' },
      'input "aws-region" must be a region like ap-northeast-1, not "tokyo"',
    ],
    [
      'a malformed endpoint',
      { 'aws-region': 'ap-northeast-1', 'aws-endpoint': 'stand-in' },
      'input "aws-endpoint" must be a URL, not "stand-in"',
    ],
    [
      'a Supabase URL without its key',
      { 'aws-region': 'ap-northeast-1', 'supabase-url': 'https://abc.supabase.co' },
      'inputs "supabase-url" and "supabase-key" go together: "supabase-key" is missing',
    ],
  ])('%s: one line, exit code 1, nothing called', async (_case, inputs, message) => {
    const before = standin.requests().length;
    const step = await harness.runStep(run, inputs);
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([`Configuration error: ${message}`]);
    expect(step.outputs).toEqual({});
    expect(standin.requests().length).toBe(before);
  });
});

describe('guardrail-cleanup action: store-less', () => {
  it('says what needs a store and what guarantees the expiry without one', async () => {
    const step = await harness.runStep(run, { 'aws-region': 'ap-northeast-1', 'aws-endpoint': standin.url });
    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBeUndefined();
    expect(step.outputs).toMatchObject({ 'total-found': '0', 'rolled-back': '0', failed: '0' });
    expect(step.summary).toContain('### OpsGuard guardrail clean-up: not run');
    expect(step.summary).toContain('the clean-up cannot find them');
    expect(step.summary).toContain('DateLessThan aws:CurrentTime');
  });
});

describePg('guardrail-cleanup action with a Postgres store (database-url)', () => {
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('rolls back an expired execution, and a second run changes nothing', async () => {
    const policyArn = iam.state.createPolicy('opsguard-x', '{"Statement":[]}', '/opsguard/guardrails/').arn;
    iam.state.attach('role', 'developer-alice', policyArn);
    const store = await openStore({ kind: 'postgres', connectionString: database.url }, { cwd: harness.cwd() });
    try {
      await guardrailExecutionsOf(store).recordExecution(
        {
          id: 'gx_action_1',
          planHash: 'b'.repeat(64),
          policyId: 'freeze',
          mode: 'auto',
          accountId: ACCOUNT,
          budgetName: 'monthly',
          principals: [{ arn: `arn:aws:iam::${ACCOUNT}:role/developer-alice`, kind: 'role', name: 'developer-alice' }],
          denyActions: ['ec2:RunInstances'],
          policyArn,
          policyDocument: { Version: '2012-10-17' },
          executedBy: 'test',
          executedAt: new Date(Date.now() - 2 * 3_600_000),
          ttlExpiresAt: new Date(Date.now() - 3_600_000),
        },
        new Date(),
      );
    } finally {
      await store.close();
    }
    const inputs = { 'aws-region': 'ap-northeast-1', 'aws-endpoint': standin.url, 'database-url': database.url };
    const first = await harness.runStep(run, inputs);
    expect(first.errors).toEqual([]);
    expect(first.outputs).toMatchObject({ 'total-found': '1', 'rolled-back': '1', failed: '0' });
    expect(first.summary).toContain('Clean-up: 1 expired found, 1 rolled back, 0 failed, 1 policies deleted.');
    expect(iam.state.trueAttachments('role', 'developer-alice')).toEqual([]);
    const second = await harness.runStep(run, inputs);
    expect(second.outputs).toMatchObject({ 'total-found': '0', 'rolled-back': '0', failed: '0' });
  });
});
