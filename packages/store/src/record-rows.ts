import { describeRerunAct, isRefusalReason, type JsonValue, type RerunAct } from '@opsguard/core';
import {
  asRow,
  bool,
  iso,
  jsonObject,
  num,
  optIso,
  optJsonObject,
  optNum,
  optText,
  stringArray,
  text,
} from './row-values.js';
import type {
  AuditOutcome,
  AuditRecord,
  BreakerSnapshot,
  BreakerState,
  IdempotencyRecord,
  JobRecord,
  KillScope,
  KillSwitchState,
  NotificationKind,
  NotificationLink,
  NotificationRecord,
  NotificationSeverityLevel,
  RetryDecisionKind,
  RetryHistoryRecord,
  RunRecord,
} from './store.js';

/**
 * Records (camelCase) to and from table rows (snake_case). Shared by the SQL backends and the
 * Supabase backend, so all three store and read exactly the same columns.
 */
export type JsonRow = { [column: string]: JsonValue };
type Row = Readonly<Record<string, unknown>>;

function oneOf<T extends string>(value: string, allowed: readonly T[], column: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new TypeError(`store row: column ${column} has unknown value ${value}`);
  return found;
}

export function runToRow(run: RunRecord): JsonRow {
  return {
    repo: run.repo,
    run_id: run.runId,
    attempt: run.attempt,
    workflow_id: run.workflowId,
    workflow_name: run.workflowName,
    event: run.event,
    branch: run.branch,
    head_sha: run.headSha,
    actor: run.actor,
    status: run.status,
    conclusion: run.conclusion,
    created_at: run.createdAt,
    started_at: run.startedAt,
    updated_at: run.updatedAt,
    duration_ms: run.durationMs,
    queue_ms: run.queueMs,
    url: run.url,
    cause: run.cause,
  };
}

export function rowToRun(row: Row): RunRecord {
  return {
    repo: text(row, 'repo'),
    runId: num(row, 'run_id'),
    attempt: num(row, 'attempt'),
    workflowId: num(row, 'workflow_id'),
    workflowName: text(row, 'workflow_name'),
    event: text(row, 'event'),
    branch: optText(row, 'branch'),
    headSha: text(row, 'head_sha'),
    actor: optText(row, 'actor'),
    status: text(row, 'status'),
    conclusion: optText(row, 'conclusion'),
    createdAt: iso(row, 'created_at'),
    startedAt: optIso(row, 'started_at'),
    updatedAt: iso(row, 'updated_at'),
    durationMs: optNum(row, 'duration_ms'),
    queueMs: optNum(row, 'queue_ms'),
    url: text(row, 'url'),
    cause: optText(row, 'cause'),
  };
}

/** A run row's identity: GitHub keeps run_id across re-runs, so one row per attempt. */
export const runKey = (run: RunRecord): string => JSON.stringify([run.repo, run.runId, run.attempt]);

/** Job ids are unique across attempts (a re-run makes new jobs). */
export const jobKey = (job: JobRecord): string => JSON.stringify([job.repo, job.jobId]);

export function jobToRow(job: JobRecord): JsonRow {
  return {
    repo: job.repo,
    job_id: job.jobId,
    run_id: job.runId,
    attempt: job.attempt,
    name: job.name,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    runner_name: job.runnerName,
  };
}

export function retryToRow(record: RetryHistoryRecord): JsonRow {
  return {
    repo: record.repo,
    run_id: record.runId,
    attempt: record.attempt,
    workflow_name: record.workflowName,
    cause: record.cause,
    transient: record.transient,
    decision: record.decision,
    reason: record.reason,
    delay_ms: record.delayMs,
    act: actToJson(record.act),
    result: record.act === null ? null : describeRerunAct(record.act),
    evidence: [...record.evidence],
    decided_at: record.decidedAt,
  };
}

const DECISIONS: readonly RetryDecisionKind[] = ['rerun', 'skip', 'shadow', 'wait', 'recovered'];

export function rowToRetry(row: Row): RetryHistoryRecord {
  return {
    repo: text(row, 'repo'),
    runId: num(row, 'run_id'),
    attempt: num(row, 'attempt'),
    workflowName: text(row, 'workflow_name'),
    cause: text(row, 'cause'),
    transient: bool(row, 'transient'),
    decision: oneOf(text(row, 'decision'), DECISIONS, 'decision'),
    reason: text(row, 'reason'),
    delayMs: num(row, 'delay_ms'),
    act: actOf(row['act']),
    evidence: stringArray(row, 'evidence'),
    decidedAt: iso(row, 'decided_at'),
  };
}

function actToJson(act: RerunAct | null): JsonValue {
  if (act === null) return null;
  switch (act.kind) {
    case 'requested':
      return { kind: act.kind, attempt: act.attempt };
    case 'refused':
      return { kind: act.kind, reason: act.reason, message: act.message };
    case 'failed':
      return { kind: act.kind, message: act.message, mayHaveActed: act.mayHaveActed };
  }
}

