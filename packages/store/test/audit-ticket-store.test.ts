import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditTicket } from '@opsguard/core';
import nock from 'nock';
import { auditTicketStoreOf, killSwitchLogOf, type AuditTicketStore } from '../src/index.js';
import { openSupabaseStore } from '../src/supabase-store.js';
import type { Store } from '../src/store.js';
import { describePg, openPgliteBackend, openPostgresBackend, uid, type StoreBackend } from './support/databases.js';

const AT = new Date('2026-12-01T03:00:00.000Z');
const hex = (seed: string) =>
  seed
    .padEnd(64, '0')
    .replace(/[^0-9a-f]/g, 'a')
    .slice(0, 64);

export function aTicket(over: Partial<AuditTicket> = {}): AuditTicket {
  return {
    schemaVersion: 1,
    id: 'audit_ticket_20261201_100000',
    fingerprint: hex('f1'),
    repo: 'o/r',
    title: 'Deploy / deploy: permission_403',
    status: 'open',
    cluster: {
      cause: 'permission_403',
      workflow: 'Deploy',
      job: 'deploy',
      message: 'HttpError: Resource not accessible by integration',
    },
    classification: {
      http: { status: 403, class: 'permission_403', source: 'status', retryable: false },
      cause: { name: 'permission_403', transient: false, family: 'permission' },
      classes: ['http:permission_403'],
    },
    risk: { level: 'high', rule: 'permission-on-deploy', reason: 'r' },
    occurrences: 2,
    firstSeenAt: '2026-12-01T01:00:00.000Z',
    lastSeenAt: '2026-12-01T02:00:00.000Z',
    seenOn: ['2026-12-01'],
    watermark: { at: '2026-12-01T02:00:00.000Z', runId: 2, attempt: 1 },
    period: { date: '2026-12-01', from: 'a', to: 'b', occurrences: 2, newOccurrences: 2 },
    runs: [],
    retries: [],
    error: { code: 403, message: 'm', at: '2026-12-01T02:00:00.000Z', runId: 2, classes: [], risk: 'high' },
    killSwitch: [],
    issue: null,
    createdAt: AT.toISOString(),
    updatedAt: AT.toISOString(),
    ...over,
  };
}

