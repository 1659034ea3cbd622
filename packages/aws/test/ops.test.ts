import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStandinAccount, type StandinAccount } from '@opsguard/sample';
import {
  budgetStatus,
  callerIdentity,
  commandInvocation,
  createAwsClients,
  deleteReservedConcurrency,
  describeInstances,
  distributionState,
  functionsByTag,
  getReservedConcurrency,
  normaliseAwsError,
  publish,
  putReservedConcurrency,
  sendStopServiceCommand,
  setDistributionEnabled,
  startInstances,
  stopInstances,
  type AwsClients,
} from '@opsguard/aws';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:opsguard`;
let account: StandinAccount;
let clients: AwsClients;

beforeAll(async () => {
  account = await startStandinAccount({
    account: ACCOUNT,
    region: REGION,
    functions: [
      { name: 'checkout', reservedConcurrency: 25, tags: { app: 'shop' } },
      { name: 'thumbnails', tags: { app: 'shop' } },
      { name: 'other' },
    ],
    instances: [
      { id: 'i-0aaa1111', state: 'running', tags: { app: 'shop' } },
      { id: 'i-0bbb2222', state: 'stopped', rootDeviceType: 'instance-store' },
    ],
    distributions: [{ id: 'E2SHOP123', enabled: true }],
    topics: [TOPIC],
    budgets: [
      {
        name: 'monthly',
        limitUsd: 100,
        actualUsd: 120,
        thresholds: [{ percent: 100 }, { percent: 150 }],
        periodStart: '2026-12-01T00:00:00Z',
      },
    ],
  });
  clients = await createAwsClients({
    region: REGION,
    endpoint: account.url,
    credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  clients.destroy();
  await account.close();
});

describe('AWS operations on the stand-in, through the real SDK', () => {
  it('reads the caller identity', async () => {
    await expect(callerIdentity(clients)).resolves.toMatchObject({ account: ACCOUNT });
  });

  it('finds functions by tag and sets, reads and deletes reserved concurrency (REST/JSON)', async () => {
    expect((await functionsByTag(clients, 'app', 'shop')).map((f) => f.name)).toEqual(['checkout', 'thumbnails']);
    expect(await getReservedConcurrency(clients, 'checkout')).toBe(25);
    expect(await getReservedConcurrency(clients, 'thumbnails')).toBeNull();
    await putReservedConcurrency(clients, 'thumbnails', 0);
    expect(account.lambda.reservation('thumbnails')).toBe(0);
    await deleteReservedConcurrency(clients, 'thumbnails');
    expect(await getReservedConcurrency(clients, 'thumbnails')).toBeNull();
    const missing = await getReservedConcurrency(clients, 'nope').catch((e: unknown) => e);
    expect(normaliseAwsError(missing)).toMatchObject({ kind: 'not-found', code: 'ResourceNotFoundException' });
  });

  it('describes, stops and starts instances (query/XML) with the state moving per describe', async () => {
    const [tagged] = await describeInstances(clients, { tag: { key: 'app', value: 'shop' } });
    expect(tagged).toMatchObject({ id: 'i-0aaa1111', state: 'running', rootDeviceType: 'ebs' });
    await stopInstances(clients, ['i-0aaa1111']);
    expect((await describeInstances(clients, { ids: ['i-0aaa1111'] }))[0]?.state).toBe('stopped');
    await startInstances(clients, ['i-0aaa1111']);
    expect((await describeInstances(clients, { ids: ['i-0aaa1111'] }))[0]?.state).toBe('running');
    const [store] = await describeInstances(clients, { ids: ['i-0bbb2222'] });
    expect(store?.rootDeviceType).toBe('instance-store');
  });

  it('sends an SSM command and sees InvocationDoesNotExist first, then a final status (JSON 1.1)', async () => {
    const id = await sendStopServiceCommand(clients, ['i-0aaa1111'], 'nginx');
    const seen = [];
    for (let i = 0; i < 3; i += 1) seen.push((await commandInvocation(clients, id, 'i-0aaa1111')).status);
    expect(seen).toEqual(['NotYet', 'InProgress', 'Success']);
    expect(account.ssm.sent()[0]?.commands).toEqual(['systemctl stop nginx']);
    await expect(sendStopServiceCommand(clients, ['i-0aaa1111'], 'x; rm -rf /')).rejects.toThrow(/systemd unit/);
  });

  it('disables a distribution with If-Match and retries on PreconditionFailed (REST/XML)', async () => {
    const before = await distributionState(clients, 'E2SHOP123');
    expect(before.enabled).toBe(true);
    account.faults.inject({
      service: 'cloudfront',
      operation: 'UpdateDistribution',
      code: 'PreconditionFailed',
      status: 412,
      times: 1,
    });
    const outcome = await setDistributionEnabled(clients, 'E2SHOP123', false);
    expect(outcome).toMatchObject({ changed: true, attempts: 2 });
    expect(account.cloudfront.enabled('E2SHOP123')).toBe(false);
    expect(outcome.etag).toBe(account.cloudfront.etag('E2SHOP123'));
    await expect(setDistributionEnabled(clients, 'E2SHOP123', false)).resolves.toMatchObject({ changed: false });
    await setDistributionEnabled(clients, 'E2SHOP123', true);
    expect(account.cloudfront.enabled('E2SHOP123')).toBe(true);
  });

  it('publishes to SNS (query/XML) and reads a budget in alarm (JSON 1.1)', async () => {
    await publish(clients, TOPIC, 'OpsGuard: shutdown', '{"ok":true}');
    expect(account.sns.published()).toEqual([
      expect.objectContaining({ subject: 'OpsGuard: shutdown', message: '{"ok":true}' }),
    ]);
    const budget = await budgetStatus(clients, ACCOUNT, 'monthly');
    expect(budget).toMatchObject({ limitUsd: 100, actualUsd: 120, periodStart: '2026-12-01T00:00:00.000Z' });
    expect(budget.alarms).toEqual([{ type: 'ACTUAL', thresholdPercent: 100 }]);
  });
});
