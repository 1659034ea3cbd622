-- Guardrail executions: one row per IAM deny OpsGuard applied (one managed policy attached to
-- one or more principals), written BEFORE the first IAM call so the TTL clean-up can never lose
-- track of a deny, whatever happens after. The policy document carries its own expiry
-- (DateLessThan aws:CurrentTime); the clean-up detaches it once `ttl_expires_at` has passed.
-- Functions take the time as an argument (injected clocks) and never read now().
create table if not exists public.guardrail_executions (
  id                   text        primary key,
  plan_hash            text        not null check (plan_hash ~ '^[0-9a-f]{64}$'),
  policy_id            text        not null,
  mode                 text        not null check (mode in ('manual', 'auto')),
  account_id           text        not null check (account_id ~ '^[0-9]{12}$'),
  budget_name          text        not null,
  principals           jsonb       not null check (jsonb_typeof(principals) = 'array' and jsonb_array_length(principals) > 0),
  deny_actions         jsonb       not null check (jsonb_typeof(deny_actions) = 'array'),
  policy_arn           text        not null,
  policy_document      jsonb       not null check (jsonb_typeof(policy_document) = 'object'),
  status               text        not null check (status in ('executed', 'rolled_back', 'failed')),
  executed_by          text        not null,
  executed_at          timestamptz not null,
  ttl_expires_at       timestamptz not null,
  -- Clean-up attempts on this execution, and how many of the last ones failed in a row.
  attempts             integer     not null default 0 check (attempts >= 0),
  consecutive_failures integer     not null default 0 check (consecutive_failures >= 0),
  last_error           text,
  rolled_back_at       timestamptz,
  -- A clean-up run holds the rows it works on until lease_until, so two runs (the cron and the
  -- start of a guardrail run) never work on one execution at once.
  lease_owner          text,
  lease_until          timestamptz,
  updated_at           timestamptz not null,
  constraint guardrail_executions_plan_policy_key unique (plan_hash, policy_id),
  constraint guardrail_executions_rolled_back_at check ((status = 'rolled_back') = (rolled_back_at is not null))
);
create index if not exists guardrail_executions_due_idx
  on public.guardrail_executions (ttl_expires_at, id) where status = 'executed';

-- The execution, as the stores read it back.
create or replace function public.guardrail_execution_json(e public.guardrail_executions)
returns jsonb
language sql
immutable
set search_path = public, pg_temp
as $$
  select to_jsonb(e) - 'lease_owner' - 'lease_until';
$$;

