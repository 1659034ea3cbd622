import { assessRisk, type AuditRules } from './audit-rules.js';
import { classifyFailure } from './classify-failure.js';
import { compareMarks, markOf, occurrencesAfter, type FailureCluster } from './cluster-failures.js';
import type {
  AuditTicket,
  FailureOccurrence,
  TicketIssue,
  TicketKillSwitch,
  TicketRetry,
  TicketRun,
} from './ticket-types.js';

/** `YYYYMMDD_HHMMSS` of an instant in a time zone (the ticket file's stamp). */
export function ticketStamp(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}_${get('hour')}${get('minute')}${get('second')}`;
}

/**
 * The id of a new ticket: `audit_ticket_` + the stamp of its first occurrence. `bump` seconds are
 * added when another ticket already holds that id (two clusters that began in the same second).
 */
export function newTicketId(firstAt: string, timeZone: string, bump = 0): string {
  return `audit_ticket_${ticketStamp(new Date(Date.parse(firstAt) + bump * 1000), timeZone)}`;
}

export const TICKET_ID = /^audit_ticket_\d{8}_\d{6}$/;

export interface TicketInput {
  readonly repo: string;
  readonly cluster: FailureCluster;
  /** The same fingerprint's ticket from the store or an earlier day's bundle. */
  readonly prior: AuditTicket | null;
  /** Used when there is no prior ticket. */
  readonly id: string;
  readonly rules: AuditRules;
  /** The report folder's date and window. */
  readonly period: { readonly date: string; readonly from: string; readonly to: string };
  readonly runs: readonly TicketRun[];
  readonly retries: readonly TicketRetry[];
  readonly killSwitch: readonly TicketKillSwitch[];
  readonly issue: TicketIssue | null;
  readonly now: Date;
}

const last = <T>(items: readonly T[]): T => items[items.length - 1] as T;

function titleOf(cluster: FailureCluster): string {
  const where = cluster.key.job ? `${cluster.key.workflow} / ${cluster.key.job}` : cluster.key.workflow;
  return `${where}: ${cluster.key.cause}`;
}

/**
 * The ticket for a cluster: a new one, or the prior one updated — same id, occurrences after its
 * watermark added (an attempt counted yesterday is not counted again today, however the windows
 * overlap), risk assessed again on the whole. Pure: same input, same ticket.
 */
export function buildTicket(input: TicketInput): AuditTicket {
  const { cluster, prior } = input;
  const fresh = occurrencesAfter(cluster, prior?.watermark ?? null);
  const newest = last(cluster.occurrences);
  const first = cluster.occurrences[0] as FailureOccurrence;
  const watermark = prior && compareMarks(prior.watermark, markOf(newest)) > 0 ? prior.watermark : markOf(newest);
  const occurrences = (prior?.occurrences ?? 0) + fresh.length;
  const classification = classifyFailure({
    status: newest.status,
    message: newest.message,
    cause: cluster.key.cause,
    transient: newest.transient,
  });
  const recovered = cluster.occurrences.every((o) => o.recovered);
  const secretInLog = cluster.occurrences.some((o) => o.secretInLog);
  const risk = assessRisk(input.rules, {
    classification,
    workflow: cluster.key.workflow,
    branches: [...new Set(cluster.occurrences.map((o) => o.branch).filter((b): b is string => b !== null))],
    recovered,
    // A secret seen on an earlier day stays a finding until someone closes the ticket.
    secretInLog: secretInLog || prior?.risk.rule === 'secret-in-log',
    occurrences,
  });
  const seenOn = new Set(prior?.seenOn ?? []);
  if (fresh.length > 0) seenOn.add(input.period.date);
  const firstSeenAt = prior && prior.firstSeenAt < first.at ? prior.firstSeenAt : first.at;
  const lastSeenAt = prior && prior.lastSeenAt > newest.at ? prior.lastSeenAt : newest.at;
  return {
    schemaVersion: 1,
    id: prior?.id ?? input.id,
    fingerprint: cluster.fingerprint,
    repo: input.repo,
    title: titleOf(cluster),
    status: recovered ? 'recovered' : 'open',
    cluster: cluster.key,
    classification,
    risk,
    occurrences,
    firstSeenAt,
    lastSeenAt,
    seenOn: [...seenOn].sort(),
    watermark,
    period: { ...input.period, occurrences: cluster.occurrences.length, newOccurrences: fresh.length },
    runs: input.runs,
    retries: input.retries,
    error: {
      code: classification.http?.status ?? null,
      message: newest.message,
      at: newest.at,
      runId: newest.runId,
      classes: classification.classes,
      risk: risk.level,
    },
    killSwitch: input.killSwitch,
    issue: input.issue ?? prior?.issue ?? null,
    createdAt: prior?.createdAt ?? input.now.toISOString(),
    updatedAt: input.now.toISOString(),
  };
}
