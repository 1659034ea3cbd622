import type { CiGuardVerdict, StoreSelection } from '@opsguard/core';
import { brakeGuard } from '@opsguard/guard';
import { createIssueChannel, createLogChannel, createSlackChannel, type NotificationChannel } from '@opsguard/notify';
import { githubIssueApi } from '../issue-api.js';
import { notifyAll, type RecordedDelivery } from '../notify-outcomes.js';
import { createRuntime } from '../runtime.js';

export interface CiGuardNotice {
  readonly repo: { readonly owner: string; readonly repo: string };
  readonly workflow: string;
  readonly runUrl: string | null;
  /** Without a token only Slack and the log are tried. */
  readonly token: string | undefined;
  readonly slackWebhook: string | undefined;
  readonly store: StoreSelection;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly actor: string;
  readonly log: (line: string) => void;
}

/**
 * Tells people a CI guard stopped a job (Slack → one issue per workflow → log). Loaded only on a
 * violation, so the allowed path of the guard stays a cold start of the bare action. Sent as the
 * brake's own: a notice about the brake is not refused by it.
 */
export async function notifyCiGuardViolation(
  notice: CiGuardNotice,
  verdict: CiGuardVerdict,
): Promise<readonly RecordedDelivery[]> {
  const runtime = await createRuntime({
    repo: notice.repo,
    token: notice.token ?? 'no-token',
    env: notice.env,
    store: notice.store,
    cwd: process.cwd(),
    actor: notice.actor,
    log: notice.log,
    killVariable: { kind: 'value', value: null, from: 'input' },
    secrets: notice.slackWebhook ? [notice.slackWebhook] : [],
    timeBudgetMs: 2 * 60_000,
  });
  try {
    const channels: NotificationChannel[] = [];
    if (notice.slackWebhook)
      channels.push(
        createSlackChannel({
          webhookUrl: notice.slackWebhook,
          now: () => runtime.clock.now().getTime(),
          sleep: (ms) => runtime.budget.sleep(ms),
          fetch: runtime.fetch,
        }),
      );
    const issues = notice.token ? createIssueChannel(githubIssueApi(runtime.client, notice.repo)) : null;
    if (issues) channels.push(issues);
    channels.push(createLogChannel(notice.log));
    return await notifyAll(
      {
        guard: brakeGuard(runtime.guard),
        repo: `${notice.repo.owner}/${notice.repo.repo}`,
        channels,
        issues,
        dryRun: false,
        store: runtime.store,
        now: () => runtime.clock.now(),
        log: notice.log,
      },
      [
        {
          fingerprint: `ci-guard:${notice.workflow}`,
          kind: 'ci-guard',
          severity: 'warning',
          title: `CI guard stopped ${notice.workflow}`,
          lines: verdict.violations.map((v) => `${v.kind}: ${v.message}`),
          links: notice.runUrl ? [{ text: 'the stopped run', url: notice.runUrl }] : [],
        },
      ],
    );
  } finally {
    await runtime.close();
  }
}
