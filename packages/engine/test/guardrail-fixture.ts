// A guardrail world for tests: the IAM stand-in behind the real SDK on 127.0.0.1, a PGlite store
// with the guardrail executions, the guard, and a clock that only moves when told (or slept on).
import { createAwsClients, iamGuardrailApi, type AwsClients } from '@opsguard/aws';
import type { BudgetAlert, GuardrailPolicies } from '@opsguard/core';
import { createBrake, createGuard, DEFAULT_GUARD_POLICY, type Guard } from '@opsguard/guard';
import type { Notification } from '@opsguard/notify';
import { IamStandin, startAwsStandin, type AwsStandin } from '@opsguard/sample';
import { guardrailExecutionsOf, openPgliteStore, type GuardrailExecutionStore, type Store } from '@opsguard/store';
import type { Clock, GuardrailDeps } from '../src/index.js';

export const ACCOUNT = '123456789012';
export const START = new Date('2026-12-03T01:00:00Z'); // Thursday 10:00 in Tokyo, no holiday

export interface GuardrailWorld {
  readonly iam: IamStandin;
  readonly standin: AwsStandin;
  readonly clients: AwsClients;
  readonly store: Store;
  readonly executions: GuardrailExecutionStore;
  readonly guard: Guard;
  readonly clock: Clock & { advance(ms: number): void };
  readonly notifications: Notification[];
  readonly logs: string[];
  deps(overrides?: Partial<GuardrailDeps>): GuardrailDeps;
  close(): Promise<void>;
}

export function testClock(start: Date): Clock & { advance(ms: number): void } {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    sleep: async (ms) => {
      at += ms;
    },
    advance: (ms) => {
      at += ms;
    },
  };
}

export async function guardrailWorld(store?: Store): Promise<GuardrailWorld> {
  const clock = testClock(START);
  const iam = new IamStandin({
    accountId: ACCOUNT,
    now: () => clock.now(),
    roles: [
      'developer-alice',
      'developer-bob',
      'team/developer-carol',
      'test-runner',
      'opsguard-apply',
      'break-glass-admin',
    ],
    users: ['dana'],
    groups: ['interns'],
  });
  const standin = await startAwsStandin({ services: [iam] });
  const clients = await createAwsClients({
    region: 'ap-northeast-1',
    endpoint: standin.url,
    credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin-secret' },
    sleep: () => Promise.resolve(),
  });
  const opened = store ?? (await openPgliteStore({ inMemory: true }));
  const executions = guardrailExecutionsOf(opened);
  const guard = createGuard({
    store: opened,
    // Generous buckets: these tests are about IAM and the store, not the rate limit.
    policy: {
      ...DEFAULT_GUARD_POLICY,
      rateLimits: { globalPerMinute: 1000, servicePerMinute: 1000, actionPerMinute: 1000 },
    },
    now: () => clock.now(),
    random: () => 0.5,
    sleep: (ms) => clock.sleep(ms),
    actor: 'test',
    brake: createBrake(opened, null),
  });
  const api = await iamGuardrailApi(clients.iam);
  const notifications: Notification[] = [];
  const logs: string[] = [];
  return {
    iam,
    standin,
    clients,
    store: opened,
    executions,
    guard,
    clock,
    notifications,
    logs,
    deps: (overrides = {}) => ({
      iam: api,
      guard,
      executions,
      clock,
      executedBy: 'test',
      notify: async (n) => void notifications.push(n),
      log: (line) => void logs.push(line),
      readBack: { reads: 6, delayMs: 1_000 },
      ...overrides,
    }),
    async close() {
      clients.destroy();
      await standin.close();
      if (!store) await opened.close();
    },
  };
}

export function anAlert(overrides: Partial<BudgetAlert> = {}): BudgetAlert {
  return {
    accountId: ACCOUNT,
    budgetName: 'monthly',
    thresholdType: 'actual',
    thresholdPercent: 100,
    period: '2026-12-01',
    raisedAt: START.toISOString(),
    ...overrides,
  };
}

export function somePolicies(overrides: Partial<GuardrailPolicies['policies'][number]> = {}): GuardrailPolicies {
  return {
    timeZone: 'Asia/Tokyo',
    exceptions: { principals: ['arn:aws:iam::*:role/test-*'] },
    policies: [
      {
        id: 'freeze-new-compute',
        threshold: { type: 'actual', percent: 100 },
        deny: ['ec2:RunInstances', 'lambda:CreateFunction'],
        principals: [
          'arn:aws:iam::*:role/developer-*',
          'arn:aws:iam::*:role/test-*',
          'arn:aws:iam::*:role/opsguard-apply',
        ],
        mode: 'auto',
        ttlMinutes: 60,
        ...overrides,
      },
    ],
  };
}
