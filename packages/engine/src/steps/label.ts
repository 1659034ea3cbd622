import { toError, type RunRecord } from '@opsguard/core';
import type { Collected } from '../collect-runs.js';
import { labelCauses, type LabelEvidence } from '../label-causes.js';
import type { RetryOutcome } from '../retry-engine.js';
import type { Gap, StepContext } from './step-context.js';

export interface LabelStepResult {
  readonly attempts: readonly RunRecord[];
  /** What the labelling read of each failed attempt (the audit tickets cite it). */
  readonly evidence: ReadonlyMap<string, LabelEvidence>;
  readonly gaps: readonly Gap[];
}

/**
 * Step 3, causes: every failed attempt gets one for "failures by cause" — from the retry
 * decisions made just now, else its annotations and, within `maxLogReads`, its log tail.
 */
export async function labelStep(
  ctx: StepContext,
  collected: Collected,
  decisions: readonly RetryOutcome[],
  maxLogReads: number,
): Promise<LabelStepResult> {
  // Only decisions made here: an attempt another trigger decided comes back as `duplicate`.
  const causes = new Map(decisions.filter((d) => d.handled).map((d) => [`${d.runId}:${d.attempt}`, d.cause]));
  const decided = collected.attempts.map((a) => ({
    ...a,
    cause: a.cause ?? causes.get(`${a.runId}:${a.attempt}`) ?? null,
  }));
  const gaps: Gap[] = [];
  let attempts: readonly RunRecord[] = decided;
  let evidence: ReadonlyMap<string, LabelEvidence> = new Map();
  try {
    ({ attempts, evidence } = await labelCauses(
      {
        client: ctx.client,
        repo: ctx.repo,
        diagnose: ctx.diagnose,
        sanitize: ctx.sanitize,
        jobsByAttempt: collected.jobsByAttempt,
        maxLogReads,
      },
      decided,
    ));
  } catch (error) {
    gaps.push({ step: 'label', reason: `causes not labelled: ${toError(error).message}` });
  }
  try {
    // The causes go to the store too, so the SQL views count failures by cause the same way.
    await ctx.store.upsertRuns(attempts.filter((a) => a.cause !== null));
  } catch (error) {
    gaps.push({ step: 'store', reason: `causes not stored: ${toError(error).message}` });
  }
  return { attempts, evidence, gaps };
}
