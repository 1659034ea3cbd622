import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signDispatchPayload, signPayload, verifyDelivery, verifyDispatchPayload } from '../src/index.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const SECRET = `whsec_${Buffer.from('a very secret key of 32 bytes!!!').toString('base64')}`;
const body = Buffer.from('{"budget":"monthly","threshold":80}');

describe('Standard Webhooks style', () => {
  it('matches the spec: base64 HMAC-SHA256 over "id.timestamp.body" with the decoded whsec_ key', () => {
    const headers = signPayload({ body, secret: SECRET, id: 'msg_1', timestamp: NOW });
    const expected = createHmac('sha256', Buffer.from('a very secret key of 32 bytes!!!'))
      .update(`msg_1.${NOW.getTime() / 1000}.${body.toString()}`)
      .digest('base64');
    expect(headers).toEqual({
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(NOW.getTime() / 1000),
      'webhook-signature': `v1,${expected}`,
    });
    expect(verifyDelivery({ headers, body, secrets: [SECRET], now: NOW })).toEqual({
      ok: true,
      style: 'standard',
      id: 'msg_1',
      timestamp: NOW,
    });
  });

  it('accepts any of several secrets (rotation) and any of several signatures in the header', () => {
    const old = signPayload({ body, secret: 'old-secret', id: 'm', timestamp: NOW });
    const fresh = signPayload({ body, secret: SECRET, id: 'm', timestamp: NOW });
    expect(verifyDelivery({ headers: old, body, secrets: [SECRET, 'old-secret'], now: NOW }).ok).toBe(true);
    const both = { ...fresh, 'Webhook-Signature': `${old['webhook-signature']} ${fresh['webhook-signature']}` };
    delete (both as Record<string, string>)['webhook-signature'];
    expect(verifyDelivery({ headers: both, body, secrets: ['old-secret'], now: NOW }).ok).toBe(true);
  });

  it.each([
    ['another body', { body: Buffer.from('{"budget":"monthly","threshold":90}') }, 'bad_signature', 401],
    ['another secret', { secrets: ['nope'] }, 'bad_signature', 401],
    ['5 min 1 s late', { now: new Date(NOW.getTime() + 301_000) }, 'stale_timestamp', 401],
    ['5 min 1 s early', { now: new Date(NOW.getTime() - 301_000) }, 'stale_timestamp', 401],
  ] as const)('refuses %s', (_name, change, reason, status) => {
    const headers = signPayload({ body, secret: SECRET, id: 'm', timestamp: NOW });
    expect(verifyDelivery({ headers, body, secrets: [SECRET], now: NOW, ...change })).toMatchObject({
      ok: false,
      reason,
      status,
    });
  });

  it('5 minutes exactly is inside the window; the tolerance is configurable', () => {
    const headers = signPayload({ body, secret: SECRET, timestamp: NOW });
    expect(verifyDelivery({ headers, body, secrets: [SECRET], now: new Date(NOW.getTime() + 300_000) }).ok).toBe(true);
    expect(
      verifyDelivery({ headers, body, secrets: [SECRET], now: new Date(NOW.getTime() + 2000), toleranceMs: 1000 }),
    ).toMatchObject({ ok: false, reason: 'stale_timestamp' });
  });

  it.each([
    ['webhook-id', 'missing_id'],
    ['webhook-timestamp', 'missing_timestamp'],
  ])('a missing %s header is a 400', (name, reason) => {
    const headers: Record<string, string> = signPayload({ body, secret: SECRET, timestamp: NOW });
    delete headers[name];
    expect(verifyDelivery({ headers, body, secrets: [SECRET], now: NOW })).toMatchObject({
      ok: false,
      reason,
      status: 400,
    });
  });

  it('a timestamp that is not whole seconds is a 400', () => {
    const headers = { ...signPayload({ body, secret: SECRET, timestamp: NOW }), 'webhook-timestamp': '2026-12-01' };
    expect(verifyDelivery({ headers, body, secrets: [SECRET], now: NOW })).toMatchObject({
      reason: 'malformed_timestamp',
      status: 400,
    });
  });
});

describe('GitHub style', () => {
  it('matches X-Hub-Signature-256 as GitHub computes it (hex HMAC of the body with the secret)', () => {
    const headers = signPayload({ body, secret: "It's a Secret to Everybody", style: 'github', id: 'gh-1' });
    const expected = createHmac('sha256', "It's a Secret to Everybody").update(body).digest('hex');
    expect(headers).toEqual({ 'x-hub-signature-256': `sha256=${expected}`, 'x-github-delivery': 'gh-1' });
    expect(verifyDelivery({ headers, body, secrets: ["It's a Secret to Everybody"], now: NOW })).toEqual({
      ok: true,
      style: 'github',
      id: 'gh-1',
      timestamp: null,
    });
  });

  it('GitHub docs example: "Hello, World!" with the docs secret', () => {
    // docs.github.com "Validating webhook deliveries" test values.
    const headers = {
      'X-Hub-Signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    };
    expect(
      verifyDelivery({ headers, body: Buffer.from('Hello, World!'), secrets: ["It's a Secret to Everybody"], now: NOW })
        .ok,
    ).toBe(true);
  });

  it('a malformed or wrong signature is a 401; a source limited to one style ignores the other', () => {
    const bad = { 'x-hub-signature-256': 'sha256=zz' };
    expect(verifyDelivery({ headers: bad, body, secrets: ['s'], now: NOW })).toMatchObject({
      reason: 'bad_signature',
      status: 401,
    });
    const github = signPayload({ body, secret: 's', style: 'github' });
    expect(verifyDelivery({ headers: github, body, secrets: ['s'], now: NOW, styles: ['standard'] })).toMatchObject({
      reason: 'missing_signature',
      status: 400,
      message: 'the request has no webhook-signature header',
    });
  });

  it('no signature header at all is a 400', () => {
    expect(verifyDelivery({ headers: {}, body, secrets: ['s'], now: NOW })).toMatchObject({
      ok: false,
      reason: 'missing_signature',
      status: 400,
      message: 'the request has no webhook-signature or X-Hub-Signature-256 header',
    });
  });
});

describe('repository_dispatch client_payload', () => {
  it('round-trips a signed payload and refuses a tampered one', () => {
    const signed = signDispatchPayload({
      payload: { action: 'kill', reason: 'budget' },
      secret: SECRET,
      id: 'd-1',
      timestamp: NOW,
    });
    expect(Object.keys(signed)).toHaveLength(4);
    expect(verifyDispatchPayload({ clientPayload: signed, secrets: [SECRET], now: NOW })).toEqual({
      ok: true,
      id: 'd-1',
      payload: { action: 'kill', reason: 'budget' },
    });
    const tampered = { ...signed, body: signed.body.replace('budget', 'other') };
    expect(verifyDispatchPayload({ clientPayload: tampered, secrets: [SECRET], now: NOW })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyDispatchPayload({ clientPayload: [], secrets: [SECRET], now: NOW })).toMatchObject({
      reason: 'malformed_payload',
    });
  });
});
