import { describe, expect, it } from '@jest/globals';
import type { Job } from '@opsguard/github';
import type { RunRecord } from '@opsguard/store';
import { failureOccurrences, ticketKillSwitch, ticketRetries, ticketRuns, type TicketFacts } from '../src/index.js';

const attempt = (runId: number, n: number, over: Partial<RunRecord> = {}): RunRecord => ({
  repo: 'acme/web',
  runId,
  attempt: n,
  workflowId: 1,
  workflowName: 'CI',
  event: 'push',
  actor: 'octocat',
  branch: 'main',
  headSha: 'a'.repeat(40),
  status: 'completed',
  conclusion: 'failure',
  createdAt: '2026-12-01T01:00:00.000Z',
  startedAt: '2026-12-01T01:00:10.000Z',
  updatedAt: `2026-12-01T0${n}:05:00.000Z`,
  durationMs: 290_000,
  queueMs: 1_000,
  url: `https://github.com/acme/web/actions/runs/${runId}`,
  cause: 'network',
  ...over,
});

const job = (id: number, name: string): Job => ({ id, name, conclusion: 'failure' }) as unknown as Job;

function facts(over: Partial<TicketFacts> = {}): TicketFacts {
  return {
    repo: 'acme/web',
    attempts: [
      attempt(1, 1),
      attempt(1, 2, { conclusion: 'success', cause: null }),
      attempt(2, 1, { cause: 'unknown' }),
    ],
    runs: [
      { id: 1, triggering_actor: { login: 'mika' } },
      { id: 2, actor: { login: 'lchen' } },
    ] as unknown as TicketFacts['runs'],
    jobsByAttempt: new Map(),
    evidence: new Map([
      [
        '1:1',
        {
          evidence: ['read ECONNRESET'],
          jobs: [{ job: job(11, 'test'), annotations: [], logTail: 'x\nError: read ECONNRESET\n', secretMasked: true }],
        },
      ],
      [
        '2:1',
        {
          evidence: [],
          jobs: [{ job: job(21, 'build'), annotations: [], logTail: null, logUnavailable: 'expired (410)' }],
        },
      ],
    ]),
    logFiles: new Map([[11, { file: 'logs/job-11.log', text: 'x\nError: read ECONNRESET\n' }]]),
    history: [
      {
        repo: 'acme/web',
        runId: 1,
        attempt: 1,
        workflowName: 'CI',
        cause: 'network',
        transient: true,
        decision: 'rerun',
        reason: 'network is transient',
        delayMs: 5_000,
        act: { kind: 'requested', attempt: 2 },
        evidence: [],
        decidedAt: '2026-12-01T01:06:00.000Z',
      },
    ],
    artifacts: {
      downloaded: [
        { runId: 1, name: 'report', path: 'artifacts/1/report.zip', bytes: 10, sha256: 'f'.repeat(64), verified: true },
      ],
      skipped: [{ runId: 2, name: 'videos', reason: 'too_large' }],
      bytes: 10,
    },
    killSwitch: [
      {
        id: 7,
        scope: 'service',
        target: 'github:acme/web:CI',
        active: true,
        reason: 'storm',
        actor: 'ops',
        at: '2026-11-30T10:00:00.000Z',
      },
      {
        id: 8,
        scope: 'service',
        target: 'github:acme/web:E2E',
        active: true,
        reason: 'other',
        actor: 'ops',
        at: '2026-12-01T10:00:00.000Z',
      },
    ],
    transient: (cause) => cause === 'network',
    dateOf: (at) => at.slice(0, 10),
    date: '2026-12-01',
    ...over,
  };
}

describe('the audit items of a ticket', () => {
  it('failures: each failed attempt once, with its job, message, secret finding and whether its run recovered', () => {
    const occurrences = failureOccurrences(facts());
    expect(
      occurrences.map((o) => [o.runId, o.attempt, o.job, o.message, o.secretInLog, o.recovered, o.transient]),
    ).toEqual([
      [1, 1, 'test', 'read ECONNRESET', true, true, true],
      [2, 1, 'build', 'job "build" failure', false, false, false],
    ]);
  });

  it('runs: actor, artifacts with SHA-256, a log with its excerpt; expired logs and an over-cap artifact recorded as skipped', () => {
    const f = facts();
    const [first, second] = ticketRuns(f, failureOccurrences(f));
    expect(first).toMatchObject({
      runId: 1,
      actor: 'mika',
      durationMs: 290_000,
      artifacts: [
        {
          name: 'report',
          path: 'artifacts/1/report.zip',
          bytes: 10,
          sha256: 'f'.repeat(64),
          verified: true,
          skipped: null,
        },
      ],
      artifactsNote: null,
      logs: [{ file: 'logs/job-11.log', bytes: 25, excerpt: ['Error: read ECONNRESET'] }],
      logsNote: null,
    });
    expect(second).toMatchObject({
      runId: 2,
      actor: 'lchen',
      artifacts: [{ name: 'videos', path: null, skipped: 'too_large' }],
      logs: [],
      logsNote: 'skipped: logs expired (410)',
    });
  });

  it('without artifact collection, every run says so', () => {
    const f = facts({ artifacts: null });
    expect(ticketRuns(f, failureOccurrences(f)).map((r) => r.artifactsNote)).toEqual([
      'not collected (artifacts: none)',
      'not collected (artifacts: none)',
    ]);
  });

  it('retries: the re-run id, count, interval and what the re-run did', () => {
    const f = facts();
    expect(ticketRetries(f, failureOccurrences(f))).toEqual([
      {
        rerunId: '1#2',
        originalRunId: 1,
        attempt: 1,
        count: 1,
        reason: 'network is transient',
        result: 're-run requested (attempt 2)',
        intervalMs: 5_000,
        at: '2026-12-01T01:06:00.000Z',
        outcome: 'succeeded',
      },
    ]);
  });

  it('kill switch: the changes that covered the workflow, with the day log that has them', () => {
    expect(ticketKillSwitch(facts(), 'CI')).toEqual([
      {
        at: '2026-11-30T10:00:00.000Z',
        actor: 'ops',
        reason: 'storm',
        scope: 'service',
        target: 'github:acme/web:CI',
        active: true,
        log: '../2026-11-30/logs/killswitch_log_20261130.log',
        notification: null,
      },
    ]);
  });
});
