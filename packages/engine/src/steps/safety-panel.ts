import { toError, type SafetyAlarm } from '@opsguard/core';
import type { DashboardSafety } from '@opsguard/evidence';
import { rollbackRecordsOf, type AuditRecord } from '@opsguard/store';
import type { StepContext } from './step-context.js';

/**
 * The dashboard's safety controls: switches on, the guard's refusals by reason, open circuits,
 * what the brake stopped in the window, and the alarms. Best effort: an unreadable part is left
 * empty (the audit summary names the store's gaps).
 */
export async function safetyPanelOf(
  ctx: StepContext,
  audit: readonly AuditRecord[],
  since: Date,
  alarms: readonly SafetyAlarm[],
): Promise<DashboardSafety> {
  const refusalsByReason: Record<string, number> = {};
  const openCircuits = new Set<string>();
  for (const a of audit) {
    if (a.outcome !== 'SKIPPED' || a.reason === null || a.reason === 'dry_run') continue;
    refusalsByReason[a.reason] = (refusalsByReason[a.reason] ?? 0) + 1;
    if (a.reason === 'circuit_open') openCircuits.add(a.target);
  }
  const switches = await ctx.store.listKillSwitches().catch((error: unknown) => {
    ctx.log(`safety panel: kill switches unreadable: ${toError(error).message}`);
    return [];
  });
  const records = await rollbackRecordsOf(ctx.store)
    .listRecords({ kind: 'kill-switch', since })
    .catch(() => []);
  const steps = records.flatMap((r) => r.steps);
  return {
    switches: switches.filter((s) => s.active).map((s) => ({ scope: s.scope, target: s.target, reason: s.reason })),
    refusalsByReason,
    openCircuits: [...openCircuits],
    stopped: {
      workflows: steps.filter((s) => s.kind === 'disable-workflow' && s.status === 'done').length,
      runs: steps.filter((s) => (s.kind === 'cancel-run' || s.kind === 'force-cancel-run') && s.status === 'done')
        .length,
      failed: steps.filter((s) => s.status === 'failed').length,
    },
    alarms: alarms.map((a) => ({ severity: a.severity, message: a.message })),
  };
}
