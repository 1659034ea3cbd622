import type { SqlExecutor } from './sql-executor.js';

/**
 * Whether the connected role can rewrite the append-only history (automation_audit,
 * kill_switch_log). Only a role that owns those tables (or may become their owner) or a
 * superuser can switch their triggers off; docs/store-security.md sets up one that cannot.
 */
export type RolePosture =
  | { readonly kind: 'append-only'; readonly role: string }
  | { readonly kind: 'superuser'; readonly role: string }
  | { readonly kind: 'owner'; readonly role: string; readonly owner: string };

const APPEND_ONLY_TABLES = ['public.automation_audit', 'public.kill_switch_log'];

/** Reads the posture of `current_user` from the catalog (no privileges needed). */
export async function rolePosture(db: SqlExecutor): Promise<RolePosture> {
  const [me] = await db.query(
    'select current_user as role, r.rolsuper as superuser from pg_catalog.pg_roles r where r.rolname = current_user',
  );
  const role = String(me?.['role'] ?? 'unknown');
  if (me?.['superuser'] === true) return { kind: 'superuser', role };
  // MEMBER: the role, or one it belongs to, owns the table, so it may `SET ROLE` to the owner.
  const owners = await db.query(
    `select o.rolname as owner from pg_catalog.pg_class c join pg_catalog.pg_roles o on o.oid = c.relowner
     where c.oid = any (select to_regclass(t) from unnest($1::text[]) as t)
       and pg_catalog.pg_has_role(current_user, c.relowner, 'MEMBER')`,
    [APPEND_ONLY_TABLES],
  );
  const owner = owners[0]?.['owner'];
  return owner === undefined ? { kind: 'append-only', role } : { kind: 'owner', role, owner: String(owner) };
}

/** One line for a person: what the posture means and what to do about it. */
export function describePosture(posture: RolePosture): string {
  switch (posture.kind) {
    case 'append-only':
      return `role "${posture.role}" cannot change the audit trail or the kill-switch log: OpsGuard may connect as it`;
    case 'superuser':
      return (
        `role "${posture.role}" is a superuser and can rewrite the audit trail: use it only to apply migrations, ` +
        'and connect OpsGuard as a role granted service_role (docs/store-security.md)'
      );
    case 'owner':
      return (
        `role "${posture.role}" can act as "${posture.owner}", the owner of the audit trail, and so switch its ` +
        'trigger off: use it only to apply migrations, and connect OpsGuard as a role granted service_role ' +
        '(docs/store-security.md)'
      );
  }
}
