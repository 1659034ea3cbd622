import { oneLine, safeUrl, slackCodeBlock, slackEscape } from './plain-text.js';
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

// Unicode, not `:shortcodes:`: every text object here is verbatim, so nothing is converted.
const EMOJI = { info: 'ℹ️', warning: '⚠️', critical: '🚨' } as const;

/** Slack mrkdwn shown as it is: no automatic links, channel names or mentions. */
const verbatim = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });

/** An inline code span of escaped text; a backtick inside would end it, so it becomes ˋ. */
const slackCode = (text: string) => `\`${slackEscape(oneLine(text) || ' ').replaceAll('`', '\u02cb')}\``;

/**
 * Block Kit for one notification. Titles, lines, link texts and fingerprints may carry text
 * from fork pull requests (annotation and log lines, workflow, job and step names), so each is
 * escaped (`&`, `<`, `>`, which Slack's formatting reference reserves), set in code, and marked
 * verbatim: no `<!channel>` or `<@U…>` pings, nothing becomes a link, no unfurled images. The
 * header and the notification text are OpsGuard's own words only.
 */
export function slackBlocks(n: Notification): Record<string, unknown> {
  const head = `${EMOJI[n.severity]} OpsGuard ${n.kind} (${n.severity})`;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: head, emoji: false } },
    { type: 'section', text: verbatim(slackCode(n.title.slice(0, 500))) },
  ];
  const lines = n.auditTicket ? [`audit ticket ${n.auditTicket.id} (${n.auditTicket.path})`, ...n.lines] : n.lines;
  if (lines.length > 0) {
    blocks.push({ type: 'section', text: verbatim(slackCodeBlock(lines)) });
  }
  const links = n.links.flatMap((l) => {
    const url = safeUrl(l.url);
    return url === null ? [] : [{ text: oneLine(l.text).slice(0, 75) || 'link', url }];
  });
  if (links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: links.slice(0, 5).map((l, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: l.text, emoji: false },
        url: l.url,
        action_id: `link_${i}`,
      })),
    });
  }
  blocks.push({ type: 'context', elements: [verbatim(`OpsGuard · ${n.kind} · ${slackCode(n.fingerprint)}`)] });
  return { text: head, blocks, unfurl_links: false, unfurl_media: false };
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
