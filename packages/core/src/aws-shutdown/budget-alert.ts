// A budget alert (the guardrails' BudgetAlert), however it arrives (the forwarder's
// repository_dispatch, a manual run, the hourly backstop's poll), reduces to one key per
// account, budget, period and threshold: the response fires once, whichever path saw it first.
import { ConfigurationError } from '../errors.js';
import type { BudgetAlert } from '../guardrails/guardrail-types.js';

export function budgetAlertKey(
  alert: Pick<BudgetAlert, 'accountId' | 'budgetName' | 'period' | 'thresholdType' | 'thresholdPercent'>,
): string {
  return `aws-budget:${alert.accountId}:${alert.budgetName}:${alert.period}:${alert.thresholdType}:${alert.thresholdPercent}`;
}

/** The `client_payload` of a `budget-alert` repository_dispatch (what the forwarder sends). */
export function parseBudgetAlert(payload: unknown, now: Date): BudgetAlert {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const text = (name: string, pattern: RegExp): string => {
    const value = p[name];
    if (typeof value !== 'string' || !pattern.test(value))
      throw new ConfigurationError(`budget alert: ${name} is missing or malformed (${JSON.stringify(value)})`);
    return value;
  };
  const threshold = p['thresholdPercent'];
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0)
    throw new ConfigurationError(
      `budget alert: thresholdPercent must be a positive number (${JSON.stringify(threshold)})`,
    );
  const raisedAt =
    typeof p['raisedAt'] === 'string' && !Number.isNaN(Date.parse(p['raisedAt'])) ? p['raisedAt'] : now.toISOString();
  return {
    accountId: text('accountId', /^\d{12}$/),
    budgetName: text('budgetName', /^[^:\\]{1,100}$/),
    period: text('period', /^\d{4}-\d{2}-\d{2}$/),
    thresholdPercent: threshold,
    thresholdType: text('thresholdType', /^(actual|forecasted)$/) as BudgetAlert['thresholdType'],
    raisedAt,
  };
}