-- Records an execution before anything is done. The id is deterministic (plan hash + policy), so
-- the same reviewed plan applied twice records once and the second caller sees the first row.
create or replace function public.record_guardrail_execution(p_execution jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  e public.guardrail_executions;
  v_inserted boolean := false;
begin
  insert into public.guardrail_executions (
    id, plan_hash, policy_id, mode, account_id, budget_name, principals, deny_actions, policy_arn,
    policy_document, status, executed_by, executed_at, ttl_expires_at, updated_at)
  values (
    p_execution->>'id', p_execution->>'plan_hash', p_execution->>'policy_id', p_execution->>'mode',
    p_execution->>'account_id', p_execution->>'budget_name', p_execution->'principals',
    p_execution->'deny_actions', p_execution->>'policy_arn', p_execution->'policy_document', 'executed',
    p_execution->>'executed_by', (p_execution->>'executed_at')::timestamptz,
    (p_execution->>'ttl_expires_at')::timestamptz, p_now)
  on conflict (id) do nothing
  returning * into e;
  if found then
    v_inserted := true;
  else
    select * into e from public.guardrail_executions where id = p_execution->>'id';
  end if;
  return jsonb_build_object('inserted', v_inserted, 'execution', public.guardrail_execution_json(e));
end
$$;

-- The executor could not apply the deny and nothing of it is left: `executed` → `failed`.
-- p_expire_now instead keeps the row `executed` and due at once, for a deny left half applied,
-- so the next clean-up removes what is there.
create or replace function public.fail_guardrail_execution(
  p_id text, p_error text, p_expire_now boolean, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  e public.guardrail_executions;
begin
  update public.guardrail_executions set
    status = case when p_expire_now then 'executed' else 'failed' end,
    ttl_expires_at = case when p_expire_now then least(ttl_expires_at, p_now) else ttl_expires_at end,
    last_error = p_error,
    updated_at = p_now
  where id = p_id and status = 'executed'
  returning * into e;
  return case when found then public.guardrail_execution_json(e) else null end;
end
$$;

-- Up to p_limit expired `executed` rows no other run holds, oldest expiry first, leased to
-- p_owner until p_now + p_lease_ms. SKIP LOCKED: concurrent clean-ups split the work.
create or replace function public.claim_expired_guardrail_executions(
  p_now timestamptz, p_limit integer, p_lease_ms bigint, p_owner text)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_rows jsonb;
begin
  if p_limit is null or p_limit < 1 or p_limit > 1000 then
    raise exception 'claim_expired_guardrail_executions: p_limit must be 1..1000' using errcode = 'invalid_parameter_value';
  end if;
  with due as (
    select g.id from public.guardrail_executions g
    where g.status = 'executed' and g.ttl_expires_at <= p_now
      and (g.lease_until is null or g.lease_until <= p_now)
    order by g.ttl_expires_at, g.id
    limit p_limit
    for update skip locked
  ), claimed as (
    update public.guardrail_executions g set
      lease_owner = p_owner,
      lease_until = p_now + make_interval(secs => p_lease_ms / 1000.0),
      updated_at = p_now
    from due where g.id = due.id
    returning g.*
  )
  select coalesce(jsonb_agg(public.guardrail_execution_json(c) order by c.ttl_expires_at, c.id), '[]'::jsonb)
  into v_rows from claimed c;
  return v_rows;
end
$$;

-- The outcome of one clean-up attempt by the lease holder:
--   rolled_back  → status rolled_back, failures reset, lease released;
--   failed       → still executed (retried by a later run), one more consecutive failure, lease kept
--                  until it runs out so this run does not pick it again;
--   terminal     → status failed (retrying cannot help, e.g. LimitExceeded), one more failure.
-- Only an `executed` row changes: a second run, or a late one, changes nothing.
create or replace function public.finish_guardrail_rollback(
  p_id text, p_owner text, p_outcome text, p_error text, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  e public.guardrail_executions;
begin
  if p_outcome not in ('rolled_back', 'failed', 'terminal') then
    raise exception 'finish_guardrail_rollback: unknown outcome %', p_outcome using errcode = 'invalid_parameter_value';
  end if;
  update public.guardrail_executions set
    status = case p_outcome when 'rolled_back' then 'rolled_back' when 'terminal' then 'failed' else 'executed' end,
    rolled_back_at = case when p_outcome = 'rolled_back' then p_now else null end,
    attempts = attempts + 1,
    consecutive_failures = case when p_outcome = 'rolled_back' then 0 else consecutive_failures + 1 end,
    last_error = case when p_outcome = 'rolled_back' then last_error else p_error end,
    lease_owner = case when p_outcome = 'failed' then lease_owner else null end,
    lease_until = case when p_outcome = 'failed' then lease_until else null end,
    updated_at = p_now
  where id = p_id and status = 'executed' and (lease_owner is null or lease_owner = p_owner)
  returning * into e;
  return case when found then public.guardrail_execution_json(e) else null end;
end
$$;

-- Access: the service role works through the functions and reads; a signed-in dashboard reads.
alter table public.guardrail_executions enable row level security;

revoke all on table public.guardrail_executions from public, anon, authenticated;
grant select, insert, update on table public.guardrail_executions to service_role;
grant select on table public.guardrail_executions to authenticated;

drop policy if exists guardrail_executions_service_role_all on public.guardrail_executions;
create policy guardrail_executions_service_role_all on public.guardrail_executions for all to service_role using (true) with check (true);
drop policy if exists guardrail_executions_authenticated_read on public.guardrail_executions;
create policy guardrail_executions_authenticated_read on public.guardrail_executions for select to authenticated using (true);

revoke all on function
  public.guardrail_execution_json(public.guardrail_executions),
  public.record_guardrail_execution(jsonb, timestamptz),
  public.fail_guardrail_execution(text, text, boolean, timestamptz),
  public.claim_expired_guardrail_executions(timestamptz, integer, bigint, text),
  public.finish_guardrail_rollback(text, text, text, text, timestamptz)
  from public, anon, authenticated;
grant execute on function
  public.guardrail_execution_json(public.guardrail_executions),
  public.record_guardrail_execution(jsonb, timestamptz),
  public.fail_guardrail_execution(text, text, boolean, timestamptz),
  public.claim_expired_guardrail_executions(timestamptz, integer, bigint, text),
  public.finish_guardrail_rollback(text, text, text, text, timestamptz)
  to service_role;
