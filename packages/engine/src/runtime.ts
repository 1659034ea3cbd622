import {
  loadAuditRules,
  loadDetectionRules,
  loadMaskRules,
  loadRetryPolicy,
  loadRollbackRules,
  type MaskRules,
  type RetryPolicy,
} from '@opsguard/config';
import {
  createSanitizer,
  durableGuarantees,
  storelessGuarantees,
  type AuditRules,
  type DetectionRules,
  type Guarantee,
  type RetryLimits,
  type RollbackRules,
  type StoreSelection,
} from '@opsguard/core';
import { createGitHubClient, type GitHubClient, type RepoRef } from '@opsguard/github';
import { createBrake, createGuard, DEFAULT_GUARD_POLICY, type Brake, type Guard } from '@opsguard/guard';
import { openStore, type Store } from '@opsguard/store';
import { killVariableReader, type KillVariableSetting } from './brake-reader.js';
import { systemClock, type Clock } from './clock.js';
import type { Diagnose } from './diagnose-run.js';
import { diagnoseWith, retryLimitsOf, type RetryOverrides } from './policy-adapters.js';
import { boundedFetch, createBudget, guardClassifier, type Budget, type RequestTimeouts } from './resilience/index.js';
import { DURABLE_STATE, RunnerStore, type GuardStateSource } from './runner-store.js';

export interface PolicyFiles {
  readonly retryPolicy?: string | undefined;
  readonly detectionRules?: string | undefined;
  readonly maskRules?: string | undefined;
  readonly auditRules?: string | undefined;
  readonly rollbackRules?: string | undefined;
}

/** The job's time budget when none is given: below the reusable workflows' 15-minute timeout. */
export const DEFAULT_TIME_BUDGET_MS = 10 * 60_000;

export interface RuntimeOptions {
  readonly repo: RepoRef;
  readonly token: string;
  /** API root; default `GITHUB_API_URL`, then api.github.com. */
  readonly apiUrl?: string | undefined;
  /** `GITHUB_API_URL` and `GITHUB_SERVER_URL` (GHES) are read from here; nothing else is. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Where state lives: an open store (the demo's, tests'), or a selection. An action passes the
   * selection its inputs made, never one from the ambient environment; `none` is store-less.
   */
  readonly store: Store | StoreSelection;
  /** Base directory of an embedded PGlite (CLI). */
  readonly cwd: string;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly actor: string;
  readonly log: (line: string) => void;
  readonly policyFiles?: PolicyFiles;
  readonly retry?: RetryOverrides;
  /** Values to mask wherever they appear (tokens, webhook URLs), beyond the built-in formats. */
  readonly secrets?: readonly string[];
  /** Where `OPSGUARD_KILL` comes from (brake-reader.ts). */
  readonly killVariable: KillVariableSetting;
  /** Every wait and request of the job draws from this budget (default 10 min). */
  readonly timeBudgetMs?: number;
  /** Per-request connect and response timeouts (default 10 s / 30 s). */
  readonly requestTimeouts?: RequestTimeouts;
  /** The GitHub client's wait unit between retries of a failed request (1, 4, 9 × this; default 1 s). */
  readonly githubRetryBaseMs?: number;
  /** Space writes out like GitHub asks (default true; the replay sample turns it off). */
  readonly paceRequests?: boolean;
}

/** Everything a capability needs, built once from validated configuration. */
export interface Runtime {
  readonly client: GitHubClient;
  readonly store: Store;
  readonly guard: Guard;
  readonly brake: Brake;
  /** Derives the guard's state from GitHub before a call when there is no durable store. */
  readonly guardState: GuardStateSource;
  readonly retryPolicy: RetryPolicy;
  readonly retryLimits: RetryLimits;
  readonly detectionRules: DetectionRules;
  readonly maskRules: MaskRules;
  readonly auditRules: AuditRules;
  /** config/rollback-rules.json (or the user's): what ROLLBACK_PROTOCOL.md states. */
  readonly rollbackRules: RollbackRules;
  readonly diagnose: Diagnose;
  readonly sanitize: (text: string) => string;
  readonly clock: Clock;
  readonly random: () => number;
  readonly budget: Budget;
  /** The fetch every outgoing request uses (connect/response timeouts, the budget). */
  readonly fetch: typeof fetch;
  /** What the guard can promise with this store, for the job summary. */
  readonly guarantees: readonly Guarantee[];
  close(): Promise<void>;
}

const isOpenStore = (store: Store | StoreSelection): store is Store => 'ping' in store;

/**
 * The composition root shared by the CLI, the actions and the demo: configuration first (a
 * mistake there changes nothing), then the budget and the one bounded fetch, the GitHub client
 * (collected text sanitised as it arrives), the store, the brake and the guard.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const files = options.policyFiles ?? {};
  const [retryPolicy, detectionRules, maskRules, auditRules, rollbackRules] = await Promise.all([
    loadRetryPolicy(files.retryPolicy),
    loadDetectionRules(files.detectionRules),
    loadMaskRules(files.maskRules),
    loadAuditRules(files.auditRules),
    loadRollbackRules(files.rollbackRules),
  ]);
  const secrets = [options.token, ...(options.secrets ?? [])].filter((s) => s.length >= 6);
  const sanitize = createSanitizer({
    rules: maskRules.rules,
    allowlist: maskRules.allowlist,
    values: secrets,
    ...(maskRules.minValueLength !== undefined && { minValueLength: maskRules.minValueLength }),
  }).sanitize;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const budget = createBudget(clock, options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
  const fetch = boundedFetch(budget, options.requestTimeouts);
  const client = await createGitHubClient({
    token: options.token,
    env: options.env,
    ...(options.apiUrl !== undefined && { baseUrl: options.apiUrl }),
    ...(options.paceRequests !== undefined && { paceRequests: options.paceRequests }),
    fetch,
    sanitize,
    ...(options.githubRetryBaseMs !== undefined && { retryBaseMs: options.githubRetryBaseMs }),
    sleep: (ms) => budget.sleep(ms),
    now: () => clock.now().getTime(),
    // A rate-limit reset past the deadline fails now, with the reason, instead of being killed.
    maxRateLimitWaitMs: Math.min(15 * 60_000, budget.spendableMs()),
  });
  const now = () => clock.now();
  const runner =
    !isOpenStore(options.store) && options.store.kind === 'none' ? new RunnerStore(client, options.repo, now) : null;
  const store =
    runner ??
    (isOpenStore(options.store) ? options.store : await openStore(options.store, { cwd: options.cwd, fetch }));
  const reader = await killVariableReader(options.killVariable, client, options.repo, options.log);
  const brake = createBrake(store, reader);
  const retryLimits = retryLimitsOf(retryPolicy, options.retry ?? {});
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now,
    random,
    sleep: (ms, signal) => clock.sleep(ms, signal),
    actor: options.actor,
    brake,
    classifyFailure: guardClassifier(now, retryLimits.backoff.baseMs),
    budget,
    logger: { info: options.log, warn: options.log },
  });
  return {
    client,
    store,
    guard,
    brake,
    guardState: runner ?? DURABLE_STATE,
    retryPolicy,
    retryLimits,
    detectionRules,
    maskRules,
    auditRules,
    rollbackRules,
    diagnose: diagnoseWith(retryPolicy),
    sanitize,
    clock,
    random,
    budget,
    fetch,
    guarantees: runner ? storelessGuarantees(brake.variable) : durableGuarantees(brake.variable),
    close: () => store.close(),
  };
}
