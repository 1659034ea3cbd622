import { callerIdentity, createAwsClients, iamGuardrailApi, type AwsConnection } from '@opsguard/aws';
import { loadMaskRules } from '@opsguard/config';
import { createSanitizer, type StoreSelection } from '@opsguard/core';
import { createBrake, createGuard, DEFAULT_GUARD_POLICY, type KillVariableReader } from '@opsguard/guard';
import { createLogChannel, createSlackChannel, deliver, type NotificationChannel } from '@opsguard/notify';
import { guardrailExecutionsOf, openStore, type Store } from '@opsguard/store';
import { systemClock, type Clock } from '../clock.js';
import { createBudget, type Budget } from '../resilience/index.js';
import type { GuardrailDeps } from './guardrail-deps.js';

export interface GuardrailRuntimeOptions {
  /** An open store (tests, the demo) or the selection the inputs made; `none` is store-less. */
  readonly store: Store | StoreSelection;
  readonly cwd: string;
  readonly aws: AwsConnection;
  readonly clock?: Clock;
  readonly actor: string;
  readonly log: (line: string) => void;
  /** Slack incoming webhook (a secret) for confirmations and alerts; the log always gets them. */
  readonly slackWebhookUrl?: string | undefined;
  /** The `OPSGUARD_KILL` variable as the job sees it, so the brake holds with no store. */
  readonly killVariable?: KillVariableReader | null;
  readonly timeBudgetMs: number;
}

export interface GuardrailRuntime {
  readonly deps: GuardrailDeps & { readonly audit: Store };
  readonly store: Store;
  /** True when executions are kept (a Postgres-family store), false store-less. */
  readonly durable: boolean;
  readonly identity: { readonly account: string; readonly arn: string };
  readonly budget: Budget;
  /** For everything written to the evidence bundle (the webhook URL included among the secrets). */
  readonly sanitize: (text: string) => string;
  close(): Promise<void>;
}

const isOpenStore = (store: Store | StoreSelection): store is Store => 'ping' in store;

/**
 * The composition root of the guardrail commands (CLI, actions, demo): the AWS clients (IAM and
 * STS; the caller identity is the account a plan must be for, and the executor role that is
 * never denied), the store and its guardrail executions, the brake and the guard, notifications
 * through the guard (Slack, then the log).
 */
export async function openGuardrailRuntime(options: GuardrailRuntimeOptions): Promise<GuardrailRuntime> {
  const clock = options.clock ?? systemClock;
  const budget = createBudget(clock, options.timeBudgetMs);
  const maskRules = await loadMaskRules();
  const sanitize = createSanitizer({
    rules: maskRules.rules,
    allowlist: maskRules.allowlist,
    values: options.slackWebhookUrl ? [options.slackWebhookUrl] : [],
  }).sanitize;
  const clients = await createAwsClients(options.aws);
  const store = isOpenStore(options.store) ? options.store : await openStore(options.store, { cwd: options.cwd });
  const owned = !isOpenStore(options.store);
  try {
    const identity = await callerIdentity(clients);
    let executions: GuardrailDeps['executions'] = null;
    try {
      executions = guardrailExecutionsOf(store);
    } catch {
      executions = null; // the store-less (memory) store keeps no executions
    }
    const brake = createBrake(store, options.killVariable ?? null);
    const now = () => clock.now();
    const guard = createGuard({
      store,
      policy: DEFAULT_GUARD_POLICY,
      now,
      random: Math.random,
      sleep: (ms, signal) => clock.sleep(ms, signal),
      actor: options.actor,
      brake,
      budget,
      logger: { info: options.log, warn: options.log },
    });
    const channels: NotificationChannel[] = [
      ...(options.slackWebhookUrl
        ? [
            createSlackChannel({
              webhookUrl: options.slackWebhookUrl,
              now: () => clock.now().getTime(),
              sleep: (ms) => clock.sleep(ms),
            }),
          ]
        : []),
      createLogChannel(options.log),
    ];
    const deps: GuardrailDeps & { readonly audit: Store } = {
      iam: await iamGuardrailApi(clients.iam),
      guard,
      executions,
      clock,
      executedBy: options.actor,
      log: options.log,
      audit: store,
      notify: async (notification) => {
        await deliver(channels, notification, async (channel, message) => {
          if (channel.name === 'log') return channel.send(message);
          const outcome = await guard.run({
            action: 'notify',
            service: `notify:${channel.name}`,
            target: `${channel.name}:${message.fingerprint}`,
            idempotencyKey: `${message.fingerprint}:${clock.now().toISOString()}`,
            execute: () => channel.send(message),
          });
          if (outcome.outcome === 'SUCCESS') return outcome.value;
          throw outcome.outcome === 'FAILURE' ? outcome.error : new Error(outcome.message);
        });
      },
    };
    return {
      deps,
      store,
      durable: executions !== null,
      identity,
      budget,
      sanitize,
      async close() {
        clients.destroy();
        if (owned) await store.close();
      },
    };
  } catch (error) {
    clients.destroy();
    if (owned) await store.close().catch(() => undefined);
    throw error;
  }
}
