-- Automation audit: one row per guarded action (SUCCESS | FAILURE | SKIPPED with the reason).
-- Append-only in the database itself: a trigger refuses UPDATE, DELETE and TRUNCATE for every
-- role (the owner and superusers included) and the privileges are not granted either.
-- The id is deterministic (guard), so appending the same record twice leaves one row.

create table if not exists public.automation_audit (
  id              text        primary key,
  at              timestamptz not null,
  action          text        not null,
  service         text        not null,
  target          text        not null,
  idempotency_key text        not null,
  outcome         text        not null check (outcome in ('SUCCESS', 'FAILURE', 'SKIPPED')),
  reason          text,
  dry_run         boolean     not null default false,
  actor           text        not null,
  attempts        integer     not null default 0,
  duration_ms     bigint      not null default 0,
  details         jsonb       not null default '{}'::jsonb check (jsonb_typeof(details) = 'object')
);
create index if not exists automation_audit_at_idx on public.automation_audit (at);
create index if not exists automation_audit_action_at_idx on public.automation_audit (action, at);
create index if not exists automation_audit_target_at_idx on public.automation_audit (target, at);
create index if not exists automation_audit_idempotency_key_idx on public.automation_audit (idempotency_key);

drop trigger if exists automation_audit_append_only on public.automation_audit;
create trigger automation_audit_append_only before update or delete on public.automation_audit
  for each row execute function public.refuse_change();
drop trigger if exists automation_audit_no_truncate on public.automation_audit;
create trigger automation_audit_no_truncate before truncate on public.automation_audit
  for each statement execute function public.refuse_change();

create or replace function public.append_audit(
  p_id text, p_at timestamptz, p_action text, p_service text, p_target text,
  p_idempotency_key text, p_outcome text, p_reason text, p_dry_run boolean, p_actor text,
  p_attempts integer, p_duration_ms bigint, p_details jsonb)
returns boolean
language plpgsql
security definer
set search_path = public, pg_temp
as $$
begin
  insert into public.automation_audit (
    id, at, action, service, target, idempotency_key, outcome, reason, dry_run, actor,
    attempts, duration_ms, details)
  values (
    p_id, p_at, p_action, p_service, p_target, p_idempotency_key, p_outcome, p_reason,
    coalesce(p_dry_run, false), p_actor, coalesce(p_attempts, 0), coalesce(p_duration_ms, 0),
    coalesce(p_details, '{}'::jsonb))
  on conflict (id) do nothing;
  return found;
end
$$;

alter table public.automation_audit enable row level security;
revoke all on table public.automation_audit from public, anon, authenticated, service_role;
grant select, insert on table public.automation_audit to service_role;
grant select on table public.automation_audit to authenticated;

drop policy if exists automation_audit_service_role_read on public.automation_audit;
create policy automation_audit_service_role_read on public.automation_audit for select to service_role using (true);
drop policy if exists automation_audit_service_role_insert on public.automation_audit;
create policy automation_audit_service_role_insert on public.automation_audit for insert to service_role with check (true);
drop policy if exists automation_audit_authenticated_read on public.automation_audit;
create policy automation_audit_authenticated_read on public.automation_audit for select to authenticated using (true);

revoke all on function public.append_audit(text, timestamptz, text, text, text, text, text, text, boolean, text, integer, bigint, jsonb)
  from public, anon, authenticated;
grant execute on function public.append_audit(text, timestamptz, text, text, text, text, text, text, boolean, text, integer, bigint, jsonb)
  to service_role;
