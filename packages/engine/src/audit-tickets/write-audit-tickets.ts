import {
  atLeast,
  buildTicket,
  clusterFailures,
  newTicketId,
  toError,
  type AuditRules,
  type AuditTicket,
  type FailureCluster,
  type TicketIssue,
} from '@opsguard/core';
import { readTicketHistory, type TicketSource } from '@opsguard/evidence';
import type { Guard } from '@opsguard/guard';
import type { IssueChannel, Notification } from '@opsguard/notify';
import type { AuditTicketStore, Store } from '@opsguard/store';
import { notifyAll, type RecordedDelivery } from '../notify-outcomes.js';
import {
  failureOccurrences,
  ticketKillSwitch,
  ticketRetries,
  ticketRuns,
  type TicketFacts,
} from './failure-occurrences.js';

export interface AuditTicketDeps {
  readonly repo: string;
  readonly rules: AuditRules;
  /** The tickets table (null: store-less, the earlier days' bundles are the history). */
  readonly tickets: AuditTicketStore | null;
  /** `…/reports`: the earlier days' bundles are read from here. */
  readonly reportsDir: string;
  readonly date: string;
  readonly timeZone: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

interface Prior {
  readonly ticket: AuditTicket;
  /** The stored row's version, for compare-and-set; null when the prior came from files. */
  readonly version: number | null;
}

const MAX_SAVE_TRIES = 8;
const LEVEL_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

function newest(...candidates: (Prior | null)[]): Prior | null {
  let best: Prior | null = null;
  for (const c of candidates) {
    if (c && (!best || c.ticket.updatedAt > best.ticket.updatedAt)) best = c;
  }
  return best;
}

function build(
  deps: AuditTicketDeps,
  facts: TicketFacts,
  cluster: FailureCluster,
  prior: AuditTicket | null,
  bump: number,
  issue: TicketIssue | null,
): AuditTicket {
  return buildTicket({
    repo: deps.repo,
    cluster,
    prior,
    id: newTicketId(cluster.occurrences[0]?.at ?? deps.window.to, deps.timeZone, bump),
    rules: deps.rules,
    period: { date: deps.date, ...deps.window },
    runs: ticketRuns(facts, cluster.occurrences),
    retries: ticketRetries(facts, cluster.occurrences),
    killSwitch: ticketKillSwitch(facts, cluster.key.workflow),
    issue,
    now: deps.now(),
  });
}

async function storedPriors(deps: AuditTicketDeps, fingerprints: readonly string[]): Promise<Map<string, Prior>> {
  if (!deps.tickets) return new Map();
  try {
    const found = await deps.tickets.findTickets(deps.repo, fingerprints);
    return new Map([...found].map(([fp, s]) => [fp, { ticket: s.ticket, version: s.version }]));
  } catch (error) {
    deps.log(`audit tickets: the store could not be read (${toError(error).message}); using the bundles' history`);
    return new Map();
  }
}

/**
 * Saves through compare-and-set: a writer that lost a race reads the winner's ticket and merges
 * again (its occurrences counted once); a new ticket whose id another cluster holds takes the
 * next second's id. A store that fails is logged; the ticket is still written to the bundle.
 */
async function save(
  deps: AuditTicketDeps,
  store: AuditTicketStore,
  facts: TicketFacts,
  cluster: FailureCluster,
  start: Prior | null,
  issue: TicketIssue | null,
): Promise<AuditTicket> {
  let prior = start;
  let bump = 0;
  let ticket = build(deps, facts, cluster, prior?.ticket ?? null, bump, issue);
  for (let tries = 0; tries < MAX_SAVE_TRIES; tries++) {
    const result = await store.saveTicket(deps.repo, ticket, prior?.version ?? 0, deps.now());
    if (result.saved) return ticket;
    if (result.reason === 'id_taken') bump++;
    else prior = (await storedPriors(deps, [cluster.fingerprint])).get(cluster.fingerprint) ?? null;
    ticket = build(deps, facts, cluster, prior?.ticket ?? null, bump, issue);
  }
  deps.log(`audit tickets: ${ticket.id} could not be saved after ${MAX_SAVE_TRIES} tries; written to the bundle only`);
  return ticket;
}

/**
 * The day's tickets: one per failure cluster of the window, merged with the same cluster's ticket
 * from today's folder, the store or the earlier days' bundles (whichever is newest), so its id
 * stays and each attempt is counted once across days.
 */
export async function buildAuditTickets(
  deps: AuditTicketDeps,
  facts: TicketFacts,
  todays: ReadonlyMap<string, AuditTicket>,
  issues: ReadonlyMap<string, TicketIssue> = new Map(),
  persist = true,
): Promise<AuditTicket[]> {
  const clusters = clusterFailures(failureOccurrences(facts));
  if (clusters.length === 0) return [];
  const history = await readTicketHistory(deps.reportsDir, deps.date, 60);
  const stored = await storedPriors(
    deps,
    clusters.map((c) => c.fingerprint),
  );
  // Ids held by other clusters (store-less): a new ticket never takes one.
  const taken = new Map<string, string>();
  for (const t of [...history.values(), ...todays.values()]) taken.set(t.id, t.fingerprint);
  const tickets: AuditTicket[] = [];
  for (const cluster of clusters) {
    const fromFiles = (t: AuditTicket | undefined): Prior | null => (t ? { ticket: t, version: null } : null);
    const prior = newest(
      stored.get(cluster.fingerprint) ?? null,
      fromFiles(todays.get(cluster.fingerprint)),
      fromFiles(history.get(cluster.fingerprint)),
    );
    // A stored row keeps its version even when a file is newer, so compare-and-set still works.
    const start =
      prior && stored.has(cluster.fingerprint)
        ? { ...prior, version: stored.get(cluster.fingerprint)?.version ?? null }
        : prior;
    const issue = issues.get(cluster.fingerprint) ?? null;
    let ticket: AuditTicket;
    if (deps.tickets && persist) {
      try {
        ticket = await save(deps, deps.tickets, facts, cluster, start, issue);
      } catch (error) {
        deps.log(
          `audit tickets: store refused ${cluster.fingerprint.slice(0, 12)} (${toError(error).message}); bundle only`,
        );
        ticket = build(deps, facts, cluster, start?.ticket ?? null, 0, issue);
      }
    } else {
      let bump = 0;
      ticket = build(deps, facts, cluster, start?.ticket ?? null, bump, issue);
      while (!start && taken.has(ticket.id) && taken.get(ticket.id) !== cluster.fingerprint) {
        ticket = build(deps, facts, cluster, null, ++bump, issue);
      }
    }
    taken.set(ticket.id, cluster.fingerprint);
    tickets.push(ticket);
  }
  return tickets;
}

/** The bundle writer's ticket source: built under the bundle lock, with the issues opened before. */
export function auditTicketSource(
  deps: AuditTicketDeps,
  facts: TicketFacts,
  issues: ReadonlyMap<string, TicketIssue>,
  onBuilt: (tickets: readonly AuditTicket[]) => void = () => undefined,
): TicketSource {
  return async (todays) => {
    const tickets = await buildAuditTickets(deps, facts, todays, issues);
    onBuilt(tickets);
    return tickets;
  };
}

export interface TicketIssueDeps {
  readonly guard: Guard;
  readonly repo: string;
  /** The issue channel for tickets (its own label, so recovery never closes them); null → none. */
  readonly channel: IssueChannel | null;
  readonly dryRun: boolean;
  readonly store: Store;
  readonly rules: AuditRules;
  /** Where the day's bundle is, as the issue names it (`reports/YYYY-MM-DD`). */
  readonly bundlePath: string;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

export function ticketNotification(ticket: AuditTicket, bundlePath: string): Notification {
  const http = ticket.classification.http;
  return {
    fingerprint: `audit-ticket:${ticket.fingerprint}`,
    kind: 'failure',
    severity: ticket.risk.level === 'critical' ? 'critical' : 'warning',
    title: `${ticket.risk.level.toUpperCase()} ${ticket.title}`,
    lines: [
      `risk ${ticket.risk.level} by rule ${ticket.risk.rule}: ${ticket.risk.reason}`,
      `classified by HTTP status: ${http ? `${http.class}${http.status !== null ? ` (${http.status})` : ''}` : 'none'}; by cause: ${ticket.classification.cause.name}`,
      `${ticket.occurrences} occurrence(s) since ${ticket.firstSeenAt}, ${ticket.period.newOccurrences} new`,
      `error: ${ticket.error.message}`,
    ],
    links: ticket.runs.slice(-3).map((r) => ({ text: `run ${r.runId}`, url: r.url })),
    auditTicket: { id: ticket.id, path: `${bundlePath}/audit_tickets/${ticket.id}.md` },
  };
}

/**
 * One GitHub issue per ticket at or above `issueMinLevel` (config/audit-rules.json), through the
 * notification layer and the guard: a new ticket opens one, new occurrences of a ticket that has
 * one comment on it. Returns the issue of each ticket that has one, by fingerprint.
 */
export interface TicketIssues {
  readonly issues: Map<string, TicketIssue>;
  /** What was sent and how each delivery went (for the notification log). */
  readonly notifications: readonly Notification[];
  readonly deliveries: readonly RecordedDelivery[];
}

export async function openTicketIssues(deps: TicketIssueDeps, drafts: readonly AuditTicket[]): Promise<TicketIssues> {
  const issues = new Map<string, TicketIssue>();
  for (const t of drafts) if (t.issue) issues.set(t.fingerprint, t.issue);
  if (!deps.channel) return { issues, notifications: [], deliveries: [] };
  // Riskiest and most recent first: when the guard's rate limit stops the rest, these got theirs.
  const due = drafts
    .filter((t) => atLeast(t.risk.level, deps.rules.issueMinLevel) && (t.issue === null || t.period.newOccurrences > 0))
    .sort((a, b) => LEVEL_RANK[a.risk.level] - LEVEL_RANK[b.risk.level] || b.lastSeenAt.localeCompare(a.lastSeenAt));
  const notifications = due.map((t) => ticketNotification(t, deps.bundlePath));
  const deliveries = await notifyAll(
    {
      guard: deps.guard,
      repo: deps.repo,
      channels: [deps.channel],
      issues: null,
      dryRun: deps.dryRun,
      store: deps.store,
      now: deps.now,
      log: deps.log,
    },
    notifications,
  );
  due.forEach((t, i) => {
    const issue = deliveries[i]?.delivered?.issue;
    if (issue) issues.set(t.fingerprint, issue);
  });
  const linked = due.filter((t) => issues.has(t.fingerprint)).length;
  deps.log(`audit tickets: ${due.length} high/critical ticket(s) due an issue, ${linked} linked`);
  return { issues, notifications, deliveries };
}
