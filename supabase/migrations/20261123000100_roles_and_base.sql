-- OpsGuard base: the Supabase roles and shared helpers.
-- Supabase already has anon/authenticated/service_role; a plain Postgres server or PGlite does
-- not, so they are created when missing and the same files run unchanged everywhere.
-- Roles are cluster-wide, so two databases migrating at once may race: a duplicate is fine.
do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_catalog.pg_roles where rolname = r) then
      begin
        execute format('create role %I nologin noinherit', r);
      exception when duplicate_object or unique_violation then
        null;
      end;
    end if;
  end loop;
end
$$;

grant usage on schema public to anon, authenticated, service_role;

-- Append-only tables (audit, kill-switch log) refuse changes in the database itself, so no
-- client, role or bug can rewrite history; privileges are revoked as well (defence in depth).
create or replace function public.refuse_change()
returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end
$$;

revoke all on function public.refuse_change() from public, anon, authenticated;
