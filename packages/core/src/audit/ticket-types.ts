import type { RiskAssessment, RiskLevel } from './audit-rules.js';
import type { FailureClassification } from './classify-failure.js';
import type { ClusterKey } from './fingerprint.js';

/** One failed attempt, as the audit generator clusters it. */
export interface FailureOccurrence {
  readonly runId: number;
  readonly attempt: number;
  readonly workflowName: string;
  /** The failed job (the first that failed for this cause); null when the jobs were not read. */
  readonly job: string | null;
  readonly cause: string;
  readonly transient: boolean;
  /** The sanitised evidence line (or API error message) that shows why. */
  readonly message: string;
  /** HTTP status of the API error, when the failure is one. */
  readonly status: number | null;
  /** UTC ISO-8601: when the attempt finished. */
  readonly at: string;
  readonly url: string;
  readonly branch: string | null;
  /** The sanitiser masked a secret in a log read for this attempt. */
  readonly secretInLog: boolean;
  /** The run's last attempt succeeded (a re-run fixed it). */
  readonly recovered: boolean;
}

/** Where counting stopped: occurrences at or before it were counted on an earlier day. */
export interface OccurrenceMark {
  readonly at: string;
  readonly runId: number;
  readonly attempt: number;
}

export interface TicketArtifact {
  readonly name: string;
  /** Inside the bundle; null when skipped. */
  readonly path: string | null;
  readonly bytes: number | null;
  readonly sha256: string | null;
  /** The SHA-256 matched GitHub's digest. */
  readonly verified: boolean;
  /** Why it is not in the bundle (expired, too_large, …); null when collected. */
  readonly skipped: string | null;
}

export interface TicketLog {
  /** Inside the bundle, `/`-separated. */
  readonly file: string;
  readonly bytes: number;
  /** A few sanitised lines around the failure. */
  readonly excerpt: readonly string[];
}

/** The run audit items of the specification. */
export interface TicketRun {
  readonly runId: number;
  readonly attempt: number;
  readonly url: string;
  /** UTC ISO-8601: when the attempt started (created when it never started). */
  readonly at: string;
  readonly actor: string | null;
  readonly conclusion: string | null;
  readonly durationMs: number | null;
  readonly branch: string | null;
  readonly artifacts: readonly TicketArtifact[];
  /** Why artifacts are absent (`not collected`, `listing failed`), null when listed. */
  readonly artifactsNote: string | null;
  readonly logs: readonly TicketLog[];
  /** Why no log is attached (`logs expired`, `not read: annotations decided`), null when one is. */
  readonly logsNote: string | null;
}

/** The retry audit items. GitHub keeps the run id across re-runs: a re-run is `run#attempt`. */
export interface TicketRetry {
  readonly rerunId: string;
  readonly originalRunId: number;
  /** The attempt that failed and was re-run. */
  readonly attempt: number;
  /** Re-runs OpsGuard requested for this run so far. */
  readonly count: number;
  readonly reason: string;
  readonly result: string | null;
  readonly intervalMs: number;
  /** UTC ISO-8601 of the decision. */
  readonly at: string;
  readonly outcome: 'succeeded' | 'failed' | 'pending' | 'not_rerun';
}

/** The error audit items. */
export interface TicketError {
  /** HTTP status when the failure carried one. */
  readonly code: number | null;
  readonly message: string;
  readonly at: string;
  readonly runId: number;
  readonly classes: readonly string[];
  readonly risk: RiskLevel;
}

/** The kill-switch audit items: a change of a switch that covers this ticket's workflow. */
export interface TicketKillSwitch {
  readonly at: string;
  readonly actor: string;
  readonly reason: string;
  readonly scope: string;
  readonly target: string;
  readonly active: boolean;
  /** The day log that records it, inside the bundle. */
  readonly log: string;
  /** What the notification of the change did (channel and detail), null when none was sent. */
  readonly notification: string | null;
}

export interface TicketIssue {
  readonly number: number;
  readonly url: string;
}

/** One audit ticket: one failure cluster, kept across days under one id. */
export interface AuditTicket {
  readonly schemaVersion: 1;
  /** `audit_ticket_YYYYMMDD_HHMMSS`: the first occurrence, in the report time zone. */
  readonly id: string;
  readonly fingerprint: string;
  readonly repo: string;
  readonly title: string;
  readonly status: 'open' | 'recovered';
  readonly cluster: ClusterKey;
  readonly classification: FailureClassification;
  readonly risk: RiskAssessment;
  /** Every occurrence counted, all days together. */
  readonly occurrences: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  /** The report dates on which new occurrences were counted. */
  readonly seenOn: readonly string[];
  readonly watermark: OccurrenceMark;
  /** This report's window and what it added. */
  readonly period: {
    readonly date: string;
    readonly from: string;
    readonly to: string;
    readonly occurrences: number;
    readonly newOccurrences: number;
  };
  readonly runs: readonly TicketRun[];
  readonly retries: readonly TicketRetry[];
  readonly error: TicketError;
  readonly killSwitch: readonly TicketKillSwitch[];
  /** The GitHub issue opened for it (high and critical tickets, when turned on). */
  readonly issue: TicketIssue | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}
