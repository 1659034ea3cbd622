-- Rollback records: what the kill switch (kind `kill-switch`) or the rollback engine (kind
-- `rollback`) is about to change, with the state before, written BEFORE the first change and
-- updated after each step. `deactivate --restore` undoes exactly what a record says was changed,
-- so a workflow a person had disabled before stays disabled; a second run of an unfinished
-- change reads the same record and finishes it (idempotent). Written only through the SECURITY
-- DEFINER functions below; functions take the time as an argument and never read now().
create table if not exists public.rollback_records (
  id          text        primary key check (length(id) between 1 and 200),
  kind        text        not null check (kind in ('kill-switch', 'rollback')),
  repo        text        not null,
  -- What the change covers: `global:*`, `service:github:acme/web:CI`, a rollback plan's hash, …
  scope       text        not null,
  reason      text        not null,
  -- Per target, its state before the change (workflow id → `active` | `disabled_manually`, …).
  prior_state jsonb       not null default '{}'::jsonb check (jsonb_typeof(prior_state) = 'object'),
  -- The steps in order: { id, kind, target, status, detail, at }.
  steps       jsonb       not null default '[]'::jsonb check (jsonb_typeof(steps) = 'array'),
  status      text        not null check (status in ('open', 'applied', 'partial', 'restored')),
  created_by  text        not null,
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);
create index if not exists rollback_records_kind_scope_idx
  on public.rollback_records (kind, repo, scope, created_at desc);

-- Records a change before it is made. Same id twice: the first row stands (and is returned).
create or replace function public.create_rollback_record(p_record jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  r public.rollback_records;
  v_inserted boolean := false;
begin
  insert into public.rollback_records (
    id, kind, repo, scope, reason, prior_state, steps, status, created_by, created_at, updated_at)
  values (
    p_record->>'id', p_record->>'kind', p_record->>'repo', p_record->>'scope', p_record->>'reason',
    coalesce(p_record->'prior_state', '{}'::jsonb), coalesce(p_record->'steps', '[]'::jsonb), 'open',
    p_record->>'created_by', p_now, p_now)
  on conflict (id) do nothing
  returning * into r;
  if found then
    v_inserted := true;
  else
    select * into r from public.rollback_records where id = p_record->>'id';
  end if;
  return jsonb_build_object('inserted', v_inserted, 'record', to_jsonb(r));
end
$$;

-- Adds the prior state of targets not yet recorded; a target already recorded keeps the state
-- it had before the FIRST change (a second run must not record the brake's own disable as prior).
create or replace function public.merge_rollback_prior_state(p_id text, p_prior jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  r public.rollback_records;
begin
  if jsonb_typeof(p_prior) is distinct from 'object' then
    raise exception 'merge_rollback_prior_state: p_prior must be an object' using errcode = 'invalid_parameter_value';
  end if;
  update public.rollback_records set prior_state = p_prior || prior_state, updated_at = p_now
  where id = p_id
  returning * into r;
  return case when found then to_jsonb(r) else null end;
end
$$;

-- One step's outcome: replaces the step with the same id, else appends it.
create or replace function public.record_rollback_step(p_id text, p_step jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  r public.rollback_records;
begin
  if p_step->>'id' is null or p_step->>'status' not in ('pending', 'done', 'failed', 'skipped') then
    raise exception 'record_rollback_step: a step needs an id and a status pending|done|failed|skipped'
      using errcode = 'invalid_parameter_value';
  end if;
  update public.rollback_records set
    steps = case
      when exists (select 1 from jsonb_array_elements(steps) s where s->>'id' = p_step->>'id') then
        (select jsonb_agg(case when s->>'id' = p_step->>'id' then p_step else s end order by n)
         from jsonb_array_elements(steps) with ordinality as e(s, n))
      else steps || jsonb_build_array(p_step)
    end,
    updated_at = p_now
  where id = p_id
  returning * into r;
  return case when found then to_jsonb(r) else null end;
end
$$;

create or replace function public.set_rollback_record_status(p_id text, p_status text, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  r public.rollback_records;
begin
  if p_status not in ('open', 'applied', 'partial', 'restored') then
    raise exception 'set_rollback_record_status: unknown status %', p_status using errcode = 'invalid_parameter_value';
  end if;
  update public.rollback_records set status = p_status, updated_at = p_now
  where id = p_id
  returning * into r;
  return case when found then to_jsonb(r) else null end;
end
$$;

-- Access: the service role reads and writes through the functions; a signed-in dashboard reads.
alter table public.rollback_records enable row level security;

revoke all on table public.rollback_records from public, anon, authenticated;
grant select on table public.rollback_records to service_role, authenticated;

drop policy if exists rollback_records_service_role_read on public.rollback_records;
create policy rollback_records_service_role_read on public.rollback_records for select to service_role using (true);
drop policy if exists rollback_records_authenticated_read on public.rollback_records;
create policy rollback_records_authenticated_read on public.rollback_records for select to authenticated using (true);

revoke all on function
  public.create_rollback_record(jsonb, timestamptz),
  public.merge_rollback_prior_state(text, jsonb, timestamptz),
  public.record_rollback_step(text, jsonb, timestamptz),
  public.set_rollback_record_status(text, text, timestamptz)
  from public, anon, authenticated;
grant execute on function
  public.create_rollback_record(jsonb, timestamptz),
  public.merge_rollback_prior_state(text, jsonb, timestamptz),
  public.record_rollback_step(text, jsonb, timestamptz),
  public.set_rollback_record_status(text, text, timestamptz)
  to service_role;

alter table public.rollback_records owner to opsguard_owner;
alter function public.create_rollback_record(jsonb, timestamptz) owner to opsguard_owner;
alter function public.merge_rollback_prior_state(text, jsonb, timestamptz) owner to opsguard_owner;
alter function public.record_rollback_step(text, jsonb, timestamptz) owner to opsguard_owner;
alter function public.set_rollback_record_status(text, text, timestamptz) owner to opsguard_owner;
