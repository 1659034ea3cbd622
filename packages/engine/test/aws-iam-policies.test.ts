import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAwsClients, type AwsClients } from '@opsguard/aws';
import { parseShutdownTargets } from '@opsguard/core';
import { createBrake, createGuard, DEFAULT_GUARD_POLICY } from '@opsguard/guard';
import { startStandinAccount, type StandinAccount } from '@opsguard/sample';
import { openPgliteStore, type Store } from '@opsguard/store';
import {
  memoryRestoreRecords,
  planShutdown,
  pollBudgetAlerts,
  runRecovery,
  runShutdown,
  virtualClock,
} from '../src/index.js';

// The least-privilege check: run everything the code does on the stand-in, read the operations
// off the wire, and compare them with the roles' policies — every call allowed, nothing more.
const INFRA = join(import.meta.dirname, '../../../infra/aws');
const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:opsguard-cost-results`;

interface Statement {
  readonly Action: string | readonly string[];
}
const actionsOf = (file: string): string[] => {
  const policy = JSON.parse(readFileSync(join(INFRA, file), 'utf8')) as { Statement: Statement[] };
  return [
    ...new Set(policy.Statement.flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : [...s.Action]))),
  ].sort();
};

/** The IAM action an API operation needs (GetCallerIdentity needs none; Budgets reads are ViewBudget). */
function iamAction(service: string, operation: string): string | undefined {
  if (service === 'sts' && operation === 'GetCallerIdentity') return undefined;
  if (service === 'budgets' && operation.startsWith('Describe')) return 'budgets:ViewBudget';
  return `${service}:${operation}`;
}

let store: Store;
let account: StandinAccount;
let clients: AwsClients;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
  account = await startStandinAccount({
    account: ACCOUNT,
    region: REGION,
    functions: [{ name: 'api', reservedConcurrency: 5, tags: { 'cost-guard': 'stop' } }, { name: 'named' }],
    instances: [{ id: 'i-0aaa1111', state: 'running', tags: { 'cost-guard': 'stop' } }],
    distributions: [{ id: 'E2SHOP123', enabled: true }],
    topics: [TOPIC],
    budgets: [
      {
        name: 'monthly',
        limitUsd: 10,
        actualUsd: 20,
        thresholds: [{ percent: 100 }],
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
  await store.close();
});

const called = (from: number): string[] =>
  [
    ...new Set(
      account.server
        .requests()
        .slice(from)
        .map((r) => iamAction(r.service, r.operation ?? '?'))
        .filter((a): a is string => a !== undefined),
    ),
  ].sort();

describe('IAM policies of the OIDC roles', () => {
  it('the plan role allows exactly what plan and the budget backstop call', async () => {
    const clock = virtualClock(new Date('2026-12-03T10:00:00Z'));
    const targets = parseShutdownTargets({
      functions: { names: ['named'], tag: 'cost-guard=stop' },
      instances: { ids: ['i-0aaa1111'], tag: 'cost-guard=stop' },
      distributions: ['E2SHOP123'],
      ssmService: 'web',
    });
    await pollBudgetAlerts(clients, ACCOUNT, ['monthly'], clock.now());
    await planShutdown({ clients, clock }, { targets });
    expect(called(0)).toEqual(actionsOf('plan-role-policy.json'));
  });

  it('the apply role allows exactly what plan, shutdown, recovery and the announcements call', async () => {
    const from = account.server.requests().length;
    const clock = virtualClock(new Date('2026-12-04T10:00:00Z'));
    const guard = createGuard({
      store,
      policy: DEFAULT_GUARD_POLICY,
      now: () => clock.now(),
      random: () => 0.5,
      sleep: async () => undefined,
      actor: 'test',
      brake: createBrake(store, null),
    });
    const deps = { clients, guard, clock, records: memoryRestoreRecords() };
    await pollBudgetAlerts(clients, ACCOUNT, ['monthly'], clock.now());
    const plan = await planShutdown(deps, {
      targets: parseShutdownTargets({
        functions: { names: ['named'], tag: 'cost-guard=stop' },
        instances: { tag: 'cost-guard=stop' },
        distributions: ['E2SHOP123'],
        ssmService: 'web',
      }),
    });
    const { result } = await runShutdown(deps, plan, { topicArn: TOPIC });
    expect(result.overall_success).toBe(true);
    const recovery = await runRecovery(deps, 'latest', { topicArn: TOPIC });
    expect(recovery.result.status).toBe('recovered');
    expect(called(from)).toEqual(actionsOf('apply-role-policy.json'));
  });
});
