import type { RollbackRules } from '@opsguard/core';
import type { DetectionRules, RetryLimits } from '@opsguard/core';
import type { GitHubRequester, RepoRef, RequestCounts } from '@opsguard/github';
import type { Guard } from '@opsguard/guard';
import type { Store } from '@opsguard/store';
import type { Diagnose } from '../diagnose-run.js';
import type { Budget } from '../resilience/index.js';
import type { GuardStateSource } from '../runner-store.js';

/** What every step of the loop reads: built once by the factory (loop-context.ts). */
export interface StepContext {
  readonly client: GitHubRequester & { requests(): RequestCounts };
  readonly repo: RepoRef;
  /** "owner/name". */
  readonly repoName: string;
  /** Where people open runs (github.com or the GHES host). */
  readonly serverUrl: string;
  readonly store: Store;
  readonly guard: Guard;
  readonly guardState: GuardStateSource;
  readonly retryLimits: RetryLimits;
  readonly detectionRules: DetectionRules;
  readonly diagnose: Diagnose;
  readonly sanitize: (text: string) => string;
  readonly now: () => Date;
  readonly budget: Budget;
  readonly random: () => number;
  readonly actor: string;
  readonly log: (line: string) => void;
  /** What ROLLBACK_PROTOCOL.md states (the bundled rules when absent). */
  readonly rollbackRules?: RollbackRules;
}

/** Something a step could not do; the bundle is still written and names each one. */
export interface Gap {
  readonly step:
    'collect' | 'store' | 'retry' | 'label' | 'kpi' | 'detect' | 'notify' | 'dispatch' | 'artifacts' | 'bundle';
  readonly reason: string;
}

export const runUrlOf = (ctx: Pick<StepContext, 'serverUrl' | 'repoName'>, runId: number): string =>
  `${ctx.serverUrl}/${ctx.repoName}/actions/runs/${runId}`;
