import { randomUUID } from 'node:crypto';
import { hmacSha256 } from './hmac.js';

export type SignatureStyle = 'standard' | 'github';

export interface SignOptions {
  /** The exact bytes that will be sent; the signature covers them, not a re-serialisation. */
  readonly body: string | Uint8Array;
  readonly secret: string;
  /** `standard` (Standard Webhooks, default) or `github` (`X-Hub-Signature-256`). */
  readonly style?: SignatureStyle;
  /** The delivery id (`webhook-id`; GitHub style: `X-GitHub-Delivery`); default a random UUID. */
  readonly id?: string;
  /** Standard style: the signing time (`webhook-timestamp`); default now. */
  readonly timestamp?: Date;
  /** Also send `Idempotency-Key` (it wins over the delivery id at the intake). */
  readonly idempotencyKey?: string;
}

/**
 * The headers that make `body` a valid delivery for OpsGuard's intake (and for any Standard
 * Webhooks or GitHub-style receiver): what `opsguard sign` prints and what tests send.
 */
export function signPayload(options: SignOptions): Record<string, string> {
  const id = options.id ?? randomUUID();
  const extra = options.idempotencyKey !== undefined ? { 'idempotency-key': options.idempotencyKey } : {};
  if (options.style === 'github') {
    return {
      'x-hub-signature-256': `sha256=${hmacSha256(options.secret, options.body).toString('hex')}`,
      'x-github-delivery': id,
      ...extra,
    };
  }
  const timestamp = Math.floor((options.timestamp ?? new Date()).getTime() / 1000).toString();
  const signature = hmacSha256(options.secret, `${id}.${timestamp}.`, options.body).toString('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}`, ...extra };
}
