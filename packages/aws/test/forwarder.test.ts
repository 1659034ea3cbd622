import { describe, expect, it } from '@jest/globals';
import { forwardBudgetAlerts, parseBudgetMessage, type ForwarderDeps } from '@opsguard/aws';

// What AWS Budgets publishes to SNS (plain text), as the forwarder receives it.
const MESSAGE = `AWS Budget Notification December 03, 2026
AWS Account 123456789012

Dear AWS Customer,

You requested that we alert you when the ACTUAL Cost associated with your monthly-cloud budget is greater than $500.00 for the current month. The ACTUAL Cost associated with this budget is $512.40.

Budget Name: monthly-cloud
Budget Type: Cost
Budgeted Amount: $500.00
Alert Type: ACTUAL
Alert Threshold: > $500.00
ACTUAL Amount: $512.40
`;
const event = (message: string) => ({
  Records: [{ Sns: { Message: message, Timestamp: '2026-12-03T09:12:00.000Z', MessageId: 'm-1' } }],
});

describe('the budget forwarder', () => {
  it('reads a Budgets notification into the budget-alert payload', () => {
    expect(parseBudgetMessage(MESSAGE, '2026-12-03T09:12:00.000Z')).toEqual({
      ok: true,
      payload: {
        accountId: '123456789012',
        budgetName: 'monthly-cloud',
        period: '2026-12-01',
        thresholdType: 'actual',
        thresholdPercent: 100,
        raisedAt: '2026-12-03T09:12:00.000Z',
      },
    });
  });

  it('sends one repository_dispatch budget-alert with the token from the parameter', async () => {
    const sent: { url: string; headers: Record<string, string>; body: string }[] = [];
    const deps: ForwarderDeps = {
      repository: 'acme/infra',
      token: async () => 'ghs_forwarder_token',
      fetch: async (url, init) => {
        sent.push({ url, headers: init.headers, body: init.body });
        return { status: 204, text: async () => '' };
      },
    };
    const result = await forwardBudgetAlerts(deps, event(MESSAGE));
    expect(result.forwarded).toHaveLength(1);
    expect(sent[0]?.url).toBe('https://api.github.com/repos/acme/infra/dispatches');
    expect(sent[0]?.headers['authorization']).toBe('Bearer ghs_forwarder_token');
    expect(JSON.parse(sent[0]?.body ?? '')).toMatchObject({
      event_type: 'budget-alert',
      client_payload: { budgetName: 'monthly-cloud', thresholdPercent: 100 },
    });
  });

  it('ignores a message that is not a budget notification, and fails (so SNS retries) when GitHub refuses', async () => {
    const deps: ForwarderDeps = {
      repository: 'acme/infra',
      token: async () => 't',
      fetch: async () => ({ status: 401, text: async () => '{"message":"Bad credentials"}' }),
    };
    await expect(forwardBudgetAlerts(deps, event('hello'))).resolves.toMatchObject({
      forwarded: [],
      ignored: [{ messageId: 'm-1' }],
    });
    await expect(forwardBudgetAlerts(deps, event(MESSAGE))).rejects.toThrow(/answered 401/);
  });
});
