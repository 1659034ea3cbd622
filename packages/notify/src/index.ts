export type {
  AuditTicketLink,
  ChannelResult,
  Notification,
  NotificationChannel,
  NotificationSeverity,
} from './message.js';
export { createSlackChannel, slackBlocks, SlackDeliveryError, type SlackOptions } from './slack.js';
export { createIssueChannel, auditTicketOfIssue, type IssueApi, type IssueChannel } from './github-issue.js';
export { createLogChannel } from './log-channel.js';
export { deliver, type Delivery, type DeliveryAttempt, type GuardedSend } from './fallback-chain.js';
