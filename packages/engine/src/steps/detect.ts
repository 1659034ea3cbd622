import { detectAnomalies, toError, type Anomaly, type HealthSignals, type RunRecord } from '@opsguard/core';
import { runUrlOf, type Gap, type StepContext } from './step-context.js';

export interface DetectStepResult {
  readonly anomalies: readonly Anomaly[];
  readonly gaps: readonly Gap[];
}

/** Notifications of the last day that no channel delivered: the notification-failure rule's input. */
async function notificationFailures(ctx: StepContext): Promise<{ count: number; gap: Gap | null }> {
  if (ctx.store.kind === 'runner') return { count: 0, gap: null };
  try {
    const since = new Date(ctx.now().getTime() - 86_400_000);
    const recent = await ctx.store.listNotifications({ repo: ctx.repoName, since });
    return { count: recent.filter((n) => !n.delivered).length, gap: null };
  } catch (error) {
    return { count: 0, gap: { step: 'detect', reason: `notification outcomes unreadable: ${toError(error).message}` } };
  }
}

/** Step 5, detection: every enabled rule over the attempts and the measured health signals. */
export async function detectStep(
  ctx: StepContext,
  attempts: readonly RunRecord[],
  options: { readonly defaultBranch: string; readonly storeHealth: HealthSignals['store'] },
): Promise<DetectStepResult> {
  const failures = await notificationFailures(ctx);
  const anomalies = detectAnomalies({
    attempts,
    defaultBranch: options.defaultBranch,
    rules: ctx.detectionRules,
    health: { store: options.storeHealth, notificationFailures: failures.count },
    now: ctx.now(),
    runUrl: (id) => runUrlOf(ctx, id),
  });
  ctx.log(`detection: ${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'}`);
  return { anomalies, gaps: failures.gap ? [failures.gap] : [] };
}
