export type NotificationSeverity = 'info' | 'warning' | 'critical';

/** One thing to tell people; channels render it their own way. */
export interface Notification {
  /** Stable for the same subject: deduplicates issues (comment instead of a new one). */
  readonly fingerprint: string;
  readonly kind: 'anomaly' | 'failure' | 'recovery' | 'kill-switch' | 'alarm' | 'ci-guard' | 'rollback';
  readonly severity: NotificationSeverity;
  readonly title: string;
  readonly lines: readonly string[];
  readonly links: readonly { readonly text: string; readonly url: string }[];
  /**
   * The audit ticket this notification is about (the notification layer's audit-ticket link):
   * the issue body names it with a marker, so ticket and issue are linked both ways.
   */
  readonly auditTicket?: AuditTicketLink;
}

export interface AuditTicketLink {
  /** `audit_ticket_YYYYMMDD_HHMMSS`. */
  readonly id: string;
  /** Where the ticket is: its path in the evidence bundle (`reports/…/audit_tickets/<id>.md`). */
  readonly path: string;
  /** A URL of the ticket when the bundle is published somewhere that has one. */
  readonly url?: string;
}

export interface ChannelResult {
  readonly channel: string;
  /** What was created or updated: a Slack message, issue #12, a comment. */
  readonly detail: string;
  /** The issue opened or commented on (the GitHub issue channel), for links back to it. */
  readonly issue?: { readonly number: number; readonly url: string };
}

/** A notification channel (Slack, GitHub issue, store, log). Throws when delivery fails. */
export interface NotificationChannel {
  readonly name: string;
  send(notification: Notification): Promise<ChannelResult>;
}
