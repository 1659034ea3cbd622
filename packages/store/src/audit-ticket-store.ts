import type { AuditTicket, JsonValue } from '@opsguard/core';
import { StoreQueryError } from './errors.js';
import { asRow, jsonObject, num } from './row-values.js';
import type { SqlExecutor } from './sql-executor.js';
import { backendOf, type BackendHandle, type PostgrestAnswer } from './backend-handles.js';
import type { Store } from './store.js';

/** A ticket as stored, with the version a compare-and-set update must name. */
export interface StoredTicket {
  readonly ticket: AuditTicket;
  readonly version: number;
}

export type SaveTicketResult =
  | { readonly saved: true; readonly version: number }
  /** `conflict`: another writer saved first (read again, merge, retry); `id_taken`: a new ticket's id is another cluster's. */
  | { readonly saved: false; readonly reason: 'conflict' | 'id_taken' };

/**
 * `public.audit_tickets` (supabase/migrations/20261202003001_audit_tickets.sql): the tickets of
 * the audit generator, one per repository and fingerprint, kept across days.
 */
export interface AuditTicketStore {
  /** The stored tickets of these fingerprints, by fingerprint. */
  findTickets(repo: string, fingerprints: readonly string[]): Promise<Map<string, StoredTicket>>;
  /** Insert (`expectedVersion` 0) or update exactly that version: a concurrent writer is never overwritten. */
  saveTicket(repo: string, ticket: AuditTicket, expectedVersion: number, at: Date): Promise<SaveTicketResult>;
  /** The repository's tickets, newest last seen first. */
  listTickets(repo: string): Promise<StoredTicket[]>;
}

function toStored(value: unknown): StoredTicket {
  const row = asRow(value, 'audit ticket');
  const ticket = jsonObject(row, 'ticket') as unknown as AuditTicket;
  if (ticket.schemaVersion !== 1 || typeof ticket.id !== 'string' || typeof ticket.fingerprint !== 'string') {
    throw new TypeError(`store row: audit ticket ${JSON.stringify(row['ticket_id'])} is not a version-1 ticket`);
  }
  return { ticket, version: num(row, 'version') };
}

function toSaveResult(value: unknown): SaveTicketResult {
  const raw: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const row = asRow(raw, 'save_audit_ticket');
  if (row['saved'] === true) return { saved: true, version: num(row, 'version') };
  if (row['reason'] === 'conflict' || row['reason'] === 'id_taken') return { saved: false, reason: row['reason'] };
  throw new StoreQueryError('save_audit_ticket', `save_audit_ticket answered ${JSON.stringify(raw)}`);
}

const COLUMNS = 'ticket, version, ticket_id';

/** On a Postgres server or PGlite. */
export function sqlAuditTicketStore(db: SqlExecutor): AuditTicketStore {
  return {
    async findTickets(repo, fingerprints) {
      if (fingerprints.length === 0) return new Map();
      const rows = await db.query(
        `select ${COLUMNS} from public.audit_tickets
         where repo = $1 and fingerprint in (select jsonb_array_elements_text($2::jsonb))`,
        [repo, JSON.stringify(fingerprints)],
      );
      return new Map(rows.map(toStored).map((s) => [s.ticket.fingerprint, s]));
    },
    async saveTicket(repo, ticket, expectedVersion, at) {
      const rows = await db.query(
        'select public.save_audit_ticket(p_repo => $1, p_expected_version => $2, p_ticket => $3, p_at => $4) as result',
        [repo, expectedVersion, JSON.stringify(ticket), at.toISOString()],
      );
      return toSaveResult(rows[0]?.['result']);
    },
    async listTickets(repo) {
      const rows = await db.query(
        `select ${COLUMNS} from public.audit_tickets where repo = $1 order by last_seen_at desc, ticket_id`,
        [repo],
      );
      return rows.map(toStored);
    },
  };
}

type SupabaseHandle = Extract<BackendHandle, { kind: 'supabase' }>;

/** On Supabase: reads by `select` (fingerprints in chunks, URLs stay short), writes by `rpc`. */
export function supabaseAuditTicketStore({
  client,
  check,
}: Pick<SupabaseHandle, 'client' | 'check'>): AuditTicketStore {
  const rows = (operation: string, answer: PostgrestAnswer): unknown[] => {
    const data = check(operation, answer);
    if (!Array.isArray(data)) throw new StoreQueryError(operation, `supabase ${operation} returned no rows array`);
    return data as unknown[];
  };
  return {
    async findTickets(repo, fingerprints) {
      const found = new Map<string, StoredTicket>();
      for (let i = 0; i < fingerprints.length; i += 50) {
        const chunk = fingerprints.slice(i, i + 50);
        const answer = await client.from('audit_tickets').select(COLUMNS).eq('repo', repo).in('fingerprint', chunk);
        for (const row of rows('select audit_tickets', answer).map(toStored)) found.set(row.ticket.fingerprint, row);
      }
      return found;
    },
    async saveTicket(repo, ticket, expectedVersion, at) {
      const answer = await client.rpc('save_audit_ticket', {
        p_repo: repo,
        p_expected_version: expectedVersion,
        p_ticket: ticket as unknown as JsonValue,
        p_at: at.toISOString(),
      });
      return toSaveResult(check('rpc save_audit_ticket', answer));
    },
    async listTickets(repo) {
      const answer = await client
        .from('audit_tickets')
        .select(COLUMNS)
        .eq('repo', repo)
        .order('last_seen_at', { ascending: false })
        .order('ticket_id', { ascending: true });
      return rows('select audit_tickets', answer).map(toStored);
    },
  };
}

/** The ticket store on the backend a Store was opened on; null when it has none (store-less). */
export function auditTicketStoreOf(store: Store): AuditTicketStore | null {
  const backend = backendOf(store);
  if (!backend) return null;
  return backend.kind === 'sql' ? sqlAuditTicketStore(backend.db) : supabaseAuditTicketStore(backend);
}
