import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { signPayload } from '@opsguard/webhook-signature';
import type { AcceptedEvent, ExecutionResult } from '../src/intake/intake-types.js';
import { startFixture, type Fixture } from './support/api-fixture.js';
import { aSource, GITHUB_SECRET, SECRET } from './support/intake-sources.js';

let f: Fixture;
const executed: AcceptedEvent[] = [];
let behaviour: (event: AcceptedEvent) => Promise<ExecutionResult> = async () => ({
  status: 'done',
  result: { dispatched: 1 },
});

beforeAll(async () => {
  f = await startFixture({
    intake: {
      sources: [
        aSource(),
        aSource({ name: 'kill', styles: ['github'], secrets: [GITHUB_SECRET], waitForInFlightMs: 50 }),
        aSource({ name: 'disabled', secrets: [] }),
        aSource({ name: 'ledger', action: { type: 'record' }, waitForInFlightMs: 50 }),
      ],
      execute: async (event) => {
        executed.push(event);
        return behaviour(event);
      },
    },
  });
});
afterAll(async () => {
  await f?.close();
});

function post(source: string, body: string, headers: Record<string, string>, contentType = 'application/json') {
  return fetch(`${f.url}/api/v1/hooks/${source}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  });
}
const signed = (body: string, extra: Partial<Parameters<typeof signPayload>[0]> = {}) =>
  signPayload({ body, secret: SECRET, ...extra });

async function refusals(reason: string): Promise<number> {
  const audit = await f.store.listAudit({ action: 'intake-refuse' } as never);
  return audit.filter((a) => a.action === 'intake-refuse' && a.reason === reason).length;
}

describe('POST /api/v1/hooks/:source', () => {
  it('first delivery: 202 {accepted, payload_sha256, audit_id}, the action ran once, audit carries the key', async () => {
    const id = `msg_${randomUUID()}`;
    const body = JSON.stringify({ budget: 'monthly', threshold: 80 });
    const res = await post('budget-alert', body, signed(body, { id }));
    expect(res.status).toBe(202);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ accepted: true, attempt: 1, result: { dispatched: 1 } });
    expect(answer['payload_sha256']).toMatch(/^[0-9a-f]{64}$/);
    const mine = executed.filter((e) => e.key === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.payload).toEqual({ budget: 'monthly', threshold: 80 });
    const audit = (await f.store.listAudit({ target: 'intake:budget-alert' })).filter((a) => a.idempotencyKey === id);
    expect(audit.map((a) => a.action)).toEqual(['intake-accept', 'intake-process']);
    expect(audit[0]?.id).toBe(answer['audit_id']);

    const again = await post('budget-alert', body, signed(body, { id }));
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({
      accepted: true,
      payload_sha256: answer['payload_sha256'],
      reference: { audit_id: answer['audit_id'], received_at: expect.any(String), type: 'duplicate' },
    });
    expect(executed.filter((e) => e.key === id)).toHaveLength(1);
  });

  it('Idempotency-Key wins over webhook-id; the same key with another payload is 422 and runs nothing', async () => {
    const key = `order-${randomUUID()}`;
    const first = await post('budget-alert', '{"a":1}', signed('{"a":1}', { idempotencyKey: key }));
    expect(first.status).toBe(202);
    const other = await post('budget-alert', '{"a":2}', signed('{"a":2}', { idempotencyKey: key }));
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({
      type: 'https://opsguard.dev/problems/idempotency-key-reused',
      reason: 'idempotency_key_reused',
    });
    expect(executed.filter((e) => e.key === key)).toHaveLength(1);
  });

  it('a failed first attempt answers 502 and a redelivery with the same id runs again (attempt 2)', async () => {
    const id = `gh-${randomUUID()}`;
    behaviour = async () => ({ status: 'failed', error: 'GitHub answered 502', result: {} });
    const body = '{"zen":"Keep it logically awesome."}';
    const first = await post('kill', body, signPayload({ body, secret: GITHUB_SECRET, style: 'github', id }));
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({ type: 'https://opsguard.dev/problems/action-failed', retryable: true });
    behaviour = async () => ({ status: 'done', result: { dispatched: 1 } });
    const redelivery = await post('kill', body, signPayload({ body, secret: GITHUB_SECRET, style: 'github', id }));
    expect(redelivery.status).toBe(202);
    expect(await redelivery.json()).toMatchObject({ attempt: 2 });
    expect(executed.filter((e) => e.key === id).map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('the same key while the first is still processing: 409 with Retry-After once the wait is over', async () => {
    const id = `gh-${randomUUID()}`;
    let release: () => void = () => undefined;
    behaviour = () => new Promise((resolve) => (release = () => resolve({ status: 'done', result: {} })));
    const body = '{"slow":true}';
    const headers = signPayload({ body, secret: GITHUB_SECRET, style: 'github', id });
    const first = post('kill', body, headers);
    while (!executed.some((e) => e.key === id)) await new Promise((r) => setTimeout(r, 5));
    const second = await post('kill', body, headers);
    expect(second.status).toBe(409);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await second.json()).toMatchObject({ type: 'https://opsguard.dev/problems/conflict' });
    release();
    expect((await first).status).toBe(202);
    behaviour = async () => ({ status: 'done', result: { dispatched: 1 } });
  });

  describe('a record source (claimed, settled and audited in one SQL call; no executor)', () => {
    const sha = (body: string) => createHash('sha256').update(body).digest('hex');
    const ledgerAudit = async (key: string) =>
      (await f.store.listAudit({ target: 'intake:ledger' }))
        .filter((a) => a.idempotencyKey === key)
        .sort((a, b) => a.at.localeCompare(b.at) || a.action.localeCompare(b.action));
    const holdKey = (key: string, body: string) =>
      f.api.intake.claimIntakeKey({
        source: 'ledger',
        key,
        payloadSha256: sha(body),
        ttlMs: 86_400_000,
        leaseMs: 60_000,
        actor: 'another-server',
        details: {},
        now: new Date(),
      });

    it('first delivery 202 with the result, a duplicate gets its reference, another payload 422', async () => {
      const id = `msg_${randomUUID()}`;
      const body = '{"entry":1}';
      const before = executed.length;
      const res = await post('ledger', body, signed(body, { id }));
      expect(res.status).toBe(202);
      const answer = (await res.json()) as Record<string, unknown>;
      expect(answer).toEqual({
        accepted: true,
        payload_sha256: sha(body),
        audit_id: expect.stringMatching(/^intake-[0-9a-f]{64}$/),
        attempt: 1,
        result: { recorded: true },
      });
      expect(executed.length).toBe(before);
      const audit = await ledgerAudit(id);
      expect(audit.map((a) => [a.action, a.outcome, a.idempotencyKey])).toEqual([
        ['intake-accept', 'SUCCESS', id],
        ['intake-process', 'SUCCESS', id],
      ]);
      expect(audit[0]?.id).toBe(answer['audit_id']);

      const again = await post('ledger', body, signed(body, { id }));
      expect(again.status).toBe(202);
      expect(await again.json()).toEqual({
        accepted: true,
        payload_sha256: sha(body),
        reference: { audit_id: answer['audit_id'], received_at: expect.any(String), type: 'duplicate' },
      });
      const other = await post('ledger', '{"entry":2}', signed('{"entry":2}', { id }));
      expect(other.status).toBe(422);
      expect(await other.json()).toMatchObject({ reason: 'idempotency_key_reused' });
      // The 422 adds its refusal record, nothing else.
      expect((await ledgerAudit(id)).map((a) => a.action)).toEqual([
        'intake-accept',
        'intake-process',
        'intake-refuse',
      ]);
    });

    it('a key another server is still processing: 409 after the wait', async () => {
      const id = `msg_${randomUUID()}`;
      const body = '{"entry":3}';
      const holder = await holdKey(id, body);
      const res = await post('ledger', body, signed(body, { id }));
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({
        type: 'https://opsguard.dev/problems/conflict',
        reference: { audit_id: holder.auditId, type: 'in_progress' },
      });
    });

    it('a failed first attempt (another server) runs again on redelivery: attempt 2', async () => {
      const id = `msg_${randomUUID()}`;
      const body = '{"entry":4}';
      await holdKey(id, body);
      await f.api.intake.finishIntakeKey({
        source: 'ledger',
        key: id,
        attempt: 1,
        status: 'failed',
        result: { error: 'crashed' },
        actor: 'another-server',
        now: new Date(),
      });
      const res = await post('ledger', body, signed(body, { id }));
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ attempt: 2, result: { recorded: true } });
    });
  });

  it.each([
    ['no signature header → 400', {}, 400, 'missing_signature'],
    ['a bad signature → 401', { 'webhook-signature': 'v1,AAAA' }, 401, 'bad_signature'],
    ['a timestamp 6 minutes old → 401', { timestamp: -360_000 }, 401, 'stale_timestamp'],
    ['no webhook-id → 400', { dropId: true }, 400, 'missing_id'],
  ] as const)('%s: nothing executed, one refusal audited', async (_name, change, status, reason) => {
    const body = `{"n":"${randomUUID()}"}`;
    const headers: Record<string, string> =
      'timestamp' in change
        ? signed(body, { timestamp: new Date(Date.now() + change.timestamp) })
        : 'dropId' in change
          ? signed(body)
          : 'webhook-signature' in change
            ? { ...signed(body), ...change }
            : {};
    if ('dropId' in change) delete headers['webhook-id'];
    const before = executed.length;
    const refusedBefore = await refusals(reason);
    const res = await post('budget-alert', body, headers);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status, reason });
    expect(executed.length).toBe(before);
    expect(await refusals(reason)).toBe(refusedBefore + 1);
  });

  it('malformed JSON (validly signed) is 400; a wrong content type 415; too large 413; unknown and disabled sources 404', async () => {
    const bad = '{"unterminated":';
    const malformed = await post('budget-alert', bad, signed(bad));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ reason: 'malformed_json' });

    const form = 'a=1';
    const wrongType = await post('budget-alert', form, signed(form), 'application/x-www-form-urlencoded');
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ reason: 'unsupported_media_type' });

    const big = JSON.stringify({ pad: 'x'.repeat(2000) });
    const tooLarge = await post('budget-alert', big, signed(big));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ reason: 'too_large' });

    for (const source of ['nope', 'disabled']) {
      const unknown = await post(source, '{}', signed('{}'));
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ reason: 'unknown_source' });
    }
    expect(await refusals('unsupported_media_type')).toBeGreaterThanOrEqual(1);
  });

  it('a replay after the TTL: a Standard Webhooks one is stale (401); a GitHub-style one is a new event', async () => {
    const id = `old-${randomUUID()}`;
    const body = '{"replay":true}';
    const stale = await post(
      'budget-alert',
      body,
      signed(body, { id, timestamp: new Date(Date.now() - 25 * 3_600_000) }),
    );
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ reason: 'stale_timestamp' });

    const headers = signPayload({ body, secret: GITHUB_SECRET, style: 'github', id });
    expect((await post('kill', body, headers)).status).toBe(202);
    // Age the key past its TTL, as 25 hours would.
    await f.store.ping();
    const { apiCapabilitiesOf } = await import('@opsguard/store');
    const later = new Date(Date.now() + 73 * 3_600_000);
    expect((await apiCapabilitiesOf(f.store).intake.cleanupExpired(later, 0)).intakeKeys).toBeGreaterThanOrEqual(1);
    const replay = await post('kill', body, headers);
    expect(replay.status).toBe(202);
    expect(await replay.json()).toMatchObject({ attempt: 1, accepted: true });
  });
});
