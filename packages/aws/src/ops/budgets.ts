// Budgets: the backstop's reads — the budget's spend and which notifications are in ALARM.
import { DescribeBudgetCommand, DescribeNotificationsForBudgetCommand } from '@aws-sdk/client-budgets';
import type { AwsClients } from '../clients.js';

export interface BudgetStatus {
  readonly name: string;
  readonly limitUsd: number;
  readonly actualUsd: number;
  readonly forecastedUsd: number;
  /** The period start (ISO), part of the idempotency key. */
  readonly periodStart: string;
  readonly alarms: readonly { readonly type: string; readonly thresholdPercent: number }[];
}

export async function budgetStatus(
  clients: Pick<AwsClients, 'budgets'>,
  accountId: string,
  name: string,
): Promise<BudgetStatus> {
  const { Budget: budget } = await clients.budgets.send(
    new DescribeBudgetCommand({ AccountId: accountId, BudgetName: name }),
  );
  if (!budget) throw new Error(`DescribeBudget ${name} answered without a budget`);
  const notifications = await clients.budgets.send(
    new DescribeNotificationsForBudgetCommand({ AccountId: accountId, BudgetName: name }),
  );
  const start = budget.TimePeriod?.Start;
  return {
    name,
    limitUsd: Number(budget.BudgetLimit?.Amount ?? 0),
    actualUsd: Number(budget.CalculatedSpend?.ActualSpend?.Amount ?? 0),
    forecastedUsd: Number(budget.CalculatedSpend?.ForecastedSpend?.Amount ?? 0),
    periodStart: start instanceof Date ? start.toISOString() : '',
    alarms: (notifications.Notifications ?? [])
      .filter((n) => n.NotificationState === 'ALARM')
      .map((n) => ({ type: n.NotificationType ?? 'ACTUAL', thresholdPercent: n.Threshold ?? 0 })),
  };
}
