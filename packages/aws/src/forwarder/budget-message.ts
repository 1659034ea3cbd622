// The text AWS Budgets publishes to SNS when a notification fires, read into the fields of a
// `budget-alert` repository_dispatch. Budgets sends prose ("Budget Name: …", "Alert Threshold:
// > $400.00", "Budgeted Amount: $500.00", "Alert Type: ACTUAL"); the percentage is the threshold
// over the budgeted amount.

export interface BudgetAlertPayload {
  readonly accountId: string;
  readonly budgetName: string;
  /** `YYYY-MM-01` of the month the alert was raised in (monthly budgets). */
  readonly period: string;
  readonly thresholdType: 'actual' | 'forecasted';
  readonly thresholdPercent: number;
  readonly raisedAt: string;
}

const field = (text: string, label: string): string | undefined =>
  new RegExp(`^\\s*${label}:\\s*(.+?)\\s*$`, 'mi').exec(text)?.[1];

const dollars = (value: string | undefined): number | undefined => {
  const match = /\$?\s*([\d,]+(?:\.\d+)?)/.exec(value ?? '');
  return match ? Number((match[1] as string).replaceAll(',', '')) : undefined;
};

/** The payload, or why the message is not a budget notification. */
export function parseBudgetMessage(
  message: string,
  timestamp: string,
): { readonly ok: true; readonly payload: BudgetAlertPayload } | { readonly ok: false; readonly reason: string } {
  const accountId = /AWS Account\s+(\d{12})/.exec(message)?.[1];
  const budgetName = field(message, 'Budget Name');
  const type = field(message, 'Alert Type')?.toLowerCase();
  const threshold = field(message, 'Alert Threshold');
  const budgeted = dollars(field(message, 'Budgeted Amount'));
  if (!accountId || !budgetName || !threshold || (type !== 'actual' && type !== 'forecasted'))
    return {
      ok: false,
      reason: 'not an AWS Budgets notification (account, budget name, alert type or threshold missing)',
    };
  const percent = /([\d.]+)\s*%/.exec(threshold)?.[1];
  const amount = dollars(threshold);
  const thresholdPercent =
    percent !== undefined
      ? Number(percent)
      : amount !== undefined && budgeted
        ? Math.round((amount / budgeted) * 1000) / 10
        : NaN;
  if (!Number.isFinite(thresholdPercent) || thresholdPercent <= 0)
    return { ok: false, reason: `threshold "${threshold}" is neither a percentage nor an amount of the budget` };
  const raised = new Date(Number.isNaN(Date.parse(timestamp)) ? Date.now() : Date.parse(timestamp));
  const period = `${raised.toISOString().slice(0, 7)}-01`;
  return {
    ok: true,
    payload: { accountId, budgetName, period, thresholdType: type, thresholdPercent, raisedAt: raised.toISOString() },
  };
}
