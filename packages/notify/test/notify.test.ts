import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import {
  auditTicketOfIssue,
  createIssueChannel,
  createLogChannel,
  createSlackChannel,
  deliver,
  type IssueApi,
  type Notification,
} from '../src/index.js';

const notification: Notification = {
  fingerprint: 'failure_rate_spike:CI',
  kind: 'anomaly',
  severity: 'critical',
  title: 'CI failure rate spiked',
  lines: ['failure rate 45% over 24 h vs 6% baseline'],
  links: [{ text: 'Dashboard', url: 'https://github.com/acme/web/actions/runs/1' }],
};

function clock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)),
    sleeps,
    advance: (ms: number) => void (now += ms),
  };
}

const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/not-a-real-secret';

describe('Slack channel', () => {
  it('posts Block Kit and keeps at most one message per second', async () => {
    const bodies: unknown[] = [];
    nock('https://hooks.slack.com')
      .post('/services/T000/B000/not-a-real-secret', (b: unknown) => (bodies.push(b), true))
      .times(2)
      .reply(200, 'ok');
    const c = clock();
    const slack = createSlackChannel({ webhookUrl: WEBHOOK, now: c.now, sleep: c.sleep });
    await slack.send(notification);
    c.advance(300);
    await slack.send(notification);
    expect(c.sleeps).toEqual([700]);
    expect(bodies[0]).toMatchObject({
      text: '🚨 OpsGuard anomaly (critical)',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '🚨 OpsGuard anomaly (critical)' } },
        { type: 'section', text: { type: 'mrkdwn', text: '`CI failure rate spiked`', verbatim: true } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '```failure rate 45% over 24 h vs 6% baseline```', verbatim: true },
        },
        { type: 'actions', elements: [{ type: 'button', url: 'https://github.com/acme/web/actions/runs/1' }] },
        { type: 'context' },
      ],
    });
  });

  it('reports a failed delivery without printing the webhook URL', async () => {
    nock('https://hooks.slack.com').post(/.*/).reply(404, 'no_service');
    const c = clock();
    const error = await createSlackChannel({ webhookUrl: WEBHOOK, now: c.now, sleep: c.sleep })
      .send(notification)
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toBe('Slack answered 404 (no_service)');
    expect(error?.message).not.toContain('not-a-real-secret');
  });
});

/** An in-memory issue tracker with GitHub's semantics for the calls the channel makes. */
function issueTracker() {
  const issues: { number: number; body: string; html_url: string; open: boolean; comments: string[] }[] = [];
  const api: IssueApi = {
    listOpenIssues: async () => issues.filter((i) => i.open),
    createIssue: async ({ body }) => {
      const issue = {
        number: issues.length + 1,
        body,
        html_url: `https://github.com/acme/web/issues/${issues.length + 1}`,
        open: true,
        comments: [],
      };
      issues.push(issue);
      return issue;
    },
    createComment: async (n, body) => void issues[n - 1]?.comments.push(body),
    closeIssue: async (n) => void (issues[n - 1]!.open = false),
  };
  return { api, issues };
}

describe('GitHub issue channel', () => {
  it('opens one issue per fingerprint, comments on repeats, closes on recovery', async () => {
    const { api, issues } = issueTracker();
    const channel = createIssueChannel(api);
    expect((await channel.send(notification)).detail).toBe('opened #1');
    expect((await channel.send(notification)).detail).toBe('commented on #1');
    expect((await channel.send({ ...notification, fingerprint: 'retry_storm:CI' })).detail).toBe('opened #2');
    expect(await channel.openFingerprints()).toEqual(['failure_rate_spike:CI', 'retry_storm:CI']);
    expect(await channel.resolve('failure_rate_spike:CI', 'recovered: failure rate back to 5%')).toBe(true);
    expect(issues.map((i) => [i.number, i.open, i.comments.length])).toEqual([
      [1, false, 2],
      [2, true, 0],
    ]);
    expect(await channel.resolve('failure_rate_spike:CI', 'again')).toBe(false);
  });
});

describe('audit-ticket link', () => {
  it('an issue names its audit ticket, and the channel answers with the issue it opened', async () => {
    const { api, issues } = issueTracker();
    const channel = createIssueChannel(api, 'opsguard-audit');
    const ticket: Notification = {
      ...notification,
      fingerprint: 'audit-ticket:abc',
      kind: 'failure',
      auditTicket: {
        id: 'audit_ticket_20261201_100600',
        path: 'reports/2026-12-01/audit_tickets/audit_ticket_20261201_100600.md',
      },
    };
    const opened = await channel.send(ticket);
    expect(opened.issue).toEqual({ number: 1, url: issues[0]?.html_url });
    expect(issues[0]?.body).toContain(
      'Audit ticket **audit_ticket_20261201_100600**: ` reports/2026-12-01/audit_tickets/audit_ticket_20261201_100600.md `',
    );
    expect(auditTicketOfIssue(issues[0]?.body ?? '')).toBe('audit_ticket_20261201_100600');
    expect((await channel.send(ticket)).issue).toEqual({ number: 1, url: issues[0]?.html_url });
    expect(auditTicketOfIssue('no marker')).toBeNull();
  });
});

describe('fallback chain', () => {
  it('falls back from Slack to an issue and records every attempt', async () => {
    nock('https://hooks.slack.com').post(/.*/).reply(500, 'down');
    const c = clock();
    const { api } = issueTracker();
    const lines: string[] = [];
    const delivery = await deliver(
      [
        createSlackChannel({ webhookUrl: WEBHOOK, now: c.now, sleep: c.sleep }),
        createIssueChannel(api),
        createLogChannel((l) => lines.push(l)),
      ],
      notification,
      (channel, n) => channel.send(n),
    );
    expect(delivery.attempts).toEqual([
      { channel: 'slack', ok: false, detail: 'Slack answered 500 (down)' },
      { channel: 'github-issue', ok: true, detail: 'opened #1' },
    ]);
    expect(lines).toEqual([]);
  });

  it('reaches the log when everything else is refused', async () => {
    const lines: string[] = [];
    const delivery = await deliver(
      [createIssueChannel(issueTracker().api), createLogChannel((l) => lines.push(l))],
      notification,
      async (channel, n) => (channel.name === 'log' ? channel.send(n) : null),
    );
    expect(delivery.delivered?.channel).toBe('log');
    expect(delivery.attempts[0]).toEqual({ channel: 'github-issue', ok: false, detail: 'refused by the guard' });
    expect(lines[0]).toBe('[critical] CI failure rate spiked');
  });
});
