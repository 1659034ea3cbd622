import { header, type HeaderBag } from './headers.js';
import { hmacSha256, sameBytes } from './hmac.js';
import type { SignatureStyle } from './sign.js';

export const DEFAULT_TOLERANCE_MS = 5 * 60_000;

export interface VerifyOptions {
  readonly headers: HeaderBag;
  /** The raw body bytes as received (never a parsed and re-serialised body). */
  readonly body: Uint8Array;
  /** Every secret currently accepted: more than one during a rotation. */
  readonly secrets: readonly string[];
  /** Which header styles this source may use (default both). */
  readonly styles?: readonly SignatureStyle[];
  /** How far `webhook-timestamp` may be from now, either way (default 5 minutes). */
  readonly toleranceMs?: number;
  readonly now: Date;
}

export type VerifyFailureReason =
  | 'missing_signature'
  | 'missing_id'
  | 'missing_timestamp'
  | 'malformed_timestamp'
  | 'stale_timestamp'
  | 'bad_signature';

export type VerifyResult =
  | {
      readonly ok: true;
      readonly style: SignatureStyle;
      /** `webhook-id`, or `X-GitHub-Delivery` (null when a GitHub-style sender sent none). */
      readonly id: string | null;
      /** The signed time (standard style only). */
      readonly timestamp: Date | null;
    }
  | {
      readonly ok: false;
      readonly reason: VerifyFailureReason;
      /** 400 for a malformed request, 401 for one that fails authentication. */
      readonly status: 400 | 401;
      readonly message: string;
    };

const fail = (reason: VerifyFailureReason, status: 400 | 401, message: string): VerifyResult => ({
  ok: false,
  reason,
  status,
  message,
});

function verifyStandard(options: VerifyOptions, signatureHeader: string): VerifyResult {
  const id = header(options.headers, 'webhook-id');
  const rawTimestamp = header(options.headers, 'webhook-timestamp');
  if (id === null) return fail('missing_id', 400, 'the webhook-id header is missing');
  if (rawTimestamp === null) return fail('missing_timestamp', 400, 'the webhook-timestamp header is missing');
  if (!/^\d{1,12}$/.test(rawTimestamp)) {
    return fail('malformed_timestamp', 400, 'webhook-timestamp must be whole seconds since the epoch');
  }
  const timestamp = new Date(Number(rawTimestamp) * 1000);
  const tolerance = options.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  if (Math.abs(options.now.getTime() - timestamp.getTime()) > tolerance) {
    return fail('stale_timestamp', 401, `webhook-timestamp is more than ${Math.round(tolerance / 1000)} s from now`);
  }
  // `v1,<base64>` entries separated by spaces: several while the sender rotates its secret.
  const offered = signatureHeader
    .split(' ')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'));
  const matches = options.secrets.some((secret) => {
    const expected = hmacSha256(secret, `${id}.${rawTimestamp}.`, options.body);
    return offered.some((candidate) => sameBytes(candidate, expected));
  });
  return matches
    ? { ok: true, style: 'standard', id, timestamp }
    : fail('bad_signature', 401, 'webhook-signature does not match the body with any accepted secret');
}

function verifyGitHub(options: VerifyOptions, signatureHeader: string): VerifyResult {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signatureHeader);
  const offered = match?.[1] ? Buffer.from(match[1], 'hex') : null;
  const matches =
    offered !== null && options.secrets.some((secret) => sameBytes(offered, hmacSha256(secret, options.body)));
  return matches
    ? { ok: true, style: 'github', id: header(options.headers, 'x-github-delivery'), timestamp: null }
    : fail('bad_signature', 401, 'X-Hub-Signature-256 does not match the body with any accepted secret');
}

/**
 * Checks a delivery's HMAC-SHA256 signature over the raw body in either header style, in
 * constant time, against every accepted secret. Standard Webhooks headers win when both are
 * present. Pure apart from HMAC: the time is passed in.
 */
export function verifyDelivery(options: VerifyOptions): VerifyResult {
  const styles = options.styles ?? ['standard', 'github'];
  const standard = styles.includes('standard') ? header(options.headers, 'webhook-signature') : null;
  if (standard !== null) return verifyStandard(options, standard);
  const github = styles.includes('github') ? header(options.headers, 'x-hub-signature-256') : null;
  if (github !== null) return verifyGitHub(options, github);
  const names = styles.map((s) => (s === 'standard' ? 'webhook-signature' : 'X-Hub-Signature-256')).join(' or ');
  return fail('missing_signature', 400, `the request has no ${names} header`);
}
