import { loadKillSwitchRules } from '@opsguard/config';
import type { StoreSelection } from '@opsguard/core';
import type { RepoRef } from '@opsguard/github';
import { createIssueChannel, createLogChannel, createSlackChannel, type NotificationChannel } from '@opsguard/notify';
import type { Store } from '@opsguard/store';
import type { KillVariableSetting } from '../brake-reader.js';
import type { Clock } from '../clock.js';
import { githubIssueApi } from '../issue-api.js';
import { createRuntime } from '../runtime.js';
import { operateKillSwitch, type KillSwitchCommand, type KillSwitchReport } from './operate-kill-switch.js';
import { recoverAfterStop } from '../rollback/recover-after-stop.js';
import { rollbackDepsOf } from '../rollback/rollback-runtime.js';

/** What the action and the CLI hand over to operate the kill switch. */
export interface KillSwitchSetup {
  readonly repo: RepoRef;
  readonly token: string;
  readonly apiUrl?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly store: Store | StoreSelection;
  readonly cwd: string;
  readonly killVariable: KillVariableSetting;
  readonly rulesFile?: string | undefined;
  readonly slackWebhook?: string | undefined;
  readonly timeBudgetMs?: number | undefined;
  readonly clock?: Clock;
  readonly paceRequests?: boolean;
  readonly githubRetryBaseMs?: number;
  readonly log: (line: string) => void;
}

/** The composition root of the kill switch: runtime, rules and the notification chain. */
export async function runKillSwitch(setup: KillSwitchSetup, cmd: KillSwitchCommand): Promise<KillSwitchReport> {
  const [runtime, rules] = await Promise.all([
    createRuntime({
      repo: setup.repo,
      token: setup.token,
      apiUrl: setup.apiUrl,
      env: setup.env,
      cwd: setup.cwd,
      store: setup.store,
      killVariable: setup.killVariable,
      actor: cmd.actor,
      log: setup.log,
      secrets: setup.slackWebhook ? [setup.slackWebhook] : [],
      ...(setup.clock !== undefined && { clock: setup.clock }),
      ...(setup.paceRequests !== undefined && { paceRequests: setup.paceRequests }),
      ...(setup.githubRetryBaseMs !== undefined && { githubRetryBaseMs: setup.githubRetryBaseMs }),
      ...(setup.timeBudgetMs !== undefined && { timeBudgetMs: setup.timeBudgetMs }),
    }),
    loadKillSwitchRules(setup.rulesFile),
  ]);
  try {
    const channels: NotificationChannel[] = [];
    if (setup.slackWebhook) {
      channels.push(
        createSlackChannel({
          webhookUrl: setup.slackWebhook,
          now: () => runtime.clock.now().getTime(),
          sleep: (ms) => runtime.budget.sleep(ms),
          fetch: runtime.fetch,
        }),
      );
    }
    const issues = createIssueChannel(githubIssueApi(runtime.client, setup.repo));
    channels.push(issues, createLogChannel(setup.log));
    return await operateKillSwitch(
      {
        client: runtime.client,
        repo: setup.repo,
        store: runtime.store,
        guard: runtime.guard,
        brake: runtime.brake,
        rules,
        now: () => runtime.clock.now(),
        sleep: (ms) => runtime.budget.sleep(ms),
        channels,
        issues,
        log: setup.log,
        // The switch is already off when the recovery runs (operateKillSwitch released it); the
        // records are the switch's own (the store's, or OPSGUARD_KILL_RECORD without one).
        recover: (record, watchMs, records) =>
          recoverAfterStop(
            {
              ...rollbackDepsOf(runtime, setup.repo, cmd.actor, setup.log),
              records,
              deactivate: async () => undefined,
              store: runtime.store,
              channels,
            },
            { record, watchMs },
          ),
      },
      cmd,
    );
  } finally {
    await runtime.close();
  }
}