function describeTicketStore(name: string, open: () => Promise<StoreBackend>): void {
  describe(name, () => {
    let backend: StoreBackend;
    let tickets: AuditTicketStore;
    beforeAll(async () => {
      backend = await open();
      tickets = auditTicketStoreOf(backend.store) as AuditTicketStore;
    });
    afterAll(async () => backend?.close());

    it('inserts a ticket, finds it by fingerprint and updates it by version (compare-and-set)', async () => {
      const repo = uid('repo');
      expect(await tickets.saveTicket(repo, aTicket(), 0, AT)).toEqual({ saved: true, version: 1 });
      const found = await tickets.findTickets(repo, [hex('f1'), hex('f9')]);
      expect([...found.keys()]).toEqual([hex('f1')]);
      expect(found.get(hex('f1'))).toEqual({ ticket: aTicket(), version: 1 });
      const updated = aTicket({ occurrences: 3, issue: { number: 12, url: 'https://github.com/o/r/issues/12' } });
      expect(await tickets.saveTicket(repo, updated, 1, AT)).toEqual({ saved: true, version: 2 });
      // A writer still holding version 1 lost the race: told so, nothing overwritten.
      expect(await tickets.saveTicket(repo, aTicket({ occurrences: 9 }), 1, AT)).toEqual({
        saved: false,
        reason: 'conflict',
      });
      expect(await tickets.saveTicket(repo, aTicket({ occurrences: 9 }), 0, AT)).toEqual({
        saved: false,
        reason: 'conflict',
      });
      const [row] = await backend.sql(
        'select occurrences, issue_number, risk, version from public.audit_tickets where repo = $1',
        [repo],
      );
      expect(row).toEqual({ occurrences: 3, issue_number: 12, risk: 'high', version: 2 });
    });

    it('a new cluster whose id another cluster holds is told id_taken', async () => {
      const repo = uid('repo');
      await tickets.saveTicket(repo, aTicket(), 0, AT);
      expect(await tickets.saveTicket(repo, aTicket({ fingerprint: hex('f2') }), 0, AT)).toEqual({
        saved: false,
        reason: 'id_taken',
      });
      expect(
        await tickets.saveTicket(repo, aTicket({ fingerprint: hex('f2'), id: 'audit_ticket_20261201_100001' }), 0, AT),
      ).toEqual({
        saved: true,
        version: 1,
      });
      expect((await tickets.listTickets(repo)).map((t) => t.ticket.id).sort()).toEqual([
        'audit_ticket_20261201_100000',
        'audit_ticket_20261201_100001',
      ]);
    });

    it('refuses a row that is not a ticket (SQL checks)', async () => {
      await expect(tickets.saveTicket(uid('repo'), aTicket({ id: 'ticket-1' }), 0, AT)).rejects.toThrow();
    });

    it('reads the kill-switch log the guard state writes, oldest first', async () => {
      const target = uid('svc');
      const log = killSwitchLogOf(backend.store);
      await backend.store.setKillSwitch({
        scope: 'service',
        target,
        active: true,
        reason: 'storm',
        actor: 'ops',
        at: new Date('2026-12-01T01:00:00Z'),
      });
      await backend.store.setKillSwitch({
        scope: 'service',
        target,
        active: false,
        reason: 'calm',
        actor: 'ops',
        at: new Date('2026-12-01T02:00:00Z'),
      });
      const entries = (await log?.listKillSwitchLog({ since: new Date('2026-12-01T00:00:00Z') }))?.filter(
        (e) => e.target === target,
      );
      expect(entries?.map(({ id: _id, ...e }) => e)).toEqual([
        { scope: 'service', target, active: true, reason: 'storm', actor: 'ops', at: '2026-12-01T01:00:00.000Z' },
        { scope: 'service', target, active: false, reason: 'calm', actor: 'ops', at: '2026-12-01T02:00:00.000Z' },
      ]);
      const later = await log?.listKillSwitchLog({
        since: new Date('2026-12-01T01:30:00Z'),
        until: new Date('2026-12-01T03:00:00Z'),
      });
      expect(later?.filter((e) => e.target === target).map((e) => e.active)).toEqual([false]);
    });
  });
}

describeTicketStore('audit tickets on PGlite', openPgliteBackend);
describePg('audit tickets on PostgreSQL 15', () =>
  describeTicketStore('PostgreSQL 15 (fresh database)', () => openPostgresBackend()),
);

describe('audit tickets on Supabase', () => {
  const BASE = 'https://abcdefgh.supabase.co';
  let store: Store;
  beforeAll(() => {
    store = openSupabaseStore({ url: BASE, key: 'service-role-key-for-tests-0123456789', retry: false });
  });

  it('saves by rpc and reads by select, with the same answers', async () => {
    const tickets = auditTicketStoreOf(store) as AuditTicketStore;
    let body: unknown;
    nock(BASE)
      .post('/rest/v1/rpc/save_audit_ticket', (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { saved: false, reason: 'conflict' });
    expect(await tickets.saveTicket('o/r', aTicket(), 3, AT)).toEqual({ saved: false, reason: 'conflict' });
    expect(body).toEqual({ p_repo: 'o/r', p_expected_version: 3, p_ticket: aTicket(), p_at: AT.toISOString() });
    let query: Record<string, string> = {};
    nock(BASE)
      .get('/rest/v1/audit_tickets')
      .query((q) => {
        query = q as Record<string, string>;
        return true;
      })
      .reply(200, [{ ticket: aTicket(), version: 2, ticket_id: aTicket().id }]);
    const found = await tickets.findTickets('o/r', [hex('f1')]);
    expect(found.get(hex('f1'))?.version).toBe(2);
    expect(query).toMatchObject({
      repo: 'eq.o/r',
      fingerprint: `in.(${hex('f1')})`,
      select: 'ticket,version,ticket_id',
    });
  });

  it('a refusal is a typed store error that names the operation', async () => {
    const tickets = auditTicketStoreOf(store) as AuditTicketStore;
    nock(BASE)
      .post('/rest/v1/rpc/save_audit_ticket')
      .reply(400, { message: 'new row violates check constraint', code: '23514' });
    await expect(tickets.saveTicket('o/r', aTicket(), 0, AT)).rejects.toThrow(
      /rpc save_audit_ticket failed \(HTTP 400 23514\)/,
    );
  });
});
