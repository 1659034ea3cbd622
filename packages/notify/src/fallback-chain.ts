import type { ChannelResult, Notification, NotificationChannel } from './message.js';

export interface DeliveryAttempt {
  readonly channel: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface Delivery {
  readonly delivered: ChannelResult | null;
  readonly attempts: readonly DeliveryAttempt[];
}

/**
 * How a send is carried out: the caller passes the guard here, so every attempt is gated, rate
 * limited and audited like any other mutating call. Returns the result, or throws / returns null
 * when the guard refused.
 */
export type GuardedSend = (channel: NotificationChannel, notification: Notification) => Promise<ChannelResult | null>;

/** Tries each channel in order (Slack → issue → log) until one delivers; records every attempt. */
export async function deliver(
  channels: readonly NotificationChannel[],
  notification: Notification,
  send: GuardedSend,
): Promise<Delivery> {
  const attempts: DeliveryAttempt[] = [];
  for (const channel of channels) {
    try {
      const result = await send(channel, notification);
      if (result) {
        attempts.push({ channel: channel.name, ok: true, detail: result.detail });
        return { delivered: result, attempts };
      }
      attempts.push({ channel: channel.name, ok: false, detail: 'refused by the guard' });
    } catch (error) {
      attempts.push({
        channel: channel.name,
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { delivered: null, attempts };
}
