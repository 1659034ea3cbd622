export type NotificationSeverity = 'info' | 'warning' | 'critical';

/** One thing to tell people; channels render it their own way. */
export interface Notification {
  /** Stable for the same subject: deduplicates issues (comment instead of a new one). */
  readonly fingerprint: string;
  readonly kind: 'anomaly' | 'failure' | 'recovery';
  readonly severity: NotificationSeverity;
  readonly title: string;
  readonly lines: readonly string[];
  readonly links: readonly { readonly text: string; readonly url: string }[];
}

export interface ChannelResult {
  readonly channel: string;
  /** What was created or updated: a Slack message, issue #12, a comment. */
  readonly detail: string;
}

/** A notification channel (Slack, GitHub issue, store, log). Throws when delivery fails. */
export interface NotificationChannel {
  readonly name: string;
  send(notification: Notification): Promise<ChannelResult>;
}
