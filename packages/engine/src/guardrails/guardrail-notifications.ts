import type { BudgetAlert, GuardrailPlan, GuardrailPlanItem } from '@opsguard/core';
import type { Notification } from '@opsguard/notify';
import type { AppliedItem } from './apply-guardrail-plan.js';

/** `auto` mode's confirmation: what is denied to whom, and when it lifts by itself. */
export function confirmationNotification(applied: AppliedItem, alert: BudgetAlert): Notification {
  return {
    fingerprint: `guardrail:${applied.executionId}`,
    kind: 'anomaly',
    severity: 'warning',
    title: `Guardrail ${applied.policyId} applied: ${applied.attached.length} principal(s) denied until ${applied.expiresAt}`,
    lines: [
      `budget ${alert.budgetName} (account ${alert.accountId}) at ${alert.thresholdPercent}% ${alert.thresholdType}`,
      `policy ${applied.policyArn}`,
      ...applied.attached.map((arn) => `denied: ${arn}`),
      `expires ${applied.expiresAt}: the deny's own DateLessThan condition, then the clean-up detaches it`,
      ...(applied.readBack && !applied.readBack.expiryMatches
        ? [`read back: the stored document's expiry is ${applied.readBack.expiry ?? 'missing'}`]
        : []),
    ],
    links: [],
  };
}

/** `manual` mode: the plan waits for a reviewer. */
export function approvalNotification(
  plan: GuardrailPlan,
  planHash: string,
  items: readonly GuardrailPlanItem[],
  hint: string | undefined,
): Notification {
  return {
    fingerprint: `guardrail-approval:${planHash}`,
    kind: 'anomaly',
    severity: 'warning',
    title: `Guardrail approval needed: ${items.map((i) => i.policyId).join(', ')} for budget ${plan.alert.budgetName}`,
    lines: [
      `plan ${planHash} (valid until ${plan.validUntil})`,
      ...items.map(
        (i) =>
          `${i.policyId}: deny ${i.actions.join(', ')} to ${i.principals.length} principal(s) for ${i.ttlMinutes} min`,
      ),
      hint ?? 'approve the apply job of this run (its environment has required reviewers)',
    ],
    links: [],
  };
}
