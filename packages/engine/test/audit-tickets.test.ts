import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditRules, AuditTicket } from '@opsguard/core';
import { readBundleTickets, writeTicketFiles } from '@opsguard/evidence';
import { createGuard, DEFAULT_GUARD_POLICY, createBrake } from '@opsguard/guard';
import { createIssueChannel, type IssueApi } from '@opsguard/notify';
import {
  auditTicketStoreOf,
  openPgliteStore,
  type AuditTicketStore,
  type RunRecord,
  type Store,
} from '@opsguard/store';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rulesJson from '../../../config/audit-rules.json' with { type: 'json' };
import { buildAuditTickets, openTicketIssues, type AuditTicketDeps, type TicketFacts } from '../src/index.js';

const RULES = rulesJson as AuditRules;
let store: Store;
let tickets: AuditTicketStore;
let repoCount = 0;
beforeAll(async () => {
  store = await openPgliteStore({ inMemory: true });
  tickets = auditTicketStoreOf(store) as AuditTicketStore;
});
afterAll(async () => store.close());

const anAttempt = (runId: number, at: string, over: Partial<RunRecord> = {}): RunRecord => ({
  repo: 'acme/web',
  runId,
  attempt: 1,
  workflowId: 1,
  workflowName: 'Deploy',
  event: 'push',
  actor: 'octocat',
  branch: 'main',
  headSha: 'a'.repeat(40),
  status: 'completed',
  conclusion: 'failure',
  createdAt: at,
  startedAt: at,
  updatedAt: at,
  durationMs: 60_000,
  queueMs: 1_000,
  url: `https://github.com/acme/web/actions/runs/${runId}`,
  cause: 'permission_403',
  ...over,
});

function facts(repo: string, attempts: RunRecord[], date: string): TicketFacts {
  return {
    repo,
    attempts,
    runs: attempts.map((a) => ({ id: a.runId, actor: { login: 'octocat' } }) as unknown as TicketFacts['runs'][number]),
    jobsByAttempt: new Map(),
    evidence: new Map(
      attempts.map((a) => [
        `${a.runId}:${a.attempt}`,
        {
          evidence: [`HttpError: Resource not accessible by integration (run ${a.runId} at ${a.updatedAt})`],
          jobs: [],
        },
      ]),
    ),
    logFiles: new Map(),
    history: [],
    artifacts: null,
    killSwitch: [],
    transient: () => false,
    dateOf: (at) => at.slice(0, 10),
    date,
  };
}

function deps(repo: string, reportsDir: string, date: string, withStore: boolean): AuditTicketDeps {
  return {
    repo,
    rules: RULES,
    tickets: withStore ? tickets : null,
    reportsDir,
    date,
    timeZone: 'UTC',
    window: { from: `${date}T00:00:00.000Z`, to: `${date}T23:00:00.000Z` },
    now: () => new Date(`${date}T23:00:00.000Z`),
    log: () => undefined,
  };
}

async function day(
  repo: string,
  reports: string,
  date: string,
  attempts: RunRecord[],
  withStore: boolean,
): Promise<AuditTicket[]> {
  const dir = join(reports, date);
  const built = await buildAuditTickets(
    deps(repo, reports, date, withStore),
    facts(repo, attempts, date),
    await readBundleTickets(dir),
  );
  await writeTicketFiles(dir, built, (t) => t, new Date(`${date}T23:00:00.000Z`));
  return built;
}

describe.each([
  ['without a store: the earlier days’ bundles are the history', false],
  ['with a store: the audit_tickets table', true],
])('a cluster seen again on a later day (%s)', (_name, withStore) => {
  it('keeps its ticket id and counts each attempt once', async () => {
    const repo = `acme/web-${++repoCount}`;
    const reports = join(mkdtempSync(join(tmpdir(), 'tickets-')), 'reports');
    const d1 = [anAttempt(1, '2026-12-01T01:00:00.000Z'), anAttempt(2, '2026-12-01T02:00:00.000Z')];
    const [first] = await day(repo, reports, '2026-12-01', d1, withStore);
    expect(first).toMatchObject({
      id: 'audit_ticket_20261201_010000',
      occurrences: 2,
      risk: { level: 'high', rule: 'permission-on-deploy' },
    });
    // Day 2's window still holds day 1's attempts, plus a new one.
    const d2 = [...d1, anAttempt(3, '2026-12-02T05:00:00.000Z')];
    const [second] = await day(repo, reports, '2026-12-02', d2, withStore);
    expect(second).toMatchObject({ id: first?.id, occurrences: 3, seenOn: ['2026-12-01', '2026-12-02'] });
    expect(second?.fingerprint).toBe(first?.fingerprint);
    // The day-2 folder holds the same id; day 1's copy stays as it was.
    expect(
      [...(await readBundleTickets(join(reports, '2026-12-02'))).values()].map((t) => [t.id, t.occurrences]),
    ).toEqual([[first?.id, 3]]);
    expect([...(await readBundleTickets(join(reports, '2026-12-01'))).values()].map((t) => t.occurrences)).toEqual([2]);
    if (withStore) {
      const stored = await tickets.findTickets(repo, [first?.fingerprint ?? '']);
      expect(stored.get(first?.fingerprint ?? '')).toMatchObject({ version: 2, ticket: { occurrences: 3 } });
    }
  });

  it('a different cluster that began in the same second gets the next id', async () => {
    const repo = `acme/web-${++repoCount}`;
    const reports = join(mkdtempSync(join(tmpdir(), 'tickets-')), 'reports');
    const at = '2026-12-01T01:00:00.000Z';
    const built = await day(
      repo,
      reports,
      '2026-12-01',
      [anAttempt(1, at), anAttempt(2, at, { workflowName: 'CI', cause: 'test_failure' })],
      withStore,
    );
    expect(built.map((t) => t.id).sort()).toEqual(['audit_ticket_20261201_010000', 'audit_ticket_20261201_010001']);
  });
});

