import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  buildDenyPolicyDocument,
  denyPolicyExpiry,
  denyPolicyText,
  principalOf,
  type PrincipalRef,
} from '@opsguard/core';
import { IamStandin, StandinFaults, startAwsStandin, type AwsStandin } from '@opsguard/sample';
import {
  createAwsClients,
  iamGuardrailApi,
  normaliseAwsError,
  type AwsClients,
  type IamGuardrailApi,
} from '@opsguard/aws';

const DUMMY = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin-secret' };
const ACCOUNT = '123456789012';
const EXPIRY = new Date('2026-12-03T10:00:00Z');

function principal(arn: string): PrincipalRef {
  const p = principalOf(arn);
  if (!p) throw new Error(arn);
  return p;
}

const DEV = principal(`arn:aws:iam::${ACCOUNT}:role/developer-alice`);
const USER = principal(`arn:aws:iam::${ACCOUNT}:user/bob`);
const GROUP = principal(`arn:aws:iam::${ACCOUNT}:group/interns`);

describe('the IAM guardrail calls on the stand-in, through the real SDK', () => {
  let standin: AwsStandin;
  let clients: AwsClients;
  let iam: IamStandin;
  let api: IamGuardrailApi;
  const faults = new StandinFaults();

  beforeEach(async () => {
    faults.clear();
    iam = new IamStandin({
      accountId: ACCOUNT,
      now: () => new Date('2026-12-03T06:00:00Z'),
      roles: ['developer-alice', 'team/developer-carol', 'test-runner'],
      users: ['bob'],
      groups: ['interns'],
      faults,
    });
    standin = await startAwsStandin({ services: [iam] });
    clients = await createAwsClients({
      region: 'ap-northeast-1',
      endpoint: standin.url,
      credentials: DUMMY,
      sleep: () => Promise.resolve(),
    });
    api = await iamGuardrailApi(clients.iam);
  });
  afterEach(async () => {
    clients.destroy();
    await standin.close();
  });

  const document = () => denyPolicyText(buildDenyPolicyDocument('freeze', ['ec2:RunInstances'], EXPIRY));

  it('creates a policy whose document reads back URL-decoded with its expiry', async () => {
    const created = await api.createPolicy({
      name: 'opsguard-freeze-abc',
      path: '/opsguard/guardrails/',
      document: document(),
      description: 'test',
    });
    expect(created.arn).toBe(`arn:aws:iam::${ACCOUNT}:policy/opsguard/guardrails/opsguard-freeze-abc`);
    const info = await api.getPolicy(created.arn);
    expect(info).toMatchObject({ defaultVersionId: 'v1', attachmentCount: 0 });
    const text = await api.getPolicyDocument(created.arn, info.defaultVersionId);
    expect(text).toBe(document());
    expect(denyPolicyExpiry(text)).toEqual(EXPIRY);
    // On the wire the document is percent-encoded, as IAM sends it.
    const wire = standin.requests().find((r) => r.operation === 'GetPolicyVersion');
    expect(wire?.status).toBe(200);
  });

  it('attaches to a role, a user and a group, lists both ways, detaches, deletes', async () => {
    const { arn } = await api.createPolicy({ name: 'p1', path: '/', document: document(), description: '' });
    for (const p of [DEV, USER, GROUP]) await api.attachPolicy(p, arn);
    expect(await api.listAttachedPolicies(DEV)).toEqual([{ policyName: 'p1', policyArn: arn }]);
    expect(await api.listAttachedPolicies(USER)).toEqual([{ policyName: 'p1', policyArn: arn }]);
    expect(await api.listAttachedPolicies(GROUP)).toEqual([{ policyName: 'p1', policyArn: arn }]);
    expect((await api.listEntitiesForPolicy(arn)).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'group', name: 'interns' },
      { kind: 'role', name: 'developer-alice' },
      { kind: 'user', name: 'bob' },
    ]);
    expect((await api.getPolicy(arn)).attachmentCount).toBe(3);
    await expect(api.deletePolicy(arn)).rejects.toMatchObject({ name: 'DeleteConflictException' });
    for (const p of [DEV, USER, GROUP]) await api.detachPolicy(p, arn);
    expect(await api.listAttachedPolicies(DEV)).toEqual([]);
    await api.deletePolicy(arn);
    const gone = await api.getPolicy(arn).catch((e: unknown) => normaliseAwsError(e));
    expect(gone).toMatchObject({ kind: 'not-found', code: 'NoSuchEntityException', httpStatus: 404 });
  });

  it('answers NoSuchEntity for a detach of what is not attached, and for an unknown role', async () => {
    const { arn } = await api.createPolicy({ name: 'p2', path: '/', document: document(), description: '' });
    const notAttached = await api.detachPolicy(DEV, arn).catch((e: unknown) => normaliseAwsError(e));
    expect(notAttached).toMatchObject({ kind: 'not-found', code: 'NoSuchEntityException' });
    const ghost = principal(`arn:aws:iam::${ACCOUNT}:role/nobody`);
    const unknown = await api.attachPolicy(ghost, arn).catch((e: unknown) => normaliseAwsError(e));
    expect(unknown).toMatchObject({ kind: 'not-found' });
  });

  it('lists every principal of a kind across pages', async () => {
    const roles = await api.listPrincipals('role');
    expect(roles.map((r) => r.arn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/developer-alice`,
      `arn:aws:iam::${ACCOUNT}:role/team/developer-carol`,
      `arn:aws:iam::${ACCOUNT}:role/test-runner`,
    ]);
    expect(roles[1]).toMatchObject({ kind: 'role', name: 'developer-carol', accountId: ACCOUNT });
    expect(await api.listPrincipals('group')).toEqual([GROUP]);
    for (let i = 0; i < 150; i++) iam.state.addPrincipal('user', `user-${String(i).padStart(3, '0')}`);
    const users = await api.listPrincipals('user');
    expect(users).toHaveLength(151);
    // IAM answers at most 100 a page: two ListUsers calls, the second with the first's Marker.
    const listUsers = standin.requests().filter((r) => r.operation === 'ListUsers');
    expect(listUsers).toHaveLength(2);
    expect(listUsers[1]?.body).toContain('Marker=100');
  });

  it('raises LimitExceeded at the attachment quota, and injected AccessDenied and Throttling as the SDK does', async () => {
    const small = new IamStandin({ accountId: ACCOUNT, roles: ['developer-alice'], attachmentQuota: 1 });
    const server = await startAwsStandin({ services: [small] });
    const c = await createAwsClients({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: DUMMY,
      sleep: () => Promise.resolve(),
    });
    try {
      const a = await iamGuardrailApi(c.iam);
      const p1 = await a.createPolicy({ name: 'a', path: '/', document: document(), description: '' });
      const p2 = await a.createPolicy({ name: 'b', path: '/', document: document(), description: '' });
      await a.attachPolicy(DEV, p1.arn);
      const limit = await a.attachPolicy(DEV, p2.arn).catch((e: unknown) => normaliseAwsError(e));
      expect(limit).toMatchObject({ kind: 'limit-exceeded', code: 'LimitExceededException', httpStatus: 409 });
      small.injectFault({ action: 'DetachRolePolicy', code: 'AccessDenied' });
      const denied = await a.detachPolicy(DEV, p1.arn).catch((e: unknown) => normaliseAwsError(e));
      expect(denied).toMatchObject({ kind: 'access-denied', httpStatus: 403 });
      small.clearFaults();
      small.injectFault({ action: 'DetachRolePolicy', code: 'Throttling', times: 2 });
      await a.detachPolicy(DEV, p1.arn); // the SDK retried twice
      expect(small.calls.filter((k) => k.action === 'DetachRolePolicy').map((k) => k.error)).toEqual([
        'AccessDenied',
        'Throttling',
        'Throttling',
        null,
      ]);
    } finally {
      c.destroy();
      await server.close();
    }
  });

  it('keeps a detach out of reads for N reads in its eventual-consistency mode', async () => {
    const { arn } = await api.createPolicy({ name: 'p3', path: '/', document: document(), description: '' });
    await api.attachPolicy(DEV, arn);
    iam.setDetachVisibleAfterReads(2);
    await api.detachPolicy(DEV, arn);
    expect(await api.listAttachedPolicies(DEV)).toHaveLength(1);
    expect(await api.listAttachedPolicies(DEV)).toHaveLength(1);
    expect(await api.listAttachedPolicies(DEV)).toEqual([]);
    expect(iam.state.trueAttachments('role', 'developer-alice')).toEqual([]);
  });

  it('honours the shared stand-in faults by resource', async () => {
    faults.inject({
      service: 'iam',
      operation: 'AttachRolePolicy',
      code: 'AccessDenied',
      status: 403,
      resource: 'developer-alice',
    });
    const { arn } = await api.createPolicy({ name: 'p4', path: '/', document: document(), description: '' });
    await expect(api.attachPolicy(DEV, arn)).rejects.toMatchObject({ name: 'AccessDenied' });
    await api.attachPolicy(USER, arn);
    expect(await api.listAttachedPolicies(USER)).toHaveLength(1);
  });
});
