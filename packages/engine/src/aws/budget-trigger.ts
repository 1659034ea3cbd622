// The budget trigger: an alert from the forwarder, a manual run, or the hourly backstop's poll
// of DescribeBudget / DescribeNotificationsForBudget; each reduced to one key per budget, period
// and threshold, claimed in the store, so the response fires once whichever path came first.
import { budgetStatus, type AwsClients } from '@opsguard/aws';
import { budgetAlertKey, type BudgetAlert, type JsonObject } from '@opsguard/core';
import type { Store } from '@opsguard/store';

/** Alarms the backstop finds: every notification in ALARM of the named budgets. */
export async function pollBudgetAlerts(
  clients: Pick<AwsClients, 'budgets'>,
  account: string,
  budgetNames: readonly string[],
  now: Date,
): Promise<BudgetAlert[]> {
  const alerts: BudgetAlert[] = [];
  for (const name of budgetNames) {
    const status = await budgetStatus(clients, account, name);
    for (const alarm of status.alarms)
      alerts.push({
        accountId: account,
        budgetName: name,
        period: status.periodStart.slice(0, 10),
        thresholdPercent: alarm.thresholdPercent,
        thresholdType: alarm.type === 'FORECASTED' ? 'forecasted' : 'actual',
        raisedAt: now.toISOString(),
      });
  }
  return alerts;
}

export type BudgetResponse<T> =
  | { readonly fired: true; readonly key: string; readonly value: T }
  | { readonly fired: false; readonly key: string; readonly reason: 'already-handled' };

/** A budget period is at most a year; the key outlives it. */
const KEY_TTL_MS = 400 * 24 * 3_600_000;

export async function respondOnce<T extends JsonObject>(
  store: Pick<Store, 'claimIdempotencyKey' | 'completeIdempotencyKey'>,
  alert: BudgetAlert,
  owner: string,
  now: () => Date,
  respond: () => Promise<T>,
): Promise<BudgetResponse<T>> {
  const key = budgetAlertKey(alert);
  const claim = await store.claimIdempotencyKey({
    key,
    scope: 'aws-budget-alert',
    owner,
    ttlMs: KEY_TTL_MS,
    now: now(),
  });
  if (!claim.claimed) return { fired: false, key, reason: 'already-handled' };
  try {
    const value = await respond();
    await store.completeIdempotencyKey(key, 'completed', value, now());
    return { fired: true, key, value };
  } catch (error) {
    await store.completeIdempotencyKey(key, 'failed', { error: String(error) }, now());
    throw error;
  }
}
