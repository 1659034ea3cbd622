import { describe, expect, test } from '@jest/globals';
import { parseIntakeBatch } from '../src/intake-calls.js';
import type { IntakeAcceptRequest } from '../src/intake-store.js';

const NOW = new Date('2026-12-06T10:00:00.123Z');
const request = (key: string): IntakeAcceptRequest => ({
  source: 'ledger',
  key,
  payloadSha256: 'a'.repeat(64),
  ttlMs: 86_400_000,
  actor: 'test',
  details: {},
  result: { recorded: true },
  now: NOW,
});

describe('parseIntakeBatch (accept_intake_batch answers)', () => {
  test('a claim [audit_id, attempt] is completed from its own request; other outcomes are read whole', () => {
    const answers = parseIntakeBatch(
      [
        ['intake-1', 2],
        {
          outcome: 'duplicate',
          audit_id: 'intake-0',
          received_at: '2026-12-06T09:00:00+00:00',
          attempt: 1,
          payload_sha256: 'a'.repeat(64),
          expires_at: '2026-12-07T09:00:00+00:00',
          result: { recorded: true },
        },
      ],
      [request('k1'), request('k0')],
    );
    expect(answers).toEqual([
      {
        outcome: 'claimed',
        auditId: 'intake-1',
        attempt: 2,
        receivedAt: '2026-12-06T10:00:00.123Z',
        payloadSha256: 'a'.repeat(64),
        expiresAt: '2026-12-07T10:00:00.123Z',
      },
      {
        outcome: 'duplicate',
        auditId: 'intake-0',
        attempt: 1,
        receivedAt: '2026-12-06T09:00:00.000Z',
        payloadSha256: 'a'.repeat(64),
        expiresAt: '2026-12-07T09:00:00.000Z',
        result: { recorded: true },
      },
    ]);
  });

  test('a count that is not one answer per request, or a malformed claim, is refused', () => {
    expect(() => parseIntakeBatch([['intake-1', 1]], [request('a'), request('b')])).toThrow(/no array of 2 answers/);
    expect(() => parseIntakeBatch({}, [request('a')])).toThrow(/no array of 1 answers/);
    for (const bad of [['intake-1'], ['intake-1', '1'], [1, 1], ['intake-1', 1, 'x']]) {
      expect(() => parseIntakeBatch([bad], [request('a')])).toThrow(/not \[audit_id, attempt\]/);
    }
  });
});