describe('with a store, concurrent writers', () => {
  it('two processes saving the same cluster from the same start count every attempt once', async () => {
    const repo = `acme/web-${++repoCount}`;
    const reports = join(mkdtempSync(join(tmpdir(), 'tickets-')), 'reports');
    await day(repo, reports, '2026-12-01', [anAttempt(1, '2026-12-01T01:00:00.000Z')], true);
    // Both start from version 1. A collected before attempt 6 existed, B after: B sees all A saw
    // and one more (tickets count attempts after a time watermark, so a writer's window is a
    // prefix of a later one's). Either may save first; the loser merges over the winner.
    const a = [anAttempt(1, '2026-12-01T01:00:00.000Z'), anAttempt(5, '2026-12-02T01:00:00.000Z')];
    const b = [...a, anAttempt(6, '2026-12-02T02:00:00.000Z')];
    const empty = new Map<string, AuditTicket>();
    const [ta, tb] = await Promise.all([
      buildAuditTickets(deps(repo, reports, '2026-12-02', true), facts(repo, a, '2026-12-02'), empty),
      buildAuditTickets(deps(repo, reports, '2026-12-02', true), facts(repo, b, '2026-12-02'), empty),
    ]);
    const fp = ta[0]?.fingerprint ?? '';
    const stored = (await tickets.findTickets(repo, [fp])).get(fp);
    expect(stored?.version).toBe(3);
    // Whichever saved last merged over the other's ticket: attempts 1, 5 and 6, each once.
    expect(stored?.ticket.occurrences).toBe(3);
    expect(tb[0]?.occurrences).toBe(3);
    // A returns its own 2 when it saved first, the merged 3 when it saved second.
    expect([2, 3]).toContain(ta[0]?.occurrences);
  });
});

describe('issues for high and critical tickets', () => {
  it('opens one through the guard, links it both ways, and comments on new occurrences only', async () => {
    const repo = `acme/web-${++repoCount}`;
    const reports = join(mkdtempSync(join(tmpdir(), 'tickets-')), 'reports');
    const bodies: string[] = [];
    const comments: string[] = [];
    const api: IssueApi = {
      listOpenIssues: async () =>
        bodies.map((body, i) => ({ number: i + 1, body, html_url: `https://github.com/${repo}/issues/${i + 1}` })),
      createIssue: async ({ body }) => {
        bodies.push(body);
        return { number: bodies.length, html_url: `https://github.com/${repo}/issues/${bodies.length}` };
      },
      createComment: async (_n, body) => void comments.push(body),
      closeIssue: async () => undefined,
    };
    const now = new Date('2026-12-01T23:00:00.000Z');
    const guard = createGuard({
      store,
      policy: DEFAULT_GUARD_POLICY,
      now: () => now,
      random: () => 0.5,
      sleep: async () => undefined,
      actor: 'test',
      brake: createBrake(store, null),
    });
    const issueDeps = {
      guard,
      repo,
      channel: createIssueChannel(api, 'opsguard-audit'),
      dryRun: false,
      store,
      rules: RULES,
      bundlePath: 'reports/2026-12-01',
      now: () => now,
      log: () => undefined,
    };
    const attempts = [
      anAttempt(1, '2026-12-01T01:00:00.000Z'),
      anAttempt(2, '2026-12-01T02:00:00.000Z', { workflowName: 'CI', cause: 'test_failure' }),
    ];
    const drafts = await buildAuditTickets(
      deps(repo, reports, '2026-12-01', false),
      facts(repo, attempts, '2026-12-01'),
      new Map(),
    );
    const opened = await openTicketIssues(issueDeps, drafts);
    const deploy = drafts.find((t) => t.risk.level === 'high');
    expect(opened.issues.get(deploy?.fingerprint ?? '')).toEqual({
      number: 1,
      url: `https://github.com/${repo}/issues/1`,
    });
    expect(opened.issues.size).toBe(1); // the medium CI ticket gets none
    expect(bodies[0]).toContain(`<!-- opsguard:audit-ticket=${deploy?.id} -->`);
    expect(bodies[0]).toContain(`reports/2026-12-01/audit_tickets/${deploy?.id}.md`);
    const final = await buildAuditTickets(
      deps(repo, reports, '2026-12-01', false),
      facts(repo, attempts, '2026-12-01'),
      new Map(),
      opened.issues,
    );
    expect(final.find((t) => t.id === deploy?.id)?.issue).toEqual({
      number: 1,
      url: `https://github.com/${repo}/issues/1`,
    });
    // Same day again, nothing new: no second issue, no comment.
    const again = await openTicketIssues(
      issueDeps,
      final.map((t) => ({ ...t, period: { ...t.period, newOccurrences: 0 } })),
    );
    expect(again.notifications).toHaveLength(0);
    expect(bodies).toHaveLength(1);
    expect(comments).toHaveLength(0);
  });
});
