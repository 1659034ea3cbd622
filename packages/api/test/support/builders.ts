import type { RunRecord } from '@opsguard/store';

export function aRunRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  const runId = overrides.runId ?? 1001;
  return {
    repo: 'acme/web',
    runId,
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
    url: `https://github.com/acme/web/actions/runs/${runId}`,
    cause: 'network',
    ...overrides,
  };
}
