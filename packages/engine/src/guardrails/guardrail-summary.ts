import type { CapabilityEvent } from '@opsguard/evidence';
import type { AppliedItem } from './apply-guardrail-plan.js';
import type { CleanupResult } from './cleanup-guardrails.js';
import type { BudgetAlertOutcome, CleanupRun } from './handle-budget-alert.js';

/** What needs a store, said in every guardrail summary that runs without one. */
export const STORELESS_NOTE =
  'No store: executions are not recorded, so the clean-up cannot find them. The guarantee is the deny itself: its `DateLessThan aws:CurrentTime` condition stops it at the expiry, but the policy stays attached (harmless) until detached by hand. Give `database-url` or `supabase-url` + `supabase-key` to record and clean up.';

export function cleanupLines(result: CleanupResult): string[] {
  return [
    `Clean-up: ${result.total_found} expired found, ${result.rolled_back} rolled back, ${result.failed} failed, ${result.policies_deleted} policies deleted${result.complete ? '' : ' (time budget ended: the rest next run)'}.`,
    ...(result.errors.length > 0
      ? [
          '',
          '| execution | principal | error | failures in a row | terminal |',
          '|---|---|---|---|---|',
          ...result.errors.map(
            (e) =>
              `| ${e.executionId} | ${e.principal ?? ''} | ${e.code}: ${e.message.replaceAll('|', '\\|')} | ${e.consecutiveFailures} | ${e.terminal ? 'yes' : 'no'} |`,
          ),
        ]
      : []),
  ];
}

function cleanupRunLines(run: CleanupRun): string[] {
  return run.ran ? cleanupLines(run.result) : [`Clean-up: not run (${run.reason}).`];
}

export function appliedLines(items: readonly AppliedItem[]): string[] {
  if (items.length === 0) return [];
  return [
    '| policy | status | principals | expires (UTC) | read back | recorded |',
    '|---|---|---|---|---|---|',
    ...items.map((i) => {
      const readBack = i.readBack
        ? `${i.readBack.expiryMatches ? 'expiry ✓' : `expiry ${i.readBack.expiry ?? 'missing'}`}${i.readBack.missing.length > 0 ? `, ${i.readBack.missing.length} not listed yet` : ''}`
        : '';
      return `| ${i.policyId} | ${i.status}${i.error ? `: ${i.error.replaceAll('|', '\\|')}` : ''} | ${i.attached.length} | ${i.expiresAt} | ${readBack} | ${i.recorded ? 'yes' : 'no'} |`;
    }),
  ];
}

/** The job summary of a budget alert run. */
export function budgetAlertSummary(outcome: BudgetAlertOutcome, durable: boolean, dryRun: boolean): string {
  const { plan } = outcome;
  return [
    `### OpsGuard guardrails: budget ${plan.alert.budgetName} at ${plan.alert.thresholdPercent}% (${plan.alert.thresholdType})${dryRun ? ' — dry run' : ''}`,
    '',
    `Plan \`${outcome.planHash}\`, valid until ${plan.validUntil}.`,
    '',
    '| policy | decision |',
    '|---|---|',
    ...outcome.decisions.map((d) => {
      const why =
        d.outcome === 'deny'
          ? `deny (${d.mode}) ${d.targets.length} principal(s) for ${d.ttlMinutes} min`
          : d.outcome === 'exempt'
            ? `exempt by ${d.rule.type}${'path' in d.rule ? ` at ${d.rule.path}` : ''}`
            : `${d.outcome}: ${d.reason}`;
      return `| ${d.policyId} | ${why} |`;
    }),
    '',
    ...appliedLines(outcome.applied),
    ...(outcome.awaitingApproval.length > 0
      ? [
          '',
          `Awaiting approval: ${outcome.awaitingApproval.map((i) => i.policyId).join(', ')} (the apply job's environment has required reviewers).`,
        ]
      : []),
    '',
    ...cleanupRunLines(outcome.cleanup),
    ...(durable ? [] : ['', STORELESS_NOTE]),
  ].join('\n');
}

/** The evidence bundle's guardrail log: each decision, each applied item, the clean-up. */
export function guardrailEvents(
  at: string,
  parts: {
    readonly outcome?: BudgetAlertOutcome;
    readonly applied?: readonly AppliedItem[];
    readonly cleanup?: CleanupRun;
  },
): CapabilityEvent[] {
  const events: CapabilityEvent[] = [];
  const o = parts.outcome;
  if (o) {
    for (const d of o.decisions) {
      events.push({
        at,
        event: 'decision',
        id: `decision:${o.planHash}:${d.policyId}`,
        data: JSON.parse(JSON.stringify(d)) as never,
      });
    }
    for (const i of o.awaitingApproval) {
      events.push({
        at,
        event: 'awaiting_approval',
        id: `approval:${o.planHash}:${i.policyId}`,
        data: { planHash: o.planHash, policyId: i.policyId },
      });
    }
  }
  for (const i of [...(o?.applied ?? []), ...(parts.applied ?? [])]) {
    events.push({
      at,
      event: `apply_${i.status}`,
      id: `apply:${i.executionId}:${i.status}`,
      data: JSON.parse(JSON.stringify(i)) as never,
    });
  }
  const cleanup = parts.cleanup ?? o?.cleanup;
  if (cleanup) {
    events.push({
      at,
      event: 'cleanup',
      data: cleanup.ran
        ? (JSON.parse(JSON.stringify(cleanup.result)) as never)
        : { ran: false, reason: cleanup.reason },
    });
  }
  return events;
}
