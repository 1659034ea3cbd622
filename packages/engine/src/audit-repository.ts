import type { ExtraDocument, ScreenshotOptions } from '@opsguard/evidence';
import { createIssueChannel, createLogChannel, createSlackChannel, type NotificationChannel } from '@opsguard/notify';
import type { RepoRef } from '@opsguard/github';
import type { Store } from '@opsguard/store';
import { runAuditLoop, type AuditLoopResult } from './audit-loop.js';
import type { ArtifactCaps, ArtifactsSetting } from './collect-artifacts.js';
import type { Clock } from './clock.js';
import { githubIssueApi } from './issue-api.js';
import type { RetryOverrides } from './policy-adapters.js';
import { createRuntime, type PolicyFiles } from './runtime.js';

export interface AuditSetup {
  readonly repo: RepoRef;
  /** The default branch (MTTR and consecutive failures are measured there); null → asked of the API. */
  readonly defaultBranch: string | null;
  readonly token: string;
  readonly apiUrl?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly store?: Store;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Act (re-run, open and close issues) or decide and record only. */
  readonly apply: boolean;
  readonly outDir: string;
  readonly days: number;
  readonly timeZone: string;
  readonly policyFiles: PolicyFiles;
  readonly retry?: RetryOverrides;
  readonly paceRequests?: boolean;
  readonly killVariable?: string | null | undefined;
  readonly jobs: 'failed' | 'all';
  /** Copy run artifacts into the bundle (verbatim, not sanitised): none (default), failed or all. */
  readonly artifacts?: ArtifactsSetting;
  /** Only these runs instead of the whole window. */
  readonly runIds?: readonly number[];
  readonly artifactCaps?: ArtifactCaps;
  readonly actor: string;
  readonly slackWebhook?: string | undefined;
  /** Write audit tickets (default true). */
  readonly auditTickets?: boolean;
  /** Open a GitHub issue per high/critical audit ticket (label `opsguard-audit`; default false). */
  readonly ticketIssues?: boolean;
  /** `screenshots/dashboard.png` with this browser setting; null or absent → not attempted. */
  readonly screenshot?: ScreenshotOptions | null;
  readonly documents?: readonly ExtraDocument[];
  readonly log: (line: string) => void;
}

/**
 * One repository through the whole loop, from validated settings: the single implementation
 * behind `opsguard audit`, `opsguard demo` and the kpi, detect and evidence actions.
 */
export async function auditRepository(setup: AuditSetup): Promise<AuditLoopResult> {
  const runtime = await createRuntime({
    repo: setup.repo,
    token: setup.token,
    apiUrl: setup.apiUrl,
    env: setup.env,
    cwd: setup.cwd,
    ...(setup.store !== undefined && { store: setup.store }),
    ...(setup.clock !== undefined && { clock: setup.clock }),
    ...(setup.random !== undefined && { random: setup.random }),
    ...(setup.paceRequests !== undefined && { paceRequests: setup.paceRequests }),
    ...(setup.retry !== undefined && { retry: setup.retry }),
    killVariable: setup.killVariable,
    actor: setup.actor,
    log: setup.log,
    policyFiles: setup.policyFiles,
    secrets: setup.slackWebhook ? [setup.slackWebhook] : [],
  });
  try {
    const channels: NotificationChannel[] = [];
    if (setup.slackWebhook)
      channels.push(
        createSlackChannel({
          webhookUrl: setup.slackWebhook,
          now: () => runtime.clock.now().getTime(),
          sleep: (ms) => runtime.clock.sleep(ms),
        }),
      );
    // The fallback chain: Slack → a deduplicated GitHub issue → the log.
    const issues = createIssueChannel(githubIssueApi(runtime.client, setup.repo));
    channels.push(issues, createLogChannel(setup.log));
    const defaultBranch =
      setup.defaultBranch ??
      (await runtime.client.request<{ default_branch: string }>('GET /repos/{owner}/{repo}', { ...setup.repo })).data
        .default_branch;
    return await runAuditLoop({
      client: runtime.client,
      repo: setup.repo,
      defaultBranch,
      store: runtime.store,
      guard: runtime.guard,
      retryLimits: runtime.retryLimits,
      detectionRules: runtime.detectionRules,
      diagnose: runtime.diagnose,
      sanitize: runtime.sanitize,
      channels,
      issues,
      now: () => runtime.clock.now(),
      sleep: (ms) => runtime.clock.sleep(ms),
      random: runtime.random,
      timeZone: setup.timeZone,
      outDir: setup.outDir,
      days: setup.days,
      retryWindowHours: 24,
      apply: setup.apply,
      jobs: setup.jobs,
      artifacts: setup.artifacts ?? 'none',
      ...(setup.runIds !== undefined && { runIds: setup.runIds }),
      ...(setup.artifactCaps !== undefined && { artifactCaps: setup.artifactCaps }),
      dailyRerunBudget: runtime.retryPolicy.dailyRerunBudget,
      ...(setup.auditTickets !== false && {
        auditTickets: {
          rules: runtime.auditRules,
          transient: (cause: string) => cause !== 'unknown' && runtime.retryPolicy.causes[cause]?.transient === true,
          issues: setup.ticketIssues
            ? createIssueChannel(githubIssueApi(runtime.client, setup.repo), 'opsguard-audit')
            : null,
        },
      }),
      ...(setup.documents !== undefined && { documents: setup.documents }),
      screenshot: setup.screenshot ?? null,
      actor: setup.actor,
      log: setup.log,
    });
  } finally {
    await runtime.close();
  }
}

/** The shared inputs of the kpi, detect and evidence actions (action-kit's LoopInputs). */
export interface LoopSettings {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string | null;
  readonly token: string;
  readonly days: number;
  readonly outDir: string;
  readonly timeZone: string;
  readonly rules: string | undefined;
  readonly policy: string | undefined;
  readonly slackWebhook: string | undefined;
  readonly killVariable: string | null;
  readonly store: Readonly<Record<string, string | undefined>>;
  readonly actor: string;
}

/** An action's validated inputs as the loop's setup; the caller adds what it does (`apply`, `jobs`). */
export function auditSetupOf(s: LoopSettings, log: (line: string) => void): Omit<AuditSetup, 'apply' | 'jobs'> {
  return {
    repo: { owner: s.owner, repo: s.repo },
    defaultBranch: s.defaultBranch,
    token: s.token,
    // Store inputs win over the environment: the workflow's env may name another database.
    env: { ...process.env, ...s.store },
    cwd: process.cwd(),
    outDir: s.outDir,
    days: s.days,
    timeZone: s.timeZone,
    policyFiles: { detectionRules: s.rules, retryPolicy: s.policy },
    killVariable: s.killVariable,
    actor: s.actor,
    slackWebhook: s.slackWebhook,
    log,
  };
}
