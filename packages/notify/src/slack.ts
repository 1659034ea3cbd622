import type { ChannelResult, Notification, NotificationChannel } from './message.js';

export interface SlackOptions {
  /** Incoming-webhook URL: a secret, never printed (errors name only the host). */
  readonly webhookUrl: string;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Slack allows about one message per second per webhook. */
  readonly minIntervalMs?: number;
  readonly fetch?: typeof fetch;
}

export class SlackDeliveryError extends Error {
  override readonly name = 'SlackDeliveryError';
  readonly status: number | null;
  /** Unreachable, 429 or 5xx: the same message may go through later (the guard retries it). */
  readonly transient: boolean;
  /** Slack's `Retry-After` on a 429, in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, status: number | null, retryAfterMs?: number) {
    super(message);
    this.status = status;
    this.transient = status === null || status === 429 || status >= 500;
    this.retryAfterMs = retryAfterMs;
  }
}

function retryAfterMsOf(header: string | null): number | undefined {
  const seconds = Number(header ?? '');
  return header !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

const EMOJI = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const;

/** Block Kit: a header, a section of lines, and link buttons (at most 5). */
export function slackBlocks(n: Notification): Record<string, unknown> {
  const text = `${EMOJI[n.severity]} ${n.title}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150), emoji: true } },
  ];
  if (n.lines.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: n.lines
          .map((l) => `• ${l}`)
          .join('\n')
          .slice(0, 3000),
      },
    });
  }
  if (n.links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: n.links.slice(0, 5).map((l, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: l.text.slice(0, 75) },
        url: l.url,
        action_id: `link_${i}`,
      })),
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `OpsGuard · ${n.kind} · \`${n.fingerprint}\`` }] });
  return { text, blocks };
}

export function createSlackChannel(options: SlackOptions): NotificationChannel {
  const minInterval = options.minIntervalMs ?? 1_000;
  const send = options.fetch ?? fetch;
  let lastSentAt = -Infinity;
  const host = (() => {
    try {
      return new URL(options.webhookUrl).host;
    } catch {
      return 'the webhook';
    }
  })();
  return {
    name: 'slack',
    async send(notification: Notification): Promise<ChannelResult> {
      const wait = lastSentAt + minInterval - options.now();
      if (wait > 0) await options.sleep(wait);
      lastSentAt = options.now();
      let response: Response;
      try {
        response = await send(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(slackBlocks(notification)),
        });
      } catch (error) {
        throw new SlackDeliveryError(`Slack unreachable at ${host}: ${(error as Error).message}`, null);
      }
      const body = await response.text();
      if (!response.ok)
        throw new SlackDeliveryError(
          `Slack answered ${response.status} (${body.slice(0, 100)})`,
          response.status,
          retryAfterMsOf(response.headers.get('retry-after')),
        );
      return { channel: 'slack', detail: `message posted to ${host}` };
    },
  };
}
