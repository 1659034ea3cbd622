// Budgets (JSON 1.1): DescribeBudget and DescribeNotificationsForBudget, the hourly backstop's
// reads: a budget with its limit and actual/forecasted spend, and notifications whose state
// turns ALARM when the spend passes their threshold.
import type { StandinFaults } from './faults.js';
import type { StandinRequest, StandinResponse, StandinService } from './service.js';
import { json, json11Error, JSON11_HEADERS } from './wire.js';

const NAMESPACE = 'com.amazonaws.budgets';

export interface StandinBudget {
  readonly name: string;
  readonly limitUsd: number;
  readonly actualUsd: number;
  readonly forecastedUsd?: number;
  /** Percent thresholds with their type (default ACTUAL). */
  readonly thresholds: readonly { readonly percent: number; readonly type?: 'ACTUAL' | 'FORECASTED' }[];
  /** The period start, ISO (default the 1st of the month of `now`). */
  readonly periodStart: string;
}

export interface BudgetsStandin extends StandinService {
  setActual(name: string, usd: number): void;
}

export function budgetsStandin(options: {
  readonly account: string;
  readonly budgets: readonly StandinBudget[];
  readonly faults?: StandinFaults;
}): BudgetsStandin {
  const budgets = new Map<string, { -readonly [K in keyof StandinBudget]: StandinBudget[K] }>(
    options.budgets.map((b) => [b.name, { ...b }]),
  );
  const handle = (request: StandinRequest): StandinResponse => {
    const target = request.headers['x-amz-target'] ?? '';
    const operation = target.slice(target.indexOf('.') + 1);
    const input = JSON.parse(request.body || '{}') as Record<string, unknown>;
    const name = String(input['BudgetName'] ?? '');
    const fault = options.faults?.take('budgets', operation, [name]);
    if (fault) return json11Error(fault, NAMESPACE);
    if (input['AccountId'] !== options.account)
      return json11Error({ code: 'AccessDeniedException', status: 400, message: 'Account mismatch' }, NAMESPACE);
    const budget = budgets.get(name);
    if (!budget)
      return json11Error(
        { code: 'NotFoundException', status: 400, message: `Unable to get budget: ${name}` },
        NAMESPACE,
      );
    const start = new Date(budget.periodStart);
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    if (operation === 'DescribeBudget') {
      return json(
        200,
        {
          Budget: {
            BudgetName: budget.name,
            BudgetType: 'COST',
            TimeUnit: 'MONTHLY',
            BudgetLimit: { Amount: budget.limitUsd.toFixed(1), Unit: 'USD' },
            CalculatedSpend: {
              ActualSpend: { Amount: budget.actualUsd.toFixed(2), Unit: 'USD' },
              ForecastedSpend: { Amount: (budget.forecastedUsd ?? budget.actualUsd).toFixed(2), Unit: 'USD' },
            },
            TimePeriod: { Start: start.getTime() / 1000, End: end.getTime() / 1000 },
          },
        },
        JSON11_HEADERS,
      );
    }
    if (operation === 'DescribeNotificationsForBudget') {
      return json(
        200,
        {
          Notifications: budget.thresholds.map((t) => {
            const type = t.type ?? 'ACTUAL';
            const spend = type === 'ACTUAL' ? budget.actualUsd : (budget.forecastedUsd ?? budget.actualUsd);
            return {
              NotificationType: type,
              ComparisonOperator: 'GREATER_THAN',
              Threshold: t.percent,
              ThresholdType: 'PERCENTAGE',
              NotificationState: spend > (budget.limitUsd * t.percent) / 100 ? 'ALARM' : 'OK',
            };
          }),
        },
        JSON11_HEADERS,
      );
    }
    return json11Error({ code: 'UnknownOperationException', status: 400, message: operation }, NAMESPACE);
  };
  return {
    signingName: 'budgets',
    handle,
    setActual(name, usd) {
      const budget = budgets.get(name);
      if (!budget) throw new Error(`no budget ${name}`);
      budget.actualUsd = usd;
    },
  };
}
