import { toError, type HealthSignals } from '@opsguard/core';
import { collectRuns, type Collected } from '../collect-runs.js';
import type { Gap, StepContext } from './step-context.js';

export interface CollectStepOptions {
  readonly days: number;
  readonly jobs: 'failed' | 'all';
  /** These runs only (the evidence action's `run-ids`) instead of the window. */
  readonly runIds?: readonly number[] | undefined;
}

export interface CollectStepResult {
  readonly collected: Collected;
  readonly since: Date;
  readonly until: Date;
  /** The store as it was before this loop wrote to it (detection's store-health rule). */
  readonly storeHealth: HealthSignals['store'];
  readonly gaps: readonly Gap[];
}

const EMPTY: Collected = {
  runs: [],
  attempts: [],
  jobs: [],
  latestJobs: new Map(),
  jobsByAttempt: new Map(),
  jobGaps: [],
};

/**
 * Step 1, collect: the window's runs and jobs from GitHub, then into the store. What could not
 * be read (a list that failed, one run's jobs) and a store that refused the rows are gaps: the
 * loop goes on with what it has and the bundle names each one.
 */
export async function collectStep(ctx: StepContext, options: CollectStepOptions): Promise<CollectStepResult> {
  const until = ctx.now();
  const since = new Date(until.getTime() - options.days * 86_400_000);
  const storeHealth = await measureStore(ctx, since);
  const gaps: Gap[] = [];
  ctx.log(`collecting runs of ${ctx.repoName} since ${since.toISOString()}`);
  let lastShown = 0;
  let collected = EMPTY;
  try {
    collected = await collectRuns(ctx.client, ctx.repo, {
      since,
      until,
      jobs: options.jobs,
      ...(options.runIds !== undefined && { runIds: options.runIds }),
      onProgress: (done, total) => {
        if (done === total || done - lastShown >= 100) {
          lastShown = done;
          ctx.log(`  ${done}/${total} runs collected`);
        }
      },
    });
  } catch (error) {
    gaps.push({ step: 'collect', reason: `runs could not be listed: ${toError(error).message}` });
  }
  for (const g of collected.jobGaps)
    gaps.push({ step: 'collect', reason: `jobs of run ${g.runId} not read: ${g.reason}` });
  try {
    const stored = await ctx.store.upsertRuns(collected.attempts);
    await ctx.store.upsertJobs(collected.jobs);
    ctx.log(`stored ${stored.rows} attempts in ${stored.requests} request(s) (${ctx.store.kind})`);
  } catch (error) {
    gaps.push({ step: 'store', reason: `collected runs not stored: ${toError(error).message}` });
  }
  return { collected, since, until, storeHealth, gaps };
}

/** Reachable, and the newest run record it held before this loop: real measurements. */
async function measureStore(ctx: StepContext, since: Date): Promise<HealthSignals['store']> {
  if (ctx.store.kind === 'runner' || ctx.store.kind === 'memory') return null;
  try {
    await ctx.store.ping();
    const runs = await ctx.store.listRuns({ repo: ctx.repoName, since });
    const newest = runs.reduce((max, r) => (r.updatedAt > max ? r.updatedAt : max), '');
    return { reachable: true, lastWriteAt: newest === '' ? null : newest };
  } catch {
    return { reachable: false, lastWriteAt: null };
  }
}