/** The `act` column (jsonb; Supabase and pg hand it over parsed, PGlite too). */
export function actOf(value: unknown): RerunAct | null {
  const raw: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (raw === null || raw === undefined) return null;
  const record = asRow(raw, 'act');
  const kind = text(record, 'kind');
  if (kind === 'requested') return { kind, attempt: num(record, 'attempt') };
  if (kind === 'refused') {
    const reason = text(record, 'reason');
    if (!isRefusalReason(reason)) throw new TypeError(`store row: act.reason has unknown value ${reason}`);
    return { kind, reason, message: text(record, 'message') };
  }
  if (kind === 'failed') return { kind, message: text(record, 'message'), mayHaveActed: bool(record, 'mayHaveActed') };
  throw new TypeError(`store row: act.kind has unknown value ${kind}`);
}

export function notificationToRow(record: NotificationRecord): JsonRow {
  return {
    repo: record.repo,
    fingerprint: record.fingerprint,
    kind: record.kind,
    severity: record.severity,
    title: record.title,
    lines: [...record.lines],
    links: record.links.map((link) => ({ text: link.text, url: link.url })),
    channel: record.channel,
    delivered: record.delivered,
    error: record.error,
    created_at: record.createdAt,
  };
}

const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'anomaly',
  'failure',
  'recovery',
  'kill-switch',
  'alarm',
  'ci-guard',
  'rollback',
];
const SEVERITIES: readonly NotificationSeverityLevel[] = ['info', 'warning', 'critical'];

function links(row: Row, column: string): NotificationLink[] {
  const raw = row[column];
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (!Array.isArray(value)) throw new TypeError(`store row: column ${column} should be a json array of links`);
  return value.map((item: unknown) => {
    const link = asRow(item, `column ${column}`);
    return { text: text(link, 'text'), url: text(link, 'url') };
  });
}

export function rowToNotification(row: Row): NotificationRecord {
  return {
    repo: text(row, 'repo'),
    fingerprint: text(row, 'fingerprint'),
    kind: oneOf(text(row, 'kind'), NOTIFICATION_KINDS, 'kind'),
    severity: oneOf(text(row, 'severity'), SEVERITIES, 'severity'),
    title: text(row, 'title'),
    lines: stringArray(row, 'lines'),
    links: links(row, 'links'),
    channel: optText(row, 'channel'),
    delivered: bool(row, 'delivered'),
    error: optText(row, 'error'),
    createdAt: iso(row, 'created_at'),
  };
}

const OUTCOMES: readonly AuditOutcome[] = ['SUCCESS', 'FAILURE', 'SKIPPED'];

export function rowToAudit(row: Row): AuditRecord {
  return {
    id: text(row, 'id'),
    at: iso(row, 'at'),
    action: text(row, 'action'),
    service: text(row, 'service'),
    target: text(row, 'target'),
    idempotencyKey: text(row, 'idempotency_key'),
    outcome: oneOf(text(row, 'outcome'), OUTCOMES, 'outcome'),
    reason: optText(row, 'reason'),
    dryRun: bool(row, 'dry_run'),
    actor: text(row, 'actor'),
    attempts: num(row, 'attempts'),
    durationMs: num(row, 'duration_ms'),
    details: jsonObject(row, 'details'),
  };
}

const SCOPES: readonly KillScope[] = ['global', 'service', 'action'];

export function rowToKillSwitch(value: unknown): KillSwitchState {
  const row = asRow(value, 'kill switch');
  return {
    scope: oneOf(text(row, 'scope'), SCOPES, 'scope'),
    target: text(row, 'target'),
    active: bool(row, 'active'),
    reason: optText(row, 'reason'),
    updatedBy: optText(row, 'updated_by'),
    updatedAt: iso(row, 'updated_at'),
  };
}

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half_open'];

export function toBreakerState(value: string): BreakerState {
  return oneOf(value, BREAKER_STATES, 'state');
}

export function rowToBreaker(value: unknown): BreakerSnapshot {
  const row = asRow(value, 'circuit breaker');
  return {
    target: text(row, 'target'),
    state: toBreakerState(text(row, 'state')),
    consecutiveFailures: num(row, 'consecutive_failures'),
    consecutiveSuccesses: num(row, 'consecutive_successes'),
    openedAt: optIso(row, 'opened_at'),
    updatedAt: iso(row, 'updated_at'),
  };
}

const KEY_STATUSES: readonly IdempotencyRecord['status'][] = ['claimed', 'completed', 'failed'];

export function rowToIdempotency(value: unknown): IdempotencyRecord {
  const row = asRow(value, 'idempotency key');
  return {
    key: text(row, 'key'),
    scope: text(row, 'scope'),
    owner: text(row, 'owner'),
    status: oneOf(text(row, 'status'), KEY_STATUSES, 'status'),
    result: optJsonObject(row, 'result'),
    claimedAt: iso(row, 'claimed_at'),
    expiresAt: iso(row, 'expires_at'),
  };
}
