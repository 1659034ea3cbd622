import { loadKillSwitchRules } from '@opsguard/config';
import type { KillSwitchRules, StoreSelection } from '@opsguard/core';
import type { ExtraDocument, ScreenshotOptions } from '@opsguard/evidence';
import type { RepoRef } from '@opsguard/github';
import { createIssueChannel, createLogChannel, createSlackChannel, type NotificationChannel } from '@opsguard/notify';
import type { Store } from '@opsguard/store';
import { runAuditLoop, type AuditLoopResult } from './audit-loop.js';
import { killVariableSetting, type KillVariableSetting } from './brake-reader.js';
import type { ArtifactCaps, ArtifactsSetting } from './collect-artifacts.js';
import type { Clock } from './clock.js';
import { githubIssueApi } from './issue-api.js';
import { stepContextOf } from './loop-context.js';
import type { RetryOverrides } from './policy-adapters.js';
import { createRuntime, type PolicyFiles, type Runtime } from './runtime.js';
import { DEFAULT_SWEEP_WINDOW_HOURS } from './steps/index.js';

/**
 * Which steps an entry point runs (README "Actions"): `audit` all of them; `detect` detection and
 * the response; `tickets` the audit generator; `evidence` the bundle (with tickets); `kpi` KPI
 * work only.
 */
export type LoopKind = 'audit' | 'detect' | 'kpi' | 'evidence' | 'tickets';

const WRITES_TICKETS: ReadonlySet<LoopKind> = new Set(['audit', 'tickets', 'evidence']);

export interface AuditSetup {
  readonly kind: LoopKind;
  readonly repo: RepoRef;
  /** The default branch (MTTR and consecutive failures are measured there); null → asked of the API. */
  readonly defaultBranch: string | null;
  readonly token: string;
  readonly apiUrl?: string | undefined;
  /** For GITHUB_API_URL / GITHUB_SERVER_URL only. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** An open store, or where the state lives (an action's inputs; `none` = store-less). */
  readonly store: Store | StoreSelection;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Act (re-run, open and close issues, dispatch) or decide and record only. */
  readonly apply: boolean;
  readonly outDir: string;
  readonly days: number;
  readonly timeZone: string;
  readonly policyFiles: PolicyFiles & { readonly killSwitchRules?: string | undefined };
  readonly retry?: RetryOverrides;
  /** The sweep's window (audit only; default 48 h). */
  readonly sweepWindowHours?: number | undefined;
  readonly paceRequests?: boolean;
  readonly killVariable: KillVariableSetting;
  readonly timeBudgetMs?: number | undefined;
  readonly jobs: 'failed' | 'all';
  /** Copy run artifacts into the bundle (verbatim, not sanitised): none (default), failed or all. */
  readonly artifacts?: ArtifactsSetting | undefined;
  /** Only these runs instead of the whole window. */
  readonly runIds?: readonly number[] | undefined;
  readonly artifactCaps?: ArtifactCaps | undefined;
  readonly actor: string;
  readonly slackWebhook?: string | undefined;
  /** Write audit tickets (default: for the audit, tickets and evidence kinds). */
  readonly auditTickets?: boolean | undefined;
  /** Open a GitHub issue per high/critical audit ticket (label `opsguard-audit`; default false). */
  readonly ticketIssues?: boolean | undefined;
  /** `screenshots/dashboard.png` with this browser setting; null or absent → not attempted. */
  readonly screenshot?: ScreenshotOptions | null | undefined;
  readonly documents?: readonly ExtraDocument[] | undefined;
  readonly log: (line: string) => void;
}

export interface AuditRun extends AuditLoopResult {
  /** What the guard could promise with this store (the job summary lists it). */
  readonly guarantees: Runtime['guarantees'];
}

/** The fallback chain: Slack (when configured) → a deduplicated GitHub issue → the log. */
function channelsOf(runtime: Runtime, setup: AuditSetup) {
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
  return { channels, issues };
}

