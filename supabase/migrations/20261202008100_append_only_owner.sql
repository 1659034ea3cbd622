-- Who may rewrite history. 20261123000400_audit.sql says its trigger refuses changes "for every
-- role (the owner and superusers included)". That was not true: a table's owner may
-- `ALTER TABLE ... DISABLE TRIGGER` or drop the trigger, and a session in
-- `session_replication_role = replica` skips ordinary triggers. On a Postgres server the role
-- OpsGuard connected with ran these migrations and so owned every table. From here on:
--
--   * opsguard_owner, a role nobody logs in as, owns OpsGuard's tables, views and SECURITY
--     DEFINER functions (and the trigger function: its owner could replace it with a no-op);
--   * the role OpsGuard connects as is a member of service_role only (Supabase's service key, or
--     a login role granted service_role on a Postgres server, docs/store-security.md): it owns
--     nothing, so it cannot disable, drop or replace a trigger, and appends to the audit and the
--     kill-switch log only through append_audit and set_kill_switch;
--   * the append-only triggers fire ALWAYS, so replica mode no longer skips them;
--   * a superuser can still do anything (disable the trigger, or connect as opsguard_owner's
--     member): no SQL can stop one, so OpsGuard must not connect as one. PGlite is opened as
--     its superuser; its protection is the trigger against mistakes, not against its user.
--
-- The role that applies migrations must be a superuser, or able to grant itself opsguard_owner
-- (CREATEROLE, as Supabase's postgres is); it keeps that membership, since later migrations
-- change these objects. It must therefore not be the role OpsGuard connects as.

do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'opsguard_owner') then
    begin
      create role opsguard_owner nologin noinherit;
    exception when duplicate_object or unique_violation then
      null;
    end;
  end if;
  -- A non-superuser may only give an object to a role it is a member of, and that role needs
  -- CREATE on the schema; a superuser needs neither.
  if not (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
    if not pg_catalog.pg_has_role(current_user, 'opsguard_owner', 'MEMBER') then
      execute format('grant opsguard_owner to %I', current_user);
    end if;
    grant create on schema public to opsguard_owner;
  end if;
end
$$;

grant usage on schema public to opsguard_owner;

-- Ownership: tables (their identity sequences follow), the view, every function. -------------

alter table public.runs owner to opsguard_owner;
alter table public.jobs owner to opsguard_owner;
alter table public.retry_history owner to opsguard_owner;
alter table public.kill_switch_state owner to opsguard_owner;
alter table public.kill_switch_log owner to opsguard_owner;
alter table public.token_buckets owner to opsguard_owner;
alter table public.circuit_breakers owner to opsguard_owner;
alter table public.idempotency_keys owner to opsguard_owner;
alter table public.metrics owner to opsguard_owner;
alter table public.automation_audit owner to opsguard_owner;
alter table public.notifications owner to opsguard_owner;
alter view public.kpi_last_7_days owner to opsguard_owner;

-- SECURITY DEFINER functions now run as opsguard_owner, which is no superuser, instead of as
-- whoever applied the migrations (a superuser on most Postgres servers).
alter function public.refuse_change() owner to opsguard_owner;
alter function public.upsert_runs(jsonb) owner to opsguard_owner;
alter function public.upsert_jobs(jsonb) owner to opsguard_owner;
alter function public.set_kill_switch(text, text, boolean, text, text, timestamptz) owner to opsguard_owner;
alter function public.consume_tokens(jsonb, timestamptz) owner to opsguard_owner;
alter function public.admit_breaker(text, bigint, timestamptz) owner to opsguard_owner;
alter function public.record_breaker_outcome(text, boolean, integer, integer, bigint, timestamptz) owner to opsguard_owner;
alter function public.claim_idempotency_key(text, text, text, bigint, timestamptz) owner to opsguard_owner;
alter function public.complete_idempotency_key(text, text, jsonb, timestamptz) owner to opsguard_owner;
alter function public.purge_expired_idempotency_keys(timestamptz) owner to opsguard_owner;
alter function public.increment_metric(text, jsonb, double precision, timestamptz) owner to opsguard_owner;
alter function public.append_audit(text, timestamptz, text, text, text, text, text, text, boolean, text, integer, bigint, jsonb) owner to opsguard_owner;
alter function public.kpi_window(text, timestamptz, integer, text) owner to opsguard_owner;
-- `opsguard serve`'s (20261202004000, 20261202004100).
alter table public.api_keys owner to opsguard_owner;
alter function public.api_kpi(text, text, timestamptz, integer, text) owner to opsguard_owner;
alter function public.claim_intake_key(text, text, text, bigint, bigint, text, jsonb, timestamptz) owner to opsguard_owner;
alter function public.finish_intake_key(text, text, integer, text, jsonb, text, timestamptz) owner to opsguard_owner;
alter function public.cleanup_expired_state(timestamptz, bigint) owner to opsguard_owner;

-- Append-only triggers fire in replica mode too. ---------------------------------------------

alter table public.automation_audit enable always trigger automation_audit_append_only;
alter table public.automation_audit enable always trigger automation_audit_no_truncate;
alter table public.kill_switch_log enable always trigger kill_switch_log_append_only;
alter table public.kill_switch_log enable always trigger kill_switch_log_no_truncate;

-- History is written only by the functions: the audit by append_audit, the kill-switch state
-- and its log together by set_kill_switch (so no flip goes unlogged). Reads stay direct.

revoke insert, update, delete, truncate, references, trigger on table public.automation_audit
  from public, anon, authenticated, service_role;
revoke insert, update, delete, truncate, references, trigger on table public.kill_switch_log
  from public, anon, authenticated, service_role;
revoke insert, update, delete, truncate, references, trigger on table public.kill_switch_state
  from public, anon, authenticated, service_role;
grant select on table public.automation_audit, public.kill_switch_log, public.kill_switch_state to service_role;

drop policy if exists automation_audit_service_role_insert on public.automation_audit;
drop policy if exists kill_switch_log_service_role_all on public.kill_switch_log;
drop policy if exists kill_switch_log_service_role_read on public.kill_switch_log;
create policy kill_switch_log_service_role_read on public.kill_switch_log for select to service_role using (true);
drop policy if exists kill_switch_state_service_role_all on public.kill_switch_state;
drop policy if exists kill_switch_state_service_role_read on public.kill_switch_state;
create policy kill_switch_state_service_role_read on public.kill_switch_state for select to service_role using (true);

-- Nothing of OpsGuard's is open to anon. Supabase's default privileges grant anon and
-- authenticated everything on new tables, sequences and functions in public; the tables'
-- own migrations revoked theirs, these were left. ---------------------------------------------

revoke all on sequence public.retry_history_id_seq, public.notifications_id_seq, public.kill_switch_log_id_seq
  from public, anon, authenticated;
revoke all on function public.refuse_change() from public, anon, authenticated, service_role;

-- schema_migrations is the migration runner's record (packages/store/src/migrate.ts creates it
-- before the first migration; `supabase db push` keeps its own elsewhere, so it may be absent).
-- The connecting role reads it to see that nothing is pending; nobody else sees it.
do $$
begin
  if to_regclass('public.schema_migrations') is not null then
    alter table public.schema_migrations enable row level security;
    revoke all on table public.schema_migrations from public, anon, authenticated, service_role;
    grant select on table public.schema_migrations to service_role;
    drop policy if exists schema_migrations_service_role_read on public.schema_migrations;
    create policy schema_migrations_service_role_read on public.schema_migrations
      for select to service_role using (true);
  end if;
end
$$;

comment on table public.automation_audit is
  'Append-only: the triggers refuse UPDATE, DELETE and TRUNCATE for every role and fire in replica mode too; '
  'only the owner (opsguard_owner, no login) or a superuser can disable them. Written by append_audit.';
comment on table public.kill_switch_log is
  'Append-only like automation_audit; written by set_kill_switch together with kill_switch_state.';
comment on function public.refuse_change() is
  'Trigger of the append-only tables. Owned by opsguard_owner so the connecting role cannot replace it.';
