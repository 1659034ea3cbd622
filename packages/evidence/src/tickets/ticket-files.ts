import { TICKET_ID, type AuditTicket } from '@opsguard/core';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../bundle/atomic-file.js';
import { sanitizeDeep } from '@opsguard/core';
import { writeGeneratedDocuments } from '../docs/generated-documents.js';
import { renderTicket } from './render-ticket.js';

export const TICKETS_DIR = 'audit_tickets';

/** The tickets in one bundle's `audit_tickets/`, by fingerprint (files that do not parse are skipped). */
export async function readBundleTickets(bundleDir: string): Promise<Map<string, AuditTicket>> {
  const tickets = new Map<string, AuditTicket>();
  let names: string[];
  try {
    names = await readdir(join(bundleDir, TICKETS_DIR));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return tickets;
    throw error;
  }
  for (const name of names.filter((n) => n.endsWith('.json') && TICKET_ID.test(n.slice(0, -5))).sort()) {
    try {
      const ticket = JSON.parse(await readFile(join(bundleDir, TICKETS_DIR, name), 'utf8')) as AuditTicket;
      if (ticket.schemaVersion !== 1 || typeof ticket.fingerprint !== 'string') continue;
      const seen = tickets.get(ticket.fingerprint);
      if (!seen || seen.updatedAt < ticket.updatedAt) tickets.set(ticket.fingerprint, ticket);
    } catch {
      // A ticket that does not parse is reported by verify; history uses the others.
    }
  }
  return tickets;
}

/**
 * The latest ticket per fingerprint from the bundles of days before `date` under `reportsDir`
 * (`reports/`), the newest `maxDays` of them: how a cluster keeps its ticket id and count with no store.
 */
export async function readTicketHistory(
  reportsDir: string,
  date: string,
  maxDays = Number.POSITIVE_INFINITY,
): Promise<Map<string, AuditTicket>> {
  const history = new Map<string, AuditTicket>();
  let days: string[];
  try {
    // The most recent `maxDays` bundles: an older ticket's cluster starts a new ticket.
    days = (await readdir(reportsDir))
      .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d < date)
      .sort()
      .slice(-maxDays);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return history;
    throw error;
  }
  for (const day of days) {
    for (const [fingerprint, ticket] of await readBundleTickets(join(reportsDir, day))) {
      const seen = history.get(fingerprint);
      if (!seen || seen.updatedAt <= ticket.updatedAt) history.set(fingerprint, ticket);
    }
  }
  return history;
}

/**
 * Writes each ticket as `audit_tickets/<id>.json` and its generated `.md` (registered for the
 * number check). Sanitised, atomic; call under the bundle lock. Returns the bundle paths written.
 */
export async function writeTicketFiles(
  bundleDir: string,
  tickets: readonly AuditTicket[],
  sanitize: (text: string) => string,
  now: Date,
): Promise<string[]> {
  const written: string[] = [];
  const clean = tickets.map((t) => sanitizeDeep(t, sanitize));
  for (const ticket of clean) {
    if (!TICKET_ID.test(ticket.id)) throw new RangeError(`not a ticket id: ${ticket.id}`);
    const path = `${TICKETS_DIR}/${ticket.id}.json`;
    await writeFileAtomic(join(bundleDir, path), `${JSON.stringify(ticket, null, 2)}\n`);
    written.push(path);
  }
  written.push(...(await writeGeneratedDocuments(bundleDir, clean.map(renderTicket), sanitize, now)));
  return written;
}