/** The runtime an audit setup asks for, and the kill-switch rules its response reads. */
export async function openAuditRuntime(
  setup: AuditSetup,
): Promise<{ runtime: Runtime; killSwitchRules: KillSwitchRules }> {
  const [runtime, killSwitchRules] = await Promise.all([
    createRuntime({
      repo: setup.repo,
      token: setup.token,
      apiUrl: setup.apiUrl,
      env: setup.env,
      cwd: setup.cwd,
      store: setup.store,
      ...(setup.clock !== undefined && { clock: setup.clock }),
      ...(setup.random !== undefined && { random: setup.random }),
      ...(setup.paceRequests !== undefined && { paceRequests: setup.paceRequests }),
      ...(setup.retry !== undefined && { retry: setup.retry }),
      ...(setup.timeBudgetMs !== undefined && { timeBudgetMs: setup.timeBudgetMs }),
      killVariable: setup.killVariable,
      actor: setup.actor,
      log: setup.log,
      policyFiles: setup.policyFiles,
      secrets: setup.slackWebhook ? [setup.slackWebhook] : [],
    }),
    loadKillSwitchRules(setup.policyFiles.killSwitchRules),
  ]);
  return { runtime, killSwitchRules };
}

/** The loop its kind composes, on an open runtime. */
export async function runLoopOn(
  runtime: Runtime,
  killSwitchRules: KillSwitchRules,
  setup: AuditSetup,
): Promise<AuditRun> {
  const defaultBranch =
    setup.defaultBranch ??
    (await runtime.client.request<{ default_branch: string }>('GET /repos/{owner}/{repo}', { ...setup.repo })).data
      .default_branch;
  const respond = setup.kind === 'audit' || setup.kind === 'detect';
  const result = await runAuditLoop(stepContextOf(runtime, setup.repo, setup.actor, setup.log), {
    days: setup.days,
    jobs: setup.jobs,
    defaultBranch,
    timeZone: setup.timeZone,
    outDir: setup.outDir,
    runIds: setup.runIds,
    retry:
      setup.kind === 'audit'
        ? {
            apply: setup.apply,
            windowHours: setup.sweepWindowHours ?? DEFAULT_SWEEP_WINDOW_HOURS,
            dailyRerunBudget: runtime.retryPolicy.dailyRerunBudget,
            mode: runtime.retryPolicy.mode,
          }
        : null,
    respond: respond ? { ...channelsOf(runtime, setup), apply: setup.apply, killSwitchRules } : null,
    artifacts: setup.artifacts,
    artifactCaps: setup.artifactCaps,
    auditTickets:
      (setup.auditTickets ?? WRITES_TICKETS.has(setup.kind))
        ? {
            rules: runtime.auditRules,
            transient: (cause: string) => cause !== 'unknown' && runtime.retryPolicy.causes[cause]?.transient === true,
            issues: setup.ticketIssues
              ? createIssueChannel(githubIssueApi(runtime.client, setup.repo), 'opsguard-audit')
              : null,
          }
        : undefined,
    documents: setup.documents,
    screenshot: setup.screenshot ?? null,
  });
  return { ...result, guarantees: runtime.guarantees };
}

/**
 * One repository through the loop its kind composes, from validated settings: the single
 * implementation behind `opsguard audit`, `opsguard demo` and the kpi, detect and evidence actions.
 */
export async function auditRepository(setup: AuditSetup): Promise<AuditRun> {
  const { runtime, killSwitchRules } = await openAuditRuntime(setup);
  try {
    return await runLoopOn(runtime, killSwitchRules, setup);
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
  /** The `kill-variable` input, when given. */
  readonly killVariable: string | undefined;
  /** The store the action's inputs name; `none` → store-less. */
  readonly store: StoreSelection;
  readonly timeBudgetMs: number;
  /** GITHUB_API_URL, GITHUB_SERVER_URL and OPSGUARD_KILL of the runner: nothing else is read. */
  readonly runnerEnv: Readonly<Record<string, string | undefined>>;
  readonly actor: string;
}

/** An action's validated inputs as the loop's setup; the caller adds what it does. */
export function auditSetupOf(
  s: LoopSettings,
  log: (line: string) => void,
): Omit<AuditSetup, 'kind' | 'apply' | 'jobs'> {
  return {
    repo: { owner: s.owner, repo: s.repo },
    defaultBranch: s.defaultBranch,
    token: s.token,
    env: s.runnerEnv,
    cwd: process.cwd(),
    store: s.store,
    outDir: s.outDir,
    days: s.days,
    timeZone: s.timeZone,
    policyFiles: { detectionRules: s.rules, retryPolicy: s.policy },
    killVariable: killVariableSetting(s.killVariable, s.runnerEnv),
    timeBudgetMs: s.timeBudgetMs,
    actor: s.actor,
    slackWebhook: s.slackWebhook,
    log,
  };
}
