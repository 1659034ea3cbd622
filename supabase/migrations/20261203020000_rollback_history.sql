-- Rollback history: one row per event of a rollback (planned with the plan itself, apply
-- started, each step done / failed / skipped, applied or partial, the recovery verified or not).
-- Append-only like the audit trail: a trigger refuses UPDATE, DELETE and TRUNCATE, the table is
-- written only through append_rollback_history (SECURITY DEFINER), and ids are deterministic so
-- the same event written twice stays one row. The function takes the time; it never reads now().
create table if not exists public.rollback_history (
  id         text        primary key check (length(id) between 1 and 200),
  -- Insertion order, for events written within the same millisecond.
  seq        bigint      generated always as identity,
  at         timestamptz not null,
  repo       text        not null,
  plan_hash  text        not null check (plan_hash ~ '^[0-9a-f]{64}$'),
  event      text        not null check (event in ('planned', 'apply-started', 'step-done', 'step-failed',
                                                    'step-skipped', 'applied', 'partial',
                                                    'recovery-verified', 'recovery-failed')),
  step       text,
  actor      text        not null,
  detail     text        not null,
  data       jsonb       not null default '{}'::jsonb check (jsonb_typeof(data) = 'object')
);
create index if not exists rollback_history_repo_at_idx on public.rollback_history (repo, at);
create index if not exists rollback_history_plan_idx on public.rollback_history (plan_hash, at);

drop trigger if exists rollback_history_append_only on public.rollback_history;
create trigger rollback_history_append_only before update or delete on public.rollback_history
  for each row execute function public.refuse_change();
drop trigger if exists rollback_history_no_truncate on public.rollback_history;
create trigger rollback_history_no_truncate before truncate on public.rollback_history
  for each statement execute function public.refuse_change();
alter table public.rollback_history enable always trigger rollback_history_append_only;
alter table public.rollback_history enable always trigger rollback_history_no_truncate;

-- Appends one entry; true when it was new, false when an entry with that id already stood.
create or replace function public.append_rollback_history(p_entry jsonb)
returns boolean
language plpgsql
security definer
set search_path = public, pg_temp
as $$
begin
  if jsonb_typeof(coalesce(p_entry->'data', '{}'::jsonb)) is distinct from 'object' then
    raise exception 'append_rollback_history: data must be an object' using errcode = 'invalid_parameter_value';
  end if;
  insert into public.rollback_history (id, at, repo, plan_hash, event, step, actor, detail, data)
  values (
    p_entry->>'id', (p_entry->>'at')::timestamptz, p_entry->>'repo', p_entry->>'plan_hash',
    p_entry->>'event', p_entry->>'step', p_entry->>'actor', p_entry->>'detail',
    coalesce(p_entry->'data', '{}'::jsonb))
  on conflict (id) do nothing;
  return found;
end
$$;

alter table public.rollback_history enable row level security;
revoke all on table public.rollback_history from public, anon, authenticated;
grant select on table public.rollback_history to service_role, authenticated;
drop policy if exists rollback_history_service_role_read on public.rollback_history;
create policy rollback_history_service_role_read on public.rollback_history for select to service_role using (true);
drop policy if exists rollback_history_authenticated_read on public.rollback_history;
create policy rollback_history_authenticated_read on public.rollback_history for select to authenticated using (true);

revoke all on function public.append_rollback_history(jsonb) from public, anon, authenticated;
grant execute on function public.append_rollback_history(jsonb) to service_role;

alter table public.rollback_history owner to opsguard_owner;
alter function public.append_rollback_history(jsonb) owner to opsguard_owner;
