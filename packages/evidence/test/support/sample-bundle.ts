// A small, complete day's bundle for the verifier and concurrency tests: runs, a retry, a
// ticket, KPI documents and the day logs, written by the real writer.
import {
  buildTicket,
  clusterFailures,
  computeKpis,
  dailyTrends,
  lastZonedDays,
  newTicketId,
  type AuditRules,
  type FailureOccurrence,
} from '@opsguard/core';
import rulesJson from '../../../../config/audit-rules.json' with { type: 'json' };
import { appendCapabilityEvents, writeBundle, type BundleResult, type RunSummaryEntry } from '../../src/index.js';

export const NOW = new Date('2026-12-01T03:00:00Z');
export const DATE = '2026-12-01';
const RULES = rulesJson as AuditRules;

export const aRun = (over: Partial<RunSummaryEntry> = {}): RunSummaryEntry => ({
  runId: 7001,
  attempt: 1,
  workflowName: 'Deploy',
  event: 'push',
  actor: 'octocat',
  branch: 'main',
  headSha: 'a'.repeat(40),
  status: 'completed',
  conclusion: 'failure',
  createdAt: '2026-12-01T01:00:00.000Z',
  startedAt: '2026-12-01T01:00:05.000Z',
  updatedAt: '2026-12-01T01:06:00.000Z',
  durationMs: 355_000,
  queueMs: 5_000,
  url: `https://github.com/acme/webshop/actions/runs/${over.runId ?? 7001}`,
  cause: 'permission_403',
  ...over,
});

const occurrence = (r: RunSummaryEntry): FailureOccurrence => ({
  runId: r.runId,
  attempt: r.attempt,
  workflowName: r.workflowName,
  job: 'deploy',
  cause: r.cause ?? 'unknown',
  transient: false,
  message: 'HttpError: Resource not accessible by integration',
  status: 403,
  at: r.updatedAt,
  url: r.url,
  branch: r.branch,
  secretInLog: false,
  recovered: false,
});

/** Writes one writer's share of the day: `runs` plus a ticket over their failures. */
export async function writeSample(dir: string, runs: readonly RunSummaryEntry[], now = NOW): Promise<BundleResult> {
  const attempts = runs.map((r) => ({ ...r }));
  const failures = runs.filter((r) => r.conclusion === 'failure').map(occurrence);
  return writeBundle({
    dir,
    date: DATE,
    repo: 'acme/webshop',
    timeZone: 'Asia/Tokyo',
    now,
    window: { from: '2026-11-30T03:00:00.000Z', to: now.toISOString() },
    runs,
    retries: [],
    audit: [],
    anomalies: [],
    kpi: {
      report: computeKpis({ attempts, defaultBranch: 'main', opsguardReruns: new Set(), now, windowsDays: [1, 7] }),
      daily: dailyTrends(attempts, lastZonedDays(now, 7, 'Asia/Tokyo')),
      targets: { successRate: 0.95, p95DurationMinutes: 20, p95QueueMinutes: 2, mttrHours: 4, autoRecoveryRate: 0.7 },
    },
    logs: [],
    tickets: async (todays) =>
      clusterFailures(failures).map((cluster) =>
        buildTicket({
          repo: 'acme/webshop',
          cluster,
          prior: todays.get(cluster.fingerprint) ?? null,
          id: newTicketId(cluster.occurrences[0]?.at ?? '', 'Asia/Tokyo'),
          rules: RULES,
          period: { date: DATE, from: '2026-11-30T03:00:00.000Z', to: now.toISOString() },
          runs: cluster.occurrences.map((o) => ({
            runId: o.runId,
            attempt: o.attempt,
            url: o.url,
            at: o.at,
            actor: 'octocat',
            conclusion: 'failure',
            durationMs: 355_000,
            branch: o.branch,
            artifacts: [],
            artifactsNote: 'not collected (artifacts: none)',
            logs: [],
            logsNote: 'not read: the annotations decided',
          })),
          retries: [],
          killSwitch: [],
          issue: null,
          now,
        }),
      ),
    sanitize: (text) => text,
  });
}

export async function logEvent(dir: string, id: string): Promise<void> {
  await appendCapabilityEvents({
    bundleDir: dir,
    date: DATE,
    capability: 'detection',
    events: [{ at: NOW.toISOString(), event: 'anomaly', id, data: { rule: 'consecutive_failures' } }],
    sanitize: (text) => text,
    now: NOW,
  });
}
