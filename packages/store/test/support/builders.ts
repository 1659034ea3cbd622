import type { AuditRecord, JobRecord, NotificationRecord, RetryHistoryRecord, RunRecord } from '../../src/store.js';

export function aRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    repo: 'acme/web',
    runId: 1001,
    attempt: 1,
    workflowId: 7,
    workflowName: 'CI',
    event: 'push',
    actor: 'octocat',
    branch: 'main',
    headSha: 'abc123',
    status: 'completed',
    conclusion: 'failure',
    createdAt: '2026-11-20T10:00:00.000Z',
    startedAt: '2026-11-20T10:00:05.000Z',
    updatedAt: '2026-11-20T10:05:00.000Z',
    durationMs: 295_000,
    queueMs: 5_000,
    url: 'https://github.com/acme/web/actions/runs/1001',
    cause: 'network',
    ...overrides,
  };
}

export function aJob(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    repo: 'acme/web',
    jobId: 5001,
    runId: 1001,
    attempt: 1,
    name: 'build',
    status: 'completed',
    conclusion: 'failure',
    createdAt: '2026-11-20T10:00:01.000Z',
    startedAt: '2026-11-20T10:00:05.000Z',
    completedAt: '2026-11-20T10:04:00.000Z',
    runnerName: 'GitHub Actions 2',
    ...overrides,
  };
}

export function anAudit(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: 'audit-1',
    at: '2026-11-20T10:06:00.000Z',
    action: 'rerun-failed-jobs',
    service: 'github:acme/web:CI',
    target: 'acme/web#1001',
    idempotencyKey: 'rerun:1001:1',
    outcome: 'SUCCESS',
    reason: null,
    dryRun: false,
    actor: 'opsguard-test',
    attempts: 1,
    durationMs: 120,
    details: { runId: 1001 },
    ...overrides,
  };
}

export function aRetry(overrides: Partial<RetryHistoryRecord> = {}): RetryHistoryRecord {
  return {
    repo: 'acme/web',
    runId: 1001,
    attempt: 1,
    workflowName: 'CI',
    cause: 'network',
    transient: true,
    decision: 'rerun',
    reason: 'transient network failure',
    delayMs: 60_000,
    act: { kind: 'requested', attempt: 2 },
    evidence: ['ECONNRESET while fetching'],
    decidedAt: '2026-11-20T10:06:00.000Z',
    ...overrides,
  };
}

export function aNotification(overrides: Partial<NotificationRecord> = {}): NotificationRecord {
  return {
    repo: 'acme/web',
    fingerprint: 'failure:CI',
    kind: 'failure',
    severity: 'warning',
    title: 'CI failed: network',
    lines: ['run 1001 attempt 1: transient network failure', 'ECONNRESET while fetching'],
    links: [{ text: 'run 1001', url: 'https://github.com/acme/web/actions/runs/1001' }],
    channel: 'github-issue',
    delivered: true,
    error: 'slack: HTTP 500',
    createdAt: '2026-11-20T10:07:00.000Z',
    ...overrides,
  };
}
