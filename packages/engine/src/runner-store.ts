import { isFailure } from '@opsguard/core';
import {
  getWorkflowRun,
  listWorkflowRuns,
  type GitHubRequester,
  type RepoRef,
  type WorkflowRun,
} from '@opsguard/github';
import {
  MemoryStore,
  type BreakerSpec,
  type IdempotencyClaim,
  type IdempotencyResult,
  type StoreKind,
  type TokenBucketSpec,
} from '@opsguard/store';

/** What the guard will be asked for one run's re-run, so its state can be derived first. */
export interface GuardStateNeeds {
  readonly breaker: BreakerSpec;
  readonly dailyBudget: TokenBucketSpec;
}

/**
 * Derives the guard's state for a call before it is made. A durable store already holds it
 * (no-op); the store-less runner reads it off GitHub's own record.
 */
export interface GuardStateSource {
  prepare(run: WorkflowRun, needs: GuardStateNeeds): Promise<void>;
}

export const DURABLE_STATE: GuardStateSource = { prepare: async () => undefined };

const DAY_MS = 86_400_000;
/** How far back the run list is read for re-runs: one request of 100 runs. */
const LOOKBACK_MS = 2 * DAY_MS;

/**
 * The store-less mode of a runner (DESIGN.md "State"): nothing is written to a database and
 * PGlite is not started. The guard's state lives in this job's memory, seeded from GitHub's own
 * record: re-run attempts of the last 24 h spend the daily budget, the workflow's re-runs that
 * failed again drive its breaker, and a claim for a run attempt is refused when GitHub already
 * shows a newer attempt. The audit records are kept for the evidence bundle.
 */
export class RunnerStore extends MemoryStore implements GuardStateSource {
  override readonly kind: StoreKind = 'runner';
  readonly #seeded = new Set<string>();

  constructor(
    private readonly client: GitHubRequester,
    private readonly repo: RepoRef,
    private readonly now: () => Date,
  ) {
    super();
  }

  async prepare(run: WorkflowRun, needs: GuardStateNeeds): Promise<void> {
    if (this.#seeded.has(needs.breaker.target)) return;
    this.#seeded.add(needs.breaker.target);
    const nowMs = this.now().getTime();
    const since = new Date(nowMs - LOOKBACK_MS).toISOString().slice(0, 19);
    const recent = await listWorkflowRuns(this.client, this.repo, { created: `>=${since}Z`, limit: 100 });
    const reruns = recent
      .filter((r) => (r.run_attempt ?? 1) > 1 && r.id !== run.id)
      .sort((a, b) => Date.parse(a.run_started_at ?? a.updated_at) - Date.parse(b.run_started_at ?? b.updated_at));
    for (const r of reruns) {
      const startedMs = Date.parse(r.run_started_at ?? r.updated_at);
      // Each attempt after the first was a re-run; only those of the last 24 h spend the budget.
      if (nowMs - startedMs < DAY_MS) {
        for (let i = 1; i < (r.run_attempt ?? 1); i++)
          await this.consumeTokens([needs.dailyBudget], new Date(startedMs));
      }
      if (r.workflow_id === run.workflow_id && r.status === 'completed') {
        const failedAgain = isFailure(r.conclusion);
        await this.recordBreakerOutcome(needs.breaker, !failedAgain, new Date(Date.parse(r.updated_at)));
      }
    }
  }

  override async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyResult> {
    const subject = claim.subject;
    if (subject?.kind === 'run-attempt') {
      const run = await getWorkflowRun(this.client, this.repo, subject.runId);
      const latest = run.run_attempt ?? 1;
      if (latest > subject.attempt) {
        return {
          claimed: false,
          existing: {
            key: claim.key,
            scope: claim.scope,
            owner: `GitHub's record (attempt ${latest} exists)`,
            status: 'completed',
            result: null,
            claimedAt: run.run_started_at ?? run.updated_at,
            expiresAt: new Date(claim.now.getTime() + claim.ttlMs).toISOString(),
          },
        };
      }
    }
    return super.claimIdempotencyKey(claim);
  }
}
