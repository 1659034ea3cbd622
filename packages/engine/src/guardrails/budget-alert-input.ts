import { ConfigurationError, type BudgetAlert } from '@opsguard/core';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A budget alert as the trigger hands it over (the `budget-alert` dispatch's `event`, the
 * hourly poll, a file): every field checked, one error naming the first wrong one.
 */
export function readBudgetAlert(value: unknown, where: string): BudgetAlert {
  const at = (path: string, expected: string): never => {
    throw new ConfigurationError(`${where}: at /${path}: expected ${expected}`);
  };
  if (!isRecord(value)) return at('', 'a budget alert object');
  const text = (key: string, pattern?: RegExp): string => {
    const v = value[key];
    if (typeof v !== 'string' || v === '' || (pattern && !pattern.test(v))) {
      return at(key, pattern ? `a string matching ${String(pattern)}` : 'a non-empty string');
    }
    return v;
  };
  const type = value['thresholdType'];
  if (type !== 'actual' && type !== 'forecasted') at('thresholdType', '"actual" or "forecasted"');
  const percent = value['thresholdPercent'];
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent <= 0)
    at('thresholdPercent', 'a positive number');
  const raisedAt = text('raisedAt');
  if (Number.isNaN(Date.parse(raisedAt))) at('raisedAt', 'an ISO-8601 time');
  return {
    accountId: text('accountId', /^\d{12}$/),
    budgetName: text('budgetName'),
    thresholdType: type as BudgetAlert['thresholdType'],
    thresholdPercent: percent as number,
    period: text('period', /^\d{4}-\d{2}-\d{2}$/),
    raisedAt,
  };
}
