import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{A as I,B,C as K,D as U,E as L,F as N,G,H as F,I as J,J as H,K as W,L as Q,M as V,a as _,b as pe,c,d as de,e as _e,f as me,g as k,h as m,i as x,j as v,k as S,l as j,m as q,n as $,o as R,p as P,q as E,r as C,s as b,t as z,u as be,v as M,w as T,x as A,y as O,z as D}from"./chunk-M7OTUEXX.js";import{a as w}from"./chunk-R6ZCEJG3.js";import"./chunk-GDKXHWNX.js";import{createHash as fe}from"node:crypto";import{readdir as ye,readFile as ge}from"node:fs/promises";import{join as he}from"node:path";import{fileURLToPath as we}from"node:url";var Y=[{name:"20261123000100_roles_and_base.sql",sql:`-- OpsGuard base: the Supabase roles and shared helpers.
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
`},{name:"20261123000200_runs.sql",sql:`-- Runs, jobs and retry history. GitHub keeps run_id across re-runs and grows run_attempt, so a
-- run row is one attempt: upserts by (repo, run_id, attempt) make collecting twice harmless.

create table if not exists public.runs (
  repo          text        not null,
  run_id        bigint      not null,
  attempt       integer     not null check (attempt >= 1),
  workflow_id   bigint      not null,
  workflow_name text        not null,
  event         text        not null,
  branch        text,
  head_sha      text        not null,
  status        text        not null,
  conclusion    text,
  created_at    timestamptz not null,
  started_at    timestamptz,
  updated_at    timestamptz not null,
  duration_ms   bigint,
  queue_ms      bigint,
  url           text        not null,
  cause         text,
  primary key (repo, run_id, attempt)
);
create index if not exists runs_created_at_idx on public.runs (created_at);

-- GitHub job ids are unique across attempts (a re-run makes new jobs), so job_id identifies one.
create table if not exists public.jobs (
  repo         text        not null,
  job_id       bigint      not null,
  run_id       bigint      not null,
  attempt      integer     not null check (attempt >= 1),
  name         text        not null,
  status       text        not null,
  conclusion   text,
  created_at   timestamptz,
  started_at   timestamptz,
  completed_at timestamptz,
  runner_name  text,
  primary key (repo, job_id)
);
create index if not exists jobs_run_idx on public.jobs (repo, run_id, attempt);

create table if not exists public.retry_history (
  id            bigint generated always as identity primary key,
  repo          text        not null,
  run_id        bigint      not null,
  attempt       integer     not null,
  workflow_name text        not null,
  cause         text        not null,
  transient     boolean     not null,
  decision      text        not null check (decision in ('rerun', 'skip', 'shadow', 'wait')),
  reason        text        not null,
  delay_ms      bigint      not null default 0,
  result        text,
  evidence      jsonb       not null default '[]'::jsonb check (jsonb_typeof(evidence) = 'array'),
  decided_at    timestamptz not null
);
create index if not exists retry_history_run_idx on public.retry_history (repo, run_id, attempt);
create index if not exists retry_history_decided_at_idx on public.retry_history (decided_at);

-- Batched upserts: one round trip per batch of rows (a jsonb array of snake_case objects).
-- distinct on keeps the last occurrence of a key, since ON CONFLICT cannot touch a row twice.
create or replace function public.upsert_runs(p_rows jsonb)
returns integer
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  n integer;
begin
  insert into public.runs as r (
    repo, run_id, attempt, workflow_id, workflow_name, event, branch, head_sha, status,
    conclusion, created_at, started_at, updated_at, duration_ms, queue_ms, url, cause)
  select distinct on (x.repo, x.run_id, x.attempt)
    x.repo, x.run_id, x.attempt, x.workflow_id, x.workflow_name, x.event, x.branch, x.head_sha,
    x.status, x.conclusion, x.created_at, x.started_at, x.updated_at, x.duration_ms, x.queue_ms,
    x.url, x.cause
  from rows from (jsonb_to_recordset(p_rows) as (
    repo text, run_id bigint, attempt integer, workflow_id bigint, workflow_name text,
    event text, branch text, head_sha text, status text, conclusion text,
    created_at timestamptz, started_at timestamptz, updated_at timestamptz,
    duration_ms bigint, queue_ms bigint, url text, cause text)) with ordinality as x(
    repo, run_id, attempt, workflow_id, workflow_name, event, branch, head_sha, status,
    conclusion, created_at, started_at, updated_at, duration_ms, queue_ms, url, cause, ord)
  order by x.repo, x.run_id, x.attempt, x.ord desc
  on conflict (repo, run_id, attempt) do update set
    workflow_id = excluded.workflow_id, workflow_name = excluded.workflow_name,
    event = excluded.event, branch = excluded.branch, head_sha = excluded.head_sha,
    status = excluded.status, conclusion = excluded.conclusion,
    created_at = excluded.created_at, started_at = excluded.started_at,
    updated_at = excluded.updated_at, duration_ms = excluded.duration_ms,
    queue_ms = excluded.queue_ms, url = excluded.url, cause = excluded.cause;
  get diagnostics n = row_count;
  return n;
end
$$;

create or replace function public.upsert_jobs(p_rows jsonb)
returns integer
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  n integer;
begin
  insert into public.jobs as j (
    repo, job_id, run_id, attempt, name, status, conclusion, created_at, started_at,
    completed_at, runner_name)
  select distinct on (x.repo, x.job_id)
    x.repo, x.job_id, x.run_id, x.attempt, x.name, x.status, x.conclusion, x.created_at,
    x.started_at, x.completed_at, x.runner_name
  from rows from (jsonb_to_recordset(p_rows) as (
    repo text, job_id bigint, run_id bigint, attempt integer, name text, status text,
    conclusion text, created_at timestamptz, started_at timestamptz,
    completed_at timestamptz, runner_name text)) with ordinality as x(
    repo, job_id, run_id, attempt, name, status, conclusion, created_at, started_at,
    completed_at, runner_name, ord)
  order by x.repo, x.job_id, x.ord desc
  on conflict (repo, job_id) do update set
    run_id = excluded.run_id, attempt = excluded.attempt, name = excluded.name,
    status = excluded.status, conclusion = excluded.conclusion,
    created_at = excluded.created_at, started_at = excluded.started_at,
    completed_at = excluded.completed_at, runner_name = excluded.runner_name;
  get diagnostics n = row_count;
  return n;
end
$$;

-- Access: the service role writes; a signed-in dashboard reads; anon sees nothing.
alter table public.runs enable row level security;
alter table public.jobs enable row level security;
alter table public.retry_history enable row level security;

revoke all on table public.runs, public.jobs, public.retry_history from public, anon, authenticated;
grant select, insert, update, delete on table public.runs, public.jobs, public.retry_history to service_role;
grant select on table public.runs, public.jobs, public.retry_history to authenticated;
grant usage on sequence public.retry_history_id_seq to service_role;

drop policy if exists runs_service_role_all on public.runs;
create policy runs_service_role_all on public.runs for all to service_role using (true) with check (true);
drop policy if exists runs_authenticated_read on public.runs;
create policy runs_authenticated_read on public.runs for select to authenticated using (true);
drop policy if exists jobs_service_role_all on public.jobs;
create policy jobs_service_role_all on public.jobs for all to service_role using (true) with check (true);
drop policy if exists jobs_authenticated_read on public.jobs;
create policy jobs_authenticated_read on public.jobs for select to authenticated using (true);
drop policy if exists retry_history_service_role_all on public.retry_history;
create policy retry_history_service_role_all on public.retry_history for all to service_role using (true) with check (true);
drop policy if exists retry_history_authenticated_read on public.retry_history;
create policy retry_history_authenticated_read on public.retry_history for select to authenticated using (true);

revoke all on function public.upsert_runs(jsonb), public.upsert_jobs(jsonb) from public, anon, authenticated;
grant execute on function public.upsert_runs(jsonb), public.upsert_jobs(jsonb) to service_role;
`},{name:"20261123000300_guard_state.sql",sql:`-- The guard's state: kill switches, token buckets, circuit breakers, idempotency keys, metrics.
-- Every action run is a new process, so this state is shared through the database; whatever
-- must be atomic under concurrent runs is one SQL function (one rpc on Supabase). Functions take
-- the time as an argument (injected clocks) and never read now().

-- Kill switches ------------------------------------------------------------------------------

create table if not exists public.kill_switch_state (
  scope      text        not null check (scope in ('global', 'service', 'action')),
  target     text        not null,
  active     boolean     not null,
  reason     text,
  updated_by text,
  updated_at timestamptz not null,
  primary key (scope, target),
  check (scope <> 'global' or target = '*')
);

create table if not exists public.kill_switch_log (
  id     bigint generated always as identity primary key,
  scope  text        not null,
  target text        not null,
  active boolean     not null,
  reason text        not null,
  actor  text        not null,
  at     timestamptz not null
);
create index if not exists kill_switch_log_at_idx on public.kill_switch_log (at);

drop trigger if exists kill_switch_log_append_only on public.kill_switch_log;
create trigger kill_switch_log_append_only before update or delete on public.kill_switch_log
  for each row execute function public.refuse_change();
drop trigger if exists kill_switch_log_no_truncate on public.kill_switch_log;
create trigger kill_switch_log_no_truncate before truncate on public.kill_switch_log
  for each statement execute function public.refuse_change();

-- State and its log change together, so the log can never miss a flip.
create or replace function public.set_kill_switch(
  p_scope text, p_target text, p_active boolean, p_reason text, p_actor text, p_at timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  s public.kill_switch_state;
begin
  insert into public.kill_switch_state as k (scope, target, active, reason, updated_by, updated_at)
  values (p_scope, p_target, p_active, p_reason, p_actor, p_at)
  on conflict (scope, target) do update set
    active = excluded.active, reason = excluded.reason,
    updated_by = excluded.updated_by, updated_at = excluded.updated_at
  returning * into s;
  insert into public.kill_switch_log (scope, target, active, reason, actor, at)
  values (p_scope, p_target, p_active, p_reason, p_actor, p_at);
  return to_jsonb(s);
end
$$;

-- Token buckets ------------------------------------------------------------------------------

create table if not exists public.token_buckets (
  key               text             primary key,
  capacity          double precision not null check (capacity > 0),
  refill_per_second double precision not null check (refill_per_second > 0),
  tokens            double precision not null check (tokens >= 0),
  updated_at        timestamptz      not null
);

-- All buckets or none: a run must not spend its global token and then be refused by its
-- service bucket. Rows are locked in key order so concurrent callers cannot deadlock.
-- p_buckets: [{"key", "capacity", "refill_per_second"}]; the first refusing bucket in the
-- caller's order is reported. A new bucket starts full.
create or replace function public.consume_tokens(p_buckets jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  -- 10/min is 1/6 per second, which floats cannot hold exactly: forgive the rounding.
  epsilon constant double precision := 1e-9;
  b record;
  refilled double precision;
  v_denied text;
  v_retry_ms bigint := 0;
begin
  if p_buckets is null or jsonb_typeof(p_buckets) <> 'array' then
    raise exception 'consume_tokens: p_buckets must be a json array' using errcode = 'invalid_parameter_value';
  end if;

  insert into public.token_buckets (key, capacity, refill_per_second, tokens, updated_at)
  select x.key, x.capacity, x.refill_per_second, x.capacity, p_now
  from jsonb_to_recordset(p_buckets) as x(key text, capacity double precision, refill_per_second double precision)
  order by x.key
  on conflict (key) do nothing;

  perform 1 from public.token_buckets t
  where t.key in (select x.key from jsonb_to_recordset(p_buckets) as x(key text))
  order by t.key
  for update;

  for b in
    select x.key, x.capacity, x.refill_per_second, t.tokens, t.updated_at
    from rows from (jsonb_to_recordset(p_buckets) as (key text, capacity double precision, refill_per_second double precision))
      with ordinality as x(key, capacity, refill_per_second, ord)
    join public.token_buckets t on t.key = x.key
    order by x.ord
  loop
    refilled := least(b.capacity,
      b.tokens + greatest(0, extract(epoch from (p_now - b.updated_at)))::double precision * b.refill_per_second);
    if refilled + epsilon < 1 then
      v_denied := b.key;
      v_retry_ms := ceil((1 - refilled) / b.refill_per_second * 1000)::bigint;
      exit;
    end if;
  end loop;

  -- Refill is stored even on refusal: it is the same state, just written down.
  update public.token_buckets t set
    capacity = x.capacity,
    refill_per_second = x.refill_per_second,
    tokens = greatest(0, least(x.capacity,
      t.tokens + greatest(0, extract(epoch from (p_now - t.updated_at)))::double precision * x.refill_per_second)
      - case when v_denied is null then 1 else 0 end),
    updated_at = greatest(t.updated_at, p_now)
  from (
    select distinct on (y.key) y.key, y.capacity, y.refill_per_second
    from jsonb_to_recordset(p_buckets) as y(key text, capacity double precision, refill_per_second double precision)
    order by y.key
  ) x
  where t.key = x.key;

  return jsonb_build_object('allowed', v_denied is null, 'denied_key', v_denied, 'retry_after_ms', v_retry_ms);
end
$$;

-- Circuit breakers ---------------------------------------------------------------------------

create table if not exists public.circuit_breakers (
  target                text        primary key,
  state                 text        not null default 'closed' check (state in ('closed', 'open', 'half_open')),
  consecutive_failures  integer     not null default 0,
  consecutive_successes integer     not null default 0,
  opened_at             timestamptz,
  updated_at            timestamptz not null
);

-- An open breaker refuses until open_ms has passed, then lets calls through half-open.
create or replace function public.admit_breaker(p_target text, p_open_ms bigint, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  b public.circuit_breakers;
  elapsed_ms double precision;
begin
  select * into b from public.circuit_breakers where target = p_target for update;
  if not found then
    return jsonb_build_object('allowed', true, 'state', 'closed', 'retry_after_ms', 0);
  end if;
  if b.state = 'open' then
    elapsed_ms := extract(epoch from (p_now - coalesce(b.opened_at, p_now))) * 1000;
    if elapsed_ms < p_open_ms then
      return jsonb_build_object('allowed', false, 'state', 'open',
        'retry_after_ms', ceil(p_open_ms - elapsed_ms)::bigint);
    end if;
    update public.circuit_breakers
      set state = 'half_open', consecutive_successes = 0, updated_at = p_now
      where target = p_target;
    return jsonb_build_object('allowed', true, 'state', 'half_open', 'retry_after_ms', 0);
  end if;
  return jsonb_build_object('allowed', true, 'state', b.state, 'retry_after_ms', 0);
end
$$;

-- closed: failure_threshold consecutive failures open it. half_open: success_threshold
-- consecutive successes close it, any failure reopens it. open: outcomes of calls admitted
-- before it opened only count failures; the open period is not extended by them.
create or replace function public.record_breaker_outcome(
  p_target text, p_success boolean, p_failure_threshold integer, p_success_threshold integer,
  p_open_ms bigint, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  b public.circuit_breakers;
  st text;
  f integer;
  s integer;
  opened timestamptz;
begin
  insert into public.circuit_breakers (target, state, updated_at)
  values (p_target, 'closed', p_now)
  on conflict (target) do nothing;
  select * into b from public.circuit_breakers where target = p_target for update;

  st := b.state; f := b.consecutive_failures; s := b.consecutive_successes; opened := b.opened_at;
  if st = 'open' and p_now >= coalesce(opened, p_now) + p_open_ms * interval '1 millisecond' then
    st := 'half_open';
    s := 0;
  end if;

  if p_success then
    if st = 'closed' then
      f := 0; s := s + 1;
    elsif st = 'half_open' then
      f := 0; s := s + 1;
      if s >= p_success_threshold then
        st := 'closed'; opened := null;
      end if;
    end if;
  else
    f := f + 1; s := 0;
    if st = 'half_open' or (st = 'closed' and f >= p_failure_threshold) then
      st := 'open'; opened := p_now;
    end if;
  end if;

  update public.circuit_breakers set
    state = st, consecutive_failures = f, consecutive_successes = s,
    opened_at = opened, updated_at = p_now
  where target = p_target
  returning * into b;
  return to_jsonb(b);
end
$$;

-- Idempotency keys ---------------------------------------------------------------------------

create table if not exists public.idempotency_keys (
  key          text        primary key,
  scope        text        not null,
  owner        text        not null,
  status       text        not null check (status in ('claimed', 'completed', 'failed')),
  result       jsonb,
  claimed_at   timestamptz not null,
  expires_at   timestamptz not null,
  completed_at timestamptz,
  check (expires_at > claimed_at)
);
create index if not exists idempotency_keys_expires_at_idx on public.idempotency_keys (expires_at);

-- New or expired: the caller now holds the key. Live: the holder's record comes back.
-- One INSERT ... ON CONFLICT, so of N concurrent claimers exactly one wins.
create or replace function public.claim_idempotency_key(
  p_key text, p_scope text, p_owner text, p_ttl_ms bigint, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  rec public.idempotency_keys;
begin
  if p_ttl_ms is null or p_ttl_ms <= 0 then
    raise exception 'claim_idempotency_key: p_ttl_ms must be positive' using errcode = 'invalid_parameter_value';
  end if;
  insert into public.idempotency_keys as k
    (key, scope, owner, status, result, claimed_at, expires_at, completed_at)
  values (p_key, p_scope, p_owner, 'claimed', null, p_now, p_now + p_ttl_ms * interval '1 millisecond', null)
  on conflict (key) do update set
    scope = excluded.scope, owner = excluded.owner, status = 'claimed', result = null,
    claimed_at = excluded.claimed_at, expires_at = excluded.expires_at, completed_at = null
  where k.expires_at <= p_now
  returning * into rec;
  if found then
    return jsonb_build_object('claimed', true, 'existing', null);
  end if;
  select * into rec from public.idempotency_keys where key = p_key;
  return jsonb_build_object('claimed', false, 'existing', to_jsonb(rec));
end
$$;

create or replace function public.complete_idempotency_key(
  p_key text, p_status text, p_result jsonb, p_now timestamptz)
returns boolean
language plpgsql
security definer
set search_path = public, pg_temp
as $$
begin
  if p_status not in ('completed', 'failed') then
    raise exception 'complete_idempotency_key: status must be completed or failed, got %', p_status
      using errcode = 'invalid_parameter_value';
  end if;
  update public.idempotency_keys
    set status = p_status, result = p_result, completed_at = p_now
    where key = p_key;
  return found;
end
$$;

-- The seed's clean-up of expired keys; claims already treat expired keys as free.
create or replace function public.purge_expired_idempotency_keys(p_now timestamptz)
returns integer
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  n integer;
begin
  delete from public.idempotency_keys where expires_at <= p_now;
  get diagnostics n = row_count;
  return n;
end
$$;

-- Metrics ------------------------------------------------------------------------------------

create table if not exists public.metrics (
  name   text             not null,
  labels jsonb            not null default '{}'::jsonb check (jsonb_typeof(labels) = 'object'),
  minute timestamptz      not null,
  value  double precision not null default 0,
  primary key (name, labels, minute)
);
create index if not exists metrics_minute_idx on public.metrics (minute);

create or replace function public.increment_metric(
  p_name text, p_labels jsonb, p_value double precision, p_at timestamptz)
returns void
language plpgsql
security definer
set search_path = public, pg_temp
as $$
begin
  insert into public.metrics as m (name, labels, minute, value)
  values (p_name, coalesce(p_labels, '{}'::jsonb), date_trunc('minute', p_at, 'UTC'), p_value)
  on conflict (name, labels, minute) do update set value = m.value + excluded.value;
end
$$;

-- Access: guard state belongs to the service role alone. -------------------------------------

alter table public.kill_switch_state enable row level security;
alter table public.kill_switch_log enable row level security;
alter table public.token_buckets enable row level security;
alter table public.circuit_breakers enable row level security;
alter table public.idempotency_keys enable row level security;
alter table public.metrics enable row level security;

revoke all on table public.kill_switch_state, public.kill_switch_log, public.token_buckets,
  public.circuit_breakers, public.idempotency_keys, public.metrics
  from public, anon, authenticated;
grant select, insert, update, delete on table public.kill_switch_state, public.token_buckets,
  public.circuit_breakers, public.idempotency_keys, public.metrics to service_role;
revoke all on table public.kill_switch_log from service_role;
grant select, insert on table public.kill_switch_log to service_role;

drop policy if exists kill_switch_state_service_role_all on public.kill_switch_state;
create policy kill_switch_state_service_role_all on public.kill_switch_state for all to service_role using (true) with check (true);
drop policy if exists kill_switch_log_service_role_all on public.kill_switch_log;
create policy kill_switch_log_service_role_all on public.kill_switch_log for all to service_role using (true) with check (true);
drop policy if exists token_buckets_service_role_all on public.token_buckets;
create policy token_buckets_service_role_all on public.token_buckets for all to service_role using (true) with check (true);
drop policy if exists circuit_breakers_service_role_all on public.circuit_breakers;
create policy circuit_breakers_service_role_all on public.circuit_breakers for all to service_role using (true) with check (true);
drop policy if exists idempotency_keys_service_role_all on public.idempotency_keys;
create policy idempotency_keys_service_role_all on public.idempotency_keys for all to service_role using (true) with check (true);
drop policy if exists metrics_service_role_all on public.metrics;
create policy metrics_service_role_all on public.metrics for all to service_role using (true) with check (true);

revoke all on function
  public.set_kill_switch(text, text, boolean, text, text, timestamptz),
  public.consume_tokens(jsonb, timestamptz),
  public.admit_breaker(text, bigint, timestamptz),
  public.record_breaker_outcome(text, boolean, integer, integer, bigint, timestamptz),
  public.claim_idempotency_key(text, text, text, bigint, timestamptz),
  public.complete_idempotency_key(text, text, jsonb, timestamptz),
  public.purge_expired_idempotency_keys(timestamptz),
  public.increment_metric(text, jsonb, double precision, timestamptz)
  from public, anon, authenticated;
grant execute on function
  public.set_kill_switch(text, text, boolean, text, text, timestamptz),
  public.consume_tokens(jsonb, timestamptz),
  public.admit_breaker(text, bigint, timestamptz),
  public.record_breaker_outcome(text, boolean, integer, integer, bigint, timestamptz),
  public.claim_idempotency_key(text, text, text, bigint, timestamptz),
  public.complete_idempotency_key(text, text, jsonb, timestamptz),
  public.purge_expired_idempotency_keys(timestamptz),
  public.increment_metric(text, jsonb, double precision, timestamptz)
  to service_role;
`},{name:"20261123000400_audit.sql",sql:`-- Automation audit: one row per guarded action (SUCCESS | FAILURE | SKIPPED with the reason).
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
`},{name:"20261123000600_kpi.sql",sql:`-- KPIs in SQL, the same definitions as computeKpis in packages/core (docs/kpi.md), so a
-- dashboard can query them straight from the store; a test proves both agree on the sample.
-- One window (p_days ending at p_now), one row per workflow plus one with workflow_name null
-- for all workflows together. Percentiles are nearest-rank (percentile_disc).
create or replace function public.kpi_window(p_repo text, p_now timestamptz, p_days integer, p_default_branch text)
returns table (
  workflow_name text,
  runs bigint,
  attempts bigint,
  success_rate_by_run double precision,
  success_rate_by_attempt double precision,
  mean_retry_count double precision,
  duration_mean_ms double precision,
  duration_p50_ms double precision,
  duration_p95_ms double precision,
  queue_p50_ms double precision,
  queue_p95_ms double precision,
  mttr_ms double precision,
  incidents bigint,
  auto_recovery_rate double precision,
  auto_reruns bigint,
  failures_by_cause jsonb
)
language sql
stable
security definer
set search_path = public, pg_temp
as $$
with bounds as (
  select p_now - make_interval(days => p_days) as from_ts
),
att as (
  select r.*,
         (r.status = 'completed' and r.conclusion in ('success', 'failure', 'timed_out', 'startup_failure')) as finished,
         (r.status = 'completed' and r.conclusion in ('failure', 'timed_out', 'startup_failure')) as failed
  from public.runs r, bounds b
  where r.repo = p_repo and r.created_at >= b.from_ts and r.created_at <= p_now
),
attempt_figures as (
  select a.workflow_name,
         count(*) as attempts,
         count(*) filter (where a.finished) as finished,
         count(*) filter (where a.finished and a.conclusion = 'success') as succeeded,
         avg(a.duration_ms) filter (where a.finished and a.duration_ms is not null) as d_mean,
         percentile_disc(0.5) within group (order by a.duration_ms) filter (where a.finished and a.duration_ms is not null) as d50,
         percentile_disc(0.95) within group (order by a.duration_ms) filter (where a.finished and a.duration_ms is not null) as d95,
         percentile_disc(0.5) within group (order by a.queue_ms) filter (where a.queue_ms is not null) as q50,
         percentile_disc(0.95) within group (order by a.queue_ms) filter (where a.queue_ms is not null) as q95
  from att a
  group by grouping sets ((a.workflow_name), ())
),
cause_counts as (
  select a.workflow_name, coalesce(a.cause, 'unknown') as cause, count(*) as n
  from att a where a.failed
  group by grouping sets ((a.workflow_name, coalesce(a.cause, 'unknown')), (coalesce(a.cause, 'unknown')))
),
causes as (
  select c.workflow_name, jsonb_object_agg(c.cause, c.n order by c.cause) as by_cause
  from cause_counts c group by c.workflow_name
),
run_spans as (
  select r.run_id, max(r.attempt) as final_attempt, min(r.created_at) as first_created
  from public.runs r
  where r.repo = p_repo and r.created_at <= p_now
  group by r.run_id
),
finals as (
  select r.workflow_name, s.final_attempt, r.conclusion,
         (r.status = 'completed' and r.conclusion in ('success', 'failure', 'timed_out', 'startup_failure')) as finished,
         exists (
           select 1 from public.retry_history h
           where h.repo = p_repo and h.run_id = s.run_id and h.decision = 'rerun'
             and h.result like 'rerun requested%' and h.attempt + 1 between 2 and s.final_attempt
         ) as auto_rerun
  from run_spans s
  join public.runs r on r.repo = p_repo and r.run_id = s.run_id and r.attempt = s.final_attempt
  cross join bounds b
  where s.first_created >= b.from_ts
),
run_figures as (
  select f.workflow_name,
         count(*) as runs,
         count(*) filter (where f.finished) as finished,
         count(*) filter (where f.finished and f.conclusion = 'success') as succeeded,
         sum(f.final_attempt - 1) as retries,
         count(*) filter (where f.auto_rerun) as auto_reruns,
         count(*) filter (where f.auto_rerun and f.conclusion = 'success') as recovered
  from finals f
  group by grouping sets ((f.workflow_name), ())
),
-- MTTR: events on the default branch in completion order (whole seconds, a failure before a
-- success at the same second); g = successes before an event, so the failures of group g and
-- the success that ends them share g.
events as (
  select r.workflow_name, date_trunc('second', r.updated_at) as at, (r.conclusion = 'success') as ok
  from public.runs r
  where r.repo = p_repo and r.branch = p_default_branch and r.status = 'completed'
    and r.conclusion in ('success', 'failure', 'timed_out', 'startup_failure')
),
grouped as (
  select e.*, coalesce(sum(case when e.ok then 1 else 0 end) over (
           partition by e.workflow_name order by e.at, e.ok rows between unbounded preceding and 1 preceding), 0) as g
  from events e
),
spans as (
  select g.workflow_name, min(g.at) filter (where not g.ok) as opened, min(g.at) filter (where g.ok) as resolved
  from grouped g group by g.workflow_name, g.g
),
incident_figures as (
  select s.workflow_name, count(*) as incidents, avg(extract(epoch from (s.resolved - s.opened)) * 1000) as mttr
  from spans s, bounds b
  where s.opened is not null and s.resolved is not null and s.opened >= b.from_ts and s.resolved <= p_now
  group by grouping sets ((s.workflow_name), ())
),
names as (
  select a.workflow_name from attempt_figures a
  union select r.workflow_name from run_figures r
  union select i.workflow_name from incident_figures i
)
select n.workflow_name,
       coalesce(r.runs, 0),
       coalesce(a.attempts, 0),
       case when coalesce(r.finished, 0) = 0 then null else r.succeeded::double precision / r.finished end,
       case when coalesce(a.finished, 0) = 0 then null else a.succeeded::double precision / a.finished end,
       case when coalesce(r.runs, 0) = 0 then null else r.retries::double precision / r.runs end,
       a.d_mean::double precision, a.d50::double precision, a.d95::double precision,
       a.q50::double precision, a.q95::double precision,
       i.mttr::double precision,
       coalesce(i.incidents, 0),
       case when coalesce(r.auto_reruns, 0) = 0 then null else r.recovered::double precision / r.auto_reruns end,
       coalesce(r.auto_reruns, 0),
       coalesce(c.by_cause, '{}'::jsonb)
from names n
left join attempt_figures a on a.workflow_name is not distinct from n.workflow_name
left join run_figures r on r.workflow_name is not distinct from n.workflow_name
left join incident_figures i on i.workflow_name is not distinct from n.workflow_name
left join causes c on c.workflow_name is not distinct from n.workflow_name
order by n.workflow_name nulls first
$$;

revoke all on function public.kpi_window(text, timestamptz, integer, text) from public, anon;
grant execute on function public.kpi_window(text, timestamptz, integer, text) to service_role, authenticated;

-- The last 7 days for every repository whose default branch is main, for dashboards that
-- read the store directly (call kpi_window for other branches or windows).
create or replace view public.kpi_last_7_days
with (security_invoker = true) as
select repos.repo, k.*
from (select distinct r.repo from public.runs r) as repos
cross join lateral public.kpi_window(repos.repo, now(), 7, 'main') as k;

revoke all on public.kpi_last_7_days from public, anon;
grant select on public.kpi_last_7_days to service_role, authenticated;

-- The recovery handler records "recovered" decisions (a re-run attempt that succeeded).
alter table public.retry_history drop constraint if exists retry_history_decision_check;
alter table public.retry_history add constraint retry_history_decision_check
  check (decision in ('rerun', 'skip', 'shadow', 'wait', 'recovered'));
`},{name:"20261123000700_notifications.sql",sql:`-- Notifications: one row per notification the engine sent through the fallback chain
-- (Slack \u2192 GitHub issue \u2192 log), with where it was delivered (channel null when nowhere) and
-- the errors of the channels that failed. Dry runs record nothing here (the audit has them).
create table if not exists public.notifications (
  id          bigint      generated always as identity primary key,
  fingerprint text        not null,
  kind        text        not null check (kind in ('anomaly', 'failure', 'recovery')),
  severity    text        not null check (severity in ('info', 'warning', 'critical')),
  title       text        not null,
  lines       jsonb       not null default '[]'::jsonb check (jsonb_typeof(lines) = 'array'),
  links       jsonb       not null default '[]'::jsonb check (jsonb_typeof(links) = 'array'),
  channel     text,
  delivered   boolean     not null,
  error       text,
  repo        text        not null,
  created_at  timestamptz not null,
  constraint notifications_channel_when_delivered check (delivered = (channel is not null))
);
create index if not exists notifications_repo_created_at_idx on public.notifications (repo, created_at);
create index if not exists notifications_fingerprint_idx on public.notifications (fingerprint);

-- Access: the service role writes; a signed-in dashboard reads; anon sees nothing.
alter table public.notifications enable row level security;

revoke all on table public.notifications from public, anon, authenticated;
grant select, insert, update, delete on table public.notifications to service_role;
grant select on table public.notifications to authenticated;
grant usage on sequence public.notifications_id_seq to service_role;

drop policy if exists notifications_service_role_all on public.notifications;
create policy notifications_service_role_all on public.notifications for all to service_role using (true) with check (true);
drop policy if exists notifications_authenticated_read on public.notifications;
create policy notifications_authenticated_read on public.notifications for select to authenticated using (true);
`}];var p=class extends Error{name="MigrationChecksumError"};function ke(n){return n instanceof Error&&n.name==="MigrationChecksumError"}function te(){return we(new URL("../../../supabase/migrations/",import.meta.url))}function ne(n,e){let t=fe("sha256").update(e.replace(/\r\n/g,`
`)).digest("hex");return{name:n,sql:e,checksum:t}}function re(){return Y.map(n=>ne(n.name,n.sql))}async function oe(n=te()){let e=(await ye(n)).filter(t=>t.endsWith(".sql")).sort();return Promise.all(e.map(async t=>ne(t,await ge(he(n,t),"utf8"))))}var X=4242001,xe=`create table if not exists public.schema_migrations (
  name text primary key,
  checksum text not null,
  applied_at timestamptz not null default now()
)`;async function Z(n){let e=await n.query("select name, checksum from public.schema_migrations");return new Map(e.map(t=>[String(t.name),String(t.checksum)]))}function ee(n,e){for(let t of n){let r=e.get(t.name);if(r!==void 0&&r!==t.checksum)throw new p(`migration ${t.name} was changed after it was applied (recorded sha256 ${r}, file ${t.checksum}); add a new migration instead of editing an applied one`)}}async function u(n,e={}){let t=e.migrations??(e.dir!==void 0?await oe(e.dir):re()),r=await n.transaction(async o=>(await o.query("select pg_advisory_xact_lock($1)",[X]),await o.query(xe),Z(o)));ee(t,r);let i={applied:[],skipped:[]};for(let o of t){if(r.has(o.name)){i.skipped.push(o.name);continue}(await n.transaction(async s=>{await s.query("select pg_advisory_xact_lock($1)",[X]);let h=await Z(s);return ee([o],h),h.has(o.name)?!1:(await s.execScript(o.sql),await s.query("insert into public.schema_migrations (name, checksum) values ($1, $2)",[o.name,o.checksum]),!0)})?i.applied:i.skipped).push(o.name)}return i}import{mkdir as ve}from"node:fs/promises";import{join as Se,resolve as je}from"node:path";function ie(n,e){let t={async query(r,i=[]){return(await n.query(r,[...i])).rows},async execScript(r){await n.exec(r)},transaction:e??(r=>r(t))};return t}function ae(n){return{kind:"pglite",...ie(n,t=>n.transaction(r=>t(ie(r,null)))),close:()=>n.close()}}function f(n){return typeof n=="object"&&n!==null?JSON.stringify(n):n}function d(n){let e=[],t=[];for(let r of n)r&&(e.push(r[1]),t.push(r[0].replace("$?",`$${e.length}`)));return{sql:t.length?` where ${t.join(" and ")}`:"",params:e}}var l=class{constructor(e){this.db=e;this.kind=e.kind}db;kind;async rpc(e){let t=Object.entries(e.args),r=t.map(([o],a)=>`${o} => $${a+1}`).join(", ");return(await this.db.query(`select public.${e.fn}(${r}) as result`,t.map(([,o])=>f(o))))[0]?.result}async ping(){try{await this.db.query("select 1")}catch(e){throw c(e,"ping")}}close(){return this.db.close()}async listKillSwitches(){return(await this.db.query("select * from public.kill_switch_state order by scope, target")).map(b)}async setKillSwitch(e){return b(await this.rpc(M(e)))}async consumeTokens(e,t){return e.length===0?{allowed:!0,deniedKey:null,retryAfterMs:0}:N(await this.rpc(T(e,t)))}async admitBreaker(e,t){return G(await this.rpc(A(e,t)))}async recordBreakerOutcome(e,t,r){return F(await this.rpc(O(e,t,r)))}async getBreaker(e){let t=await this.db.query("select * from public.circuit_breakers where target = $1",[e]);return t[0]?z(t[0]):null}async claimIdempotencyKey(e){return J(await this.rpc(D(e)))}async completeIdempotencyKey(e,t,r,i){await this.rpc(I(e,t,r,i))}async appendAudit(e){return{inserted:H(await this.rpc(B(e)),"append_audit")}}async listAudit(e={}){let t=d([e.since?["at >= $?",e.since.toISOString()]:null,e.action!==void 0?["action = $?",e.action]:null,e.target!==void 0?["target = $?",e.target]:null]),r=e.limit!==void 0?` limit ${Math.max(0,Math.floor(e.limit))}`:"";return(await this.db.query(`select * from public.automation_audit${t.sql} order by at, id${r}`,t.params)).map(C)}async upsertBatches(e,t,r){let i=0,o=k(e);for(let a of o)i+=W(await this.rpc(t(a)),r);return{rows:i,requests:o.length}}upsertRuns(e){return this.upsertBatches(m(e,S).map(x),K,"upsert_runs")}upsertJobs(e){return this.upsertBatches(m(e,j).map(q),U,"upsert_jobs")}async listRuns(e={}){let t=d([e.repo!==void 0?["repo = $?",e.repo]:null,e.since?["created_at >= $?",e.since.toISOString()]:null,e.until?["created_at < $?",e.until.toISOString()]:null]);return(await this.db.query(`select * from public.runs${t.sql} order by created_at, repo, run_id, attempt`,t.params)).map(v)}async insertRow(e,t){let r=Object.keys(t);await this.db.query(`insert into public.${e} (${r.join(", ")}) values (${r.map((i,o)=>`$${o+1}`).join(", ")})`,Object.values(t).map(f))}insertRetryHistory(e){return this.insertRow("retry_history",$(e))}async listRetryHistory(e={}){let t=d([e.repo!==void 0?["repo = $?",e.repo]:null,e.since?["decided_at >= $?",e.since.toISOString()]:null,e.until?["decided_at < $?",e.until.toISOString()]:null]);return(await this.db.query(`select * from public.retry_history${t.sql} order by decided_at, id`,t.params)).map(R)}insertNotification(e){return this.insertRow("notifications",P(e))}async listNotifications(e={}){let t=d([e.repo!==void 0?["repo = $?",e.repo]:null,e.since?["created_at >= $?",e.since.toISOString()]:null,e.fingerprint!==void 0?["fingerprint = $?",e.fingerprint]:null]);return(await this.db.query(`select * from public.notifications${t.sql} order by created_at, id`,t.params)).map(E)}async kpiWindow(e){let t=Object.entries(Q(e).args),r=t.map(([o],a)=>`${o} => $${a+1}`).join(", ");return(await this.db.query(`select * from public.kpi_window(${r})`,t.map(([,o])=>f(o)))).map(V)}async incrementMetric(e){await this.rpc(L(e))}};var se=Se(".opsguard","pglite");async function qe(n={}){let e=n.inMemory?void 0:je(n.cwd??process.cwd(),n.dataDir??se);try{let{PGlite:t}=await import("./dist-6ZXSXO6U.js");e&&await ve(e,{recursive:!0});let r=e?await t.create(e):await t.create();return ae(r)}catch(t){let r=e??"memory";throw new _(`cannot open the embedded PGlite database (${r}): ${t instanceof Error?t.message:String(t)}`,{cause:t})}}async function y(n={}){let e=await qe(n);try{await u(e,{...n.migrationsDir!==void 0&&{dir:n.migrationsDir},...n.migrations!==void 0&&{migrations:n.migrations}})}catch(t){throw await e.close().catch(()=>{}),t}return new l(e)}function ce(n){let e={async query(t,r=[]){try{return(await n.query(t,[...r])).rows}catch(i){throw c(i,"query")}},async execScript(t){try{await n.query(t)}catch(r){throw c(r,"script")}},transaction:t=>t(e)};return e}async function le(n){let{default:e}=await import("./esm-IIS75P4Q.js"),t=new e.Pool(n);t.on("error",()=>{});async function r(i){let o;try{o=await t.connect()}catch(a){throw c(a,"connect")}try{return await i(o)}finally{o.release()}}return{kind:"postgres",async query(i,o=[]){try{return(await t.query(i,[...o])).rows}catch(a){throw c(a,"query")}},execScript:i=>r(o=>ce(o).execScript(i)),transaction:i=>r(async o=>{let a=ce(o);await a.query("begin");try{let s=await i(a);return await a.query("commit"),s}catch(s){throw await o.query("rollback").catch(()=>{}),s}}),close:()=>t.end()}}async function g(n){let e=await le({connectionString:n.connectionString,max:n.maxConnections??5,connectionTimeoutMillis:n.connectTimeoutMs??1e4});if(n.migrate!==!1)try{await u(e,{...n.migrationsDir!==void 0&&{dir:n.migrationsDir},...n.migrations!==void 0&&{migrations:n.migrations}})}catch(t){throw await e.close().catch(()=>{}),t}return new l(e)}function ue(n){let e=n.SUPABASE_URL?.trim(),t=(n.SUPABASE_SERVICE_ROLE_KEY??n.SUPABASE_KEY)?.trim();if(e){if(!t)throw new w("SUPABASE_URL is set but SUPABASE_SERVICE_ROLE_KEY is not: set both, or neither to use the embedded store");return{kind:"supabase",url:e,key:t}}let r=n.DATABASE_URL?.trim();return r?{kind:"postgres",connectionString:r}:{kind:"pglite"}}async function $e(n={}){let e=ue(n.env??process.env);switch(e.kind){case"supabase":{let{openSupabaseStore:t}=await import("./supabase-store-67AOWE2W.js");return t({url:e.url,key:e.key})}case"postgres":return g({connectionString:e.connectionString});case"pglite":return y({...n.cwd!==void 0&&{cwd:n.cwd},...n.inMemory!==void 0&&{inMemory:n.inMemory},...n.dataDir!==void 0&&{dataDir:n.dataDir}})}}export{se as DEFAULT_PGLITE_DIR,me as MAX_BATCH_ROWS,p as MigrationChecksumError,be as RPC_ARGS,de as StoreQueryError,_ as StoreUnavailableError,te as defaultMigrationsDir,re as embeddedMigrations,ke as isMigrationChecksumError,_e as isStoreQueryError,pe as isStoreUnavailableError,u as migrate,y as openPgliteStore,g as openPostgresStore,$e as openStore,oe as readMigrations,ue as selectStore};
