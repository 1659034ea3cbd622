import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAwsClients, type AwsClients } from '@opsguard/aws';
import { budgetAlertKey, isConfigurationError, parseBudgetAlert } from '@opsguard/core';
import { startStandinAccount, type StandinAccount } from '@opsguard/sample';
import { openPgliteStore, type Store } from '@opsguard/store';
import { pollBudgetAlerts, respondOnce } from '../src/index.js';

const ACCOUNT = '123456789012';
const NOW = new Date('2026-12-03T10:00:00Z');
let store: Store;
let account: StandinAccount;
let clients: AwsClients;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
  account = await startStandinAccount({
    account: ACCOUNT,
    region: 'ap-northeast-1',
    budgets: [
      {
        name: 'monthly',
        limitUsd: 100,
        actualUsd: 90,
        thresholds: [{ percent: 80 }, { percent: 100 }],
        periodStart: '2026-12-01T00:00:00Z',
      },
    ],
  });
  clients = await createAwsClients({
    region: 'ap-northeast-1',
    endpoint: account.url,
    credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  clients.destroy();
  await account.close();
  await store.close();
});

describe('the budget trigger', () => {
  it('the backstop poll finds the notifications in ALARM, with their period', async () => {
    const alerts = await pollBudgetAlerts(clients, ACCOUNT, ['monthly'], NOW);
    expect(alerts).toEqual([
      {
        accountId: ACCOUNT,
        budgetName: 'monthly',
        period: '2026-12-01',
        thresholdPercent: 80,
        thresholdType: 'actual',
        raisedAt: NOW.toISOString(),
      },
    ]);
  });

  it('the forwarder alert and the poll of the same budget, period and threshold fire the response once', async () => {
    const [polled] = await pollBudgetAlerts(clients, ACCOUNT, ['monthly'], NOW);
    const dispatched = parseBudgetAlert(
      {
        accountId: ACCOUNT,
        budgetName: 'monthly',
        period: '2026-12-01',
        thresholdType: 'actual',
        thresholdPercent: 80,
      },
      NOW,
    );
    expect(budgetAlertKey(dispatched)).toBe(budgetAlertKey(polled!));
    let fired = 0;
    const respond = async () => {
      fired += 1;
      return { planned: true };
    };
    const first = await respondOnce(store, dispatched, 'run-1', () => NOW, respond);
    const second = await respondOnce(store, polled!, 'run-2', () => NOW, respond);
    expect([first.fired, second.fired, fired]).toEqual([true, false, 1]);
    // The next threshold (or next month) is another key: it fires.
    account.budgets.setActual('monthly', 120);
    const next = (await pollBudgetAlerts(clients, ACCOUNT, ['monthly'], NOW)).find((a) => a.thresholdPercent === 100);
    expect((await respondOnce(store, next!, 'run-3', () => NOW, respond)).fired).toBe(true);
  });

  it('a malformed alert payload is one clear error', () => {
    const error = (() => {
      try {
        return parseBudgetAlert(
          {
            accountId: '12',
            budgetName: 'monthly',
            period: '2026-12-01',
            thresholdType: 'actual',
            thresholdPercent: 80,
          },
          NOW,
        );
      } catch (e) {
        return e;
      }
    })();
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toBe('budget alert: accountId is missing or malformed ("12")');
  });
});
