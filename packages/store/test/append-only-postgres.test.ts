import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { isMigrationPermissionError, migrate } from '../src/migrate.js';
import { openPgConnection } from '../src/pg-executor.js';
import { openPostgresStore } from '../src/postgres-store.js';
import { rolePosture } from '../src/role-posture.js';
import { SqlStore } from '../src/sql-store.js';
import type { SqlConnection } from '../src/sql-executor.js';
import { anAudit } from './support/builders.js';
import { APP_ROLE, asAppRole, createTestDatabase, describePg, ensureAppRole, uid } from './support/databases.js';

const T0 = new Date('2026-12-02T09:00:00.000Z');
const APPEND_ONLY = ['automation_audit', 'kill_switch_log'] as const;

/**
 * docs/store-security.md on a real server: the database is migrated by the superuser with
 * Supabase's default privileges in place (anon and authenticated get everything new in public),
 * and OpsGuard connects as APP_ROLE, a login role granted service_role and nothing else.
 */
describePg('append-only history on PostgreSQL 15, as the connecting role', () => {
  let url: string;
  let drop: () => Promise<void>;
  let admin: pg.Client;
  let app: pg.Client;
  let appConnection: SqlConnection;
  let store: SqlStore;

  const asApp = async (text: string, params: unknown[] = []) => (await app.query(text, params)).rows;
  const asAdmin = async (text: string, params: unknown[] = []) => (await admin.query(text, params)).rows;

  beforeAll(async () => {
    ({ url, drop } = await createTestDatabase());
    await ensureAppRole();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // What a Supabase project has before any migration runs.
    await asAdmin(`do $$
      declare r text;
      begin
        foreach r in array array['anon', 'authenticated'] loop
          begin
            execute format('create role %I nologin noinherit', r);
          exception when duplicate_object or unique_violation then null;
          end;
        end loop;
      end $$`);
    for (const kind of ['tables', 'sequences', 'functions']) {
      await asAdmin(
        `alter default privileges in schema public grant all on ${kind} to anon, authenticated, service_role`,
      );
    }
    const migrator = await openPgConnection({ connectionString: url, max: 1 });
    try {
      await migrate(migrator);
    } finally {
      await migrator.close();
    }
    app = new pg.Client({ connectionString: asAppRole(url) });
    await app.connect();
    appConnection = await openPgConnection({ connectionString: asAppRole(url), max: 2 });
    store = new SqlStore(appConnection);
  });

  afterAll(async () => {
    await app?.end();
    await appConnection?.close();
    await admin?.end();
    await drop?.();
  });

  test('the connecting role is no superuser, owns nothing and cannot become the owner', async () => {
    const [me] = await asApp(
      `select current_user as role, r.rolsuper, r.rolbypassrls,
              pg_has_role(current_user, 'opsguard_owner', 'MEMBER') as owner_member,
              has_parameter_privilege(current_user, 'session_replication_role', 'SET') as can_replicate
       from pg_roles r where r.rolname = current_user`,
    );
    expect(me).toEqual({
      role: APP_ROLE,
      rolsuper: false,
      rolbypassrls: false,
      owner_member: false,
      can_replicate: false,
    });
    const owned = await asApp(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and pg_has_role(current_user, c.relowner, 'USAGE')
       union all
       select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and pg_has_role(current_user, p.proowner, 'USAGE')`,
    );
    expect(owned).toEqual([]);
    await expect(asApp('set role opsguard_owner')).rejects.toThrow(/permission denied/);
  });

  test('appends still work, through the functions', async () => {
    const record = anAudit({ id: uid('audit'), target: uid('target') });
    expect(await store.appendAudit(record)).toEqual({ inserted: true });
    expect(await store.listAudit({ target: record.target })).toEqual([record]);
    const target = uid('svc');
    await store.setKillSwitch({ scope: 'service', target, active: true, reason: 'r', actor: 'a', at: T0 });
    expect(await asApp('select active, actor from public.kill_switch_log where target = $1', [target])).toEqual([
      { active: true, actor: 'a' },
    ]);
  });

  describe.each(APPEND_ONLY)('%s', (table) => {
    const trigger = `${table}_append_only`;

    test('cannot disable, re-enable as replica-only, drop or replace the trigger, nor take the table', async () => {
      await expect(asApp(`alter table public.${table} disable trigger ${trigger}`)).rejects.toThrow(/must be owner/);
      await expect(asApp(`alter table public.${table} disable trigger all`)).rejects.toThrow(/must be owner/);
      await expect(asApp(`alter table public.${table} enable replica trigger ${trigger}`)).rejects.toThrow(
        /must be owner/,
      );
      await expect(asApp(`drop trigger ${trigger} on public.${table}`)).rejects.toThrow(/must be owner/);
      await expect(asApp(`alter table public.${table} owner to ${APP_ROLE}`)).rejects.toThrow(/must be owner/);
      await expect(
        asApp(
          `create or replace function public.refuse_change() returns trigger language plpgsql as $$ begin return old; end $$`,
        ),
      ).rejects.toThrow(/must be owner|permission denied/);
      const [{ enabled }] = (await asAdmin(
        `select tgenabled as enabled from pg_trigger where tgname = $1 and tgrelid = $2::regclass`,
        [trigger, `public.${table}`],
      )) as [{ enabled: string }];
      expect(enabled).toBe('A'); // ALWAYS: fires in replica mode too
    });

    test('UPDATE, DELETE, TRUNCATE and a direct INSERT are refused', async () => {
      await expect(asApp(`update public.${table} set at = at`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`delete from public.${table}`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`truncate public.${table}`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`insert into public.${table} default values`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`select count(*) from public.${table}`)).resolves.toBeDefined();
    });
  });

  test('session_replication_role = replica is refused to the connecting role', async () => {
    await expect(asApp('set session_replication_role = replica')).rejects.toThrow(
      /permission denied to set parameter "session_replication_role"/,
    );
    await expect(asApp("select set_config('session_replication_role', 'replica', false)")).rejects.toThrow(
      /permission denied/,
    );
  });

  test('a kill switch changes only with its log entry', async () => {
    await expect(
      asApp(
        `insert into public.kill_switch_state (scope, target, active, updated_at) values ('global', '*', false, now())`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(asApp('update public.kill_switch_state set active = false')).rejects.toThrow(/permission denied/);
    await expect(asApp('delete from public.kill_switch_state')).rejects.toThrow(/permission denied/);
  });

  test('a superuser in replica mode still meets the trigger; only disabling it (superuser or owner) gets past', async () => {
    const record = anAudit({ id: uid('audit'), target: uid('target') });
    await store.appendAudit(record);
    await asAdmin('begin');
    try {
      await asAdmin('set local session_replication_role = replica');
      await expect(
        asAdmin('update public.automation_audit set reason = $1 where id = $2', ['x', record.id]),
      ).rejects.toThrow(/append-only/);
    } finally {
      await asAdmin('rollback');
    }
    // The documented limit: nothing in SQL stops a superuser (docs/store-security.md).
    await asAdmin('begin');
    try {
      await asAdmin('alter table public.automation_audit disable trigger automation_audit_append_only');
      const rows = await asAdmin('update public.automation_audit set reason = $1 where id = $2 returning id', [
        'rewritten',
        record.id,
      ]);
      expect(rows).toHaveLength(1);
    } finally {
      await asAdmin('rollback');
    }
    expect((await store.listAudit({ target: record.target }))[0]?.reason).toBeNull();
  });

  test('every SECURITY DEFINER function runs as opsguard_owner, which is no superuser', async () => {
    const rows = await asAdmin(
      `select p.proname, r.rolname, r.rolsuper from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace join pg_roles r on r.oid = p.proowner
       where n.nspname = 'public' and p.prosecdef order by p.proname`,
    );
    expect(rows.length).toBeGreaterThan(5);
    const wrong = rows.filter((r) => r['rolname'] !== 'opsguard_owner' || r['rolsuper'] !== false);
    // A migration that adds one ends with `alter function ... owner to opsguard_owner`.
    expect(wrong).toEqual([]);
  });

  describe('the posture of a role, as `opsguard migrate` reports it', () => {
    test('the connecting role: append-only; the superuser: superuser', async () => {
      expect(await rolePosture(appConnection)).toEqual({ kind: 'append-only', role: APP_ROLE });
      const su = await openPgConnection({ connectionString: url, max: 1 });
      try {
        expect(await rolePosture(su)).toEqual({ kind: 'superuser', role: 'postgres' });
      } finally {
        await su.close();
      }
    });

    test('a migrating role that may act as the owner can switch the trigger off: never connect OpsGuard as it', async () => {
      await asAdmin(`do $$ begin
          create role opsguard_test_migrator login;
        exception when duplicate_object or unique_violation then null;
        end $$`);
      await asAdmin('grant opsguard_owner to opsguard_test_migrator');
      const u = new URL(url);
      u.username = 'opsguard_test_migrator';
      const migrator = await openPgConnection({ connectionString: u.toString(), max: 1 });
      try {
        expect(await rolePosture(migrator)).toEqual({
          kind: 'owner',
          role: 'opsguard_test_migrator',
          owner: 'opsguard_owner',
        });
        // It succeeds; throwing afterwards rolls it back.
        const undone = await migrator
          .transaction(async (tx) => {
            await tx.query('set local role opsguard_owner');
            await tx.query('alter table public.automation_audit disable trigger automation_audit_append_only');
            throw new Error('undo');
          })
          .catch((e: unknown) => (e as Error).message);
        expect(undone).toBe('undo');
      } finally {
        await migrator.close();
      }
    });
  });

  describe('with Supabase default privileges', () => {
    test('anon has no privilege on any table, view, sequence or function of OpsGuard', async () => {
      const open = await asAdmin(
        `select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'p')
           and (has_table_privilege('anon', c.oid, 'SELECT') or has_table_privilege('anon', c.oid, 'INSERT')
             or has_table_privilege('anon', c.oid, 'UPDATE') or has_table_privilege('anon', c.oid, 'DELETE')
             or has_table_privilege('anon', c.oid, 'TRUNCATE') or has_table_privilege('anon', c.oid, 'TRIGGER')
             or has_table_privilege('anon', c.oid, 'REFERENCES'))
         union all
         select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'S'
           and (has_sequence_privilege('anon', c.oid, 'USAGE') or has_sequence_privilege('anon', c.oid, 'SELECT')
             or has_sequence_privilege('anon', c.oid, 'UPDATE'))
         union all
         select p.proname, 'f' from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'EXECUTE')`,
      );
      expect(open).toEqual([]);
    });

    test('anon and authenticated can neither read nor write schema_migrations; the connecting role reads it', async () => {
      for (const role of ['anon', 'authenticated']) {
        await asAdmin(`set role ${role}`);
        try {
          await expect(asAdmin('select * from public.schema_migrations')).rejects.toThrow(/permission denied/);
          await expect(
            asAdmin(`insert into public.schema_migrations (name, checksum) values ('x', 'y')`),
          ).rejects.toThrow(/permission denied/);
          await expect(asAdmin('delete from public.schema_migrations')).rejects.toThrow(/permission denied/);
          await expect(asAdmin('truncate public.schema_migrations')).rejects.toThrow(/permission denied/);
        } finally {
          await asAdmin('reset role');
        }
      }
      const [{ rowsecurity }] = (await asAdmin(
        `select relrowsecurity as rowsecurity from pg_class where oid = 'public.schema_migrations'::regclass`,
      )) as [{ rowsecurity: boolean }];
      expect(rowsecurity).toBe(true);
      expect((await asApp('select count(*)::int as n from public.schema_migrations'))[0]?.['n']).toBeGreaterThan(5);
      await expect(asApp('delete from public.schema_migrations')).rejects.toThrow(/permission denied/);
    });
  });

  describe('opening the store as the connecting role', () => {
    test('with every migration applied, it opens (migrate on open needs only SELECT)', async () => {
      const opened = await openPostgresStore({ connectionString: asAppRole(url), maxConnections: 1 });
      try {
        await expect(opened.ping()).resolves.toBeUndefined();
      } finally {
        await opened.close();
      }
    });

    test('with migrations pending, it is refused with what to do', async () => {
      const fresh = await createTestDatabase();
      try {
        const error = await openPostgresStore({ connectionString: asAppRole(fresh.url), maxConnections: 1 }).catch(
          (e: unknown) => e,
        );
        expect(isMigrationPermissionError(error)).toBe(true);
        expect(String(error)).toMatch(
          new RegExp(
            `migration\\(s\\) pending \\(20261123000100_roles_and_base.sql, \\.\\.\\.\\) and role "${APP_ROLE}"`,
          ),
        );
        expect(String(error)).toMatch(/docs\/store-security\.md/);
      } finally {
        await fresh.drop();
      }
    });
  });
});
