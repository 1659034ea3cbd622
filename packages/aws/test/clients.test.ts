import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from '@jest/globals';
import { StandinFaults, startAwsStandin, stsStandin, type AwsStandin } from '@opsguard/sample';
import { createAwsClients, isMissingRegionError, normaliseAwsError, type AwsClients } from '@opsguard/aws';

const DUMMY = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin-secret' };

describe('the client factory against the stand-in', () => {
  let standin: AwsStandin | undefined;
  let clients: AwsClients | undefined;
  afterEach(async () => {
    clients?.destroy();
    await standin?.close();
    clients = undefined;
    standin = undefined;
  });

  it('signs for the region and service, and the stand-in dispatches by signing name', async () => {
    standin = await startAwsStandin({ services: [stsStandin({ account: '123456789012' })] });
    clients = await createAwsClients({ region: 'ap-northeast-1', endpoint: standin.url, credentials: DUMMY });
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('123456789012');
    expect(standin.requests()).toEqual([
      expect.objectContaining({
        service: 'sts',
        region: 'ap-northeast-1',
        operation: 'GetCallerIdentity',
        status: 200,
      }),
    ]);
  });

  it('retries throttling through the injected sleep, then succeeds', async () => {
    const faults = new StandinFaults();
    faults.inject({ service: 'sts', operation: 'GetCallerIdentity', code: 'Throttling', times: 2 });
    standin = await startAwsStandin({ services: [stsStandin({ account: '123456789012', faults })] });
    const slept: number[] = [];
    clients = await createAwsClients({
      region: 'ap-northeast-1',
      endpoint: standin.url,
      credentials: DUMMY,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    });
    await expect(clients.sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Account: '123456789012',
    });
    expect(standin.requests().map((r) => r.status)).toEqual([400, 400, 200]);
    expect(slept).toHaveLength(2);
  });

  it('normalises an access-denied error from the wire', async () => {
    const faults = new StandinFaults();
    faults.inject({ service: 'sts', operation: 'GetCallerIdentity', code: 'AccessDenied', status: 403 });
    standin = await startAwsStandin({ services: [stsStandin({ account: '123456789012', faults })] });
    clients = await createAwsClients({
      region: 'us-east-1',
      endpoint: standin.url,
      credentials: DUMMY,
      maxAttempts: 1,
    });
    const error = await clients.sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(normaliseAwsError(error)).toMatchObject({ kind: 'access-denied', code: 'AccessDenied', httpStatus: 403 });
  });

  it('refuses a missing region with one clear error', async () => {
    const error = await createAwsClients({ region: '' }).catch((e: unknown) => e);
    expect(isMissingRegionError(error)).toBe(true);
    expect((error as Error).message).toMatch(/AWS region is missing/);
  });
});

describe('normaliseAwsError', () => {
  const sdkError = (name: string, status: number) =>
    Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } });
  it.each([
    ['ThrottlingException', 400, 'throttling'],
    ['RequestLimitExceeded', 503, 'throttling'],
    ['TooManyRequestsException', 429, 'throttling'],
    ['AccessDeniedException', 403, 'access-denied'],
    ['UnauthorizedOperation', 403, 'access-denied'],
    ['ResourceNotFoundException', 404, 'not-found'],
    ['InvalidInstanceID.NotFound', 400, 'not-found'],
    ['NoSuchDistribution', 404, 'not-found'],
    ['PreconditionFailed', 412, 'precondition-failed'],
    ['LimitExceeded', 409, 'limit-exceeded'],
    ['IncorrectInstanceState', 400, 'other'],
  ])('%s (%d) is %s', (name, status, kind) => {
    expect(normaliseAwsError(sdkError(name, status)).kind).toBe(kind);
  });
  it('a plain value is other', () => {
    expect(normaliseAwsError('boom')).toMatchObject({ kind: 'other', message: 'boom', httpStatus: undefined });
  });
});
