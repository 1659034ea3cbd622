import { signPayload } from './sign.js';
import { verifyDelivery, type VerifyFailureReason } from './verify.js';

/**
 * A signed event carried in a `repository_dispatch` `client_payload`, for outside systems that
 * trigger a workflow directly through GitHub: the exact body text plus the Standard Webhooks
 * headers (4 of the 10 top-level keys GitHub allows). The receiving action verifies it with
 * the same code as the intake.
 */
export interface SignedDispatchPayload {
  readonly body: string;
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

export function signDispatchPayload(options: {
  readonly payload: unknown;
  readonly secret: string;
  readonly id?: string;
  readonly timestamp?: Date;
}): SignedDispatchPayload {
  const body = JSON.stringify(options.payload);
  const headers = signPayload({
    body,
    secret: options.secret,
    style: 'standard',
    ...(options.id !== undefined && { id: options.id }),
    ...(options.timestamp !== undefined && { timestamp: options.timestamp }),
  });
  return {
    body,
    'webhook-id': headers['webhook-id'] ?? '',
    'webhook-timestamp': headers['webhook-timestamp'] ?? '',
    'webhook-signature': headers['webhook-signature'] ?? '',
  };
}

export type DispatchVerifyResult =
  | { readonly ok: true; readonly id: string; readonly payload: unknown }
  | { readonly ok: false; readonly reason: VerifyFailureReason | 'malformed_payload'; readonly message: string };

const str = (record: Record<string, unknown>, key: string): string | undefined =>
  typeof record[key] === 'string' ? record[key] : undefined;

export function verifyDispatchPayload(options: {
  readonly clientPayload: unknown;
  readonly secrets: readonly string[];
  readonly toleranceMs?: number;
  readonly now: Date;
}): DispatchVerifyResult {
  const cp = options.clientPayload;
  if (cp === null || typeof cp !== 'object' || Array.isArray(cp)) {
    return { ok: false, reason: 'malformed_payload', message: 'client_payload is not an object' };
  }
  const record = cp as Record<string, unknown>;
  const body = str(record, 'body');
  if (body === undefined)
    return { ok: false, reason: 'malformed_payload', message: 'client_payload.body is not a string' };
  const result = verifyDelivery({
    headers: {
      'webhook-id': str(record, 'webhook-id'),
      'webhook-timestamp': str(record, 'webhook-timestamp'),
      'webhook-signature': str(record, 'webhook-signature'),
    },
    body: Buffer.from(body, 'utf8'),
    secrets: options.secrets,
    styles: ['standard'],
    ...(options.toleranceMs !== undefined && { toleranceMs: options.toleranceMs }),
    now: options.now,
  });
  if (!result.ok) return { ok: false, reason: result.reason, message: result.message };
  try {
    return { ok: true, id: result.id ?? '', payload: JSON.parse(body) as unknown };
  } catch {
    return { ok: false, reason: 'malformed_payload', message: 'client_payload.body is signed but is not JSON' };
  }
}
