import type { ChannelResult, Notification, NotificationChannel } from './message.js';

/** The last resort: the job log (or the terminal). Never fails. */
export function createLogChannel(write: (line: string) => void): NotificationChannel {
  return {
    name: 'log',
    async send(n: Notification): Promise<ChannelResult> {
      write(`[${n.severity}] ${n.title}`);
      for (const line of n.lines) write(`  ${line}`);
      return { channel: 'log', detail: 'written to the log' };
    },
  };
}
