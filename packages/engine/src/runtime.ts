import {
  loadAuditRules,
  loadDetectionRules,
  loadMaskRules,
  loadRetryPolicy,
  type MaskRules,
  type RetryPolicy,
} from '@opsguard/config';
import { createSanitizer, type AuditRules, type DetectionRules, type RetryLimits } from '@opsguard/core';
import { createGitHubClient, getRepoVariable, type GitHubClient, type RepoRef } from '@opsguard/github';
import { createGuard, DEFAULT_GUARD_POLICY, type Guard } from '@opsguard/guard';
import { openStore, type Store } from '@opsguard/store';
import { systemClock, type Clock } from './clock.js';
import type { Diagnose } from './diagnose-run.js';
import { diagnoseWith, retryLimitsOf, type RetryOverrides } from './policy-adapters.js';

export interface PolicyFiles {
  readonly retryPolicy?: string | undefined;
  readonly detectionRules?: string | undefined;
  readonly maskRules?: string | undefined;
  readonly auditRules?: string | undefined;
}

export interface RuntimeOptions {
  readonly repo: RepoRef;
  readonly token: string;
  /** API root; default `GITHUB_API_URL`, then api.github.com. */
  readonly apiUrl?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** An open store; default the one the environment names (embedded PGlite when none). */
  readonly store?: Store;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly actor: string;
  readonly log: (line: string) => void;
  readonly policyFiles?: PolicyFiles;
  readonly retry?: RetryOverrides;
  /** Values to mask wherever they appear (tokens, webhook URLs), beyond the built-in formats. */
  readonly secrets?: readonly string[];
  /**
   * The `OPSGUARD_KILL` variable when the caller has it (`vars.OPSGUARD_KILL` in a workflow);
   * undefined → read through the API on every guarded call.
   */
  readonly killVariable?: string | null | undefined;
  /** Space writes out like GitHub asks (default true; the replay sample turns it off). */
  readonly paceRequests?: boolean;
}

/** Everything a capability needs, built once from validated configuration. */
export interface Runtime {
  readonly client: GitHubClient;
  readonly store: Store;
  readonly guard: Guard;
  readonly retryPolicy: RetryPolicy;
  readonly retryLimits: RetryLimits;
  readonly detectionRules: DetectionRules;
  readonly maskRules: MaskRules;
  readonly auditRules: AuditRules;
  readonly diagnose: Diagnose;
  readonly sanitize: (text: string) => string;
  readonly clock: Clock;
  readonly random: () => number;
  close(): Promise<void>;
}

/**
 * The composition root shared by the CLI and the actions: configuration first (a mistake there
 * changes nothing), then the store, the GitHub client and the guard.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const files = options.policyFiles ?? {};
  const [retryPolicy, detectionRules, maskRules, auditRules] = await Promise.all([
    loadRetryPolicy(files.retryPolicy),
    loadDetectionRules(files.detectionRules),
    loadMaskRules(files.maskRules),
    loadAuditRules(files.auditRules),
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
  const client = await createGitHubClient({
    token: options.token,
    env: options.env,
    ...(options.apiUrl !== undefined && { baseUrl: options.apiUrl }),
    ...(options.paceRequests !== undefined && { paceRequests: options.paceRequests }),
    sleep: (ms) => clock.sleep(ms),
    now: () => clock.now().getTime(),
  });
  const store = options.store ?? (await openStore({ env: options.env, cwd: options.cwd }));
  const killVariable = options.killVariable;
  const guard = createGuard({
    store,
    policy: DEFAULT_GUARD_POLICY,
    now: () => clock.now(),
    random,
    sleep: (ms, signal) => clock.sleep(ms, signal),
    actor: options.actor,
    readKillVariable:
      killVariable !== undefined
        ? async () => killVariable
        : () => getRepoVariable(client, options.repo, 'OPSGUARD_KILL'),
    logger: { info: options.log, warn: options.log },
  });
  return {
    client,
    store,
    guard,
    retryPolicy,
    retryLimits: retryLimitsOf(retryPolicy, options.retry ?? {}),
    detectionRules,
    maskRules,
    auditRules,
    diagnose: diagnoseWith(retryPolicy),
    sanitize,
    clock,
    random,
    close: () => store.close(),
  };
}
