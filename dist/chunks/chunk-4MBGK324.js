import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{$ as It,A as dt,B as pt,C as L,D as U,E as _t,F as mt,G as yt,H as ht,I as bt,J as ft,K as Fe,L as gt,N as wt,O as kt,P as xt,Q as vt,R as St,S as Rt,T as jt,U as P,V as At,W as Et,X as $t,Y as qt,Z as Pt,_ as Ct,aa as Ge,ba as Tt,ca as Ot,da as Mt,g as Be,h as De,i as h,j as m,m as it,n as Ne,o as st,p as g,q as u,r as q,s as k,t as ct,u as b,v as H,w as v,x as lt,y as ut,z as _}from"./chunk-67GS4WND.js";import{c as $,e as G}from"./chunk-P3XCO4UJ.js";import{b as ot,c as at}from"./chunk-KVNJUEXR.js";import{a as rt}from"./chunk-R6ZCEJG3.js";import{createHash as In}from"node:crypto";import{readdir as Tn,readFile as On}from"node:fs/promises";import{join as Mn}from"node:path";import{fileURLToPath as Kn}from"node:url";var Kt=[{name:"20261123000100_roles_and_base.sql",sql:`-- OpsGuard base: the Supabase roles and shared helpers.
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
`},{name:"20261202001000_typed_outcomes_and_release.sql",sql:`-- Issue 8/16: typed re-run outcomes, the actor of each attempt, and releasing a claim.

-- What acting on a re-run decision did, as data (core's RerunAct): {"kind": "requested",
-- "attempt": n} | {"kind": "refused", "reason", "message"} | {"kind": "failed", "message",
-- "mayHaveActed"}. \`result\` stays as the line for people and is never read back.
alter table public.retry_history add column if not exists act jsonb
  check (act is null or (jsonb_typeof(act) = 'object' and act->>'kind' in ('requested', 'refused', 'failed')));

-- Rows written before this column: their \`result\` sentence was the only record of the act.
update public.retry_history set act = case
    when result like 'rerun requested%' then jsonb_build_object('kind', 'requested', 'attempt', attempt + 1)
    when result like 'refused:%' then jsonb_build_object('kind', 'refused', 'reason', 'rate_limited', 'message', substr(result, 10))
    when result like 'failed:%' then jsonb_build_object('kind', 'failed', 'message', substr(result, 9), 'mayHaveActed', false)
  end
where act is null and decision = 'rerun' and result is not null;

-- Who triggered each attempt (RUNS_SUMMARY.json carries it).
alter table public.runs add column if not exists actor text;

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
    repo, run_id, attempt, workflow_id, workflow_name, event, branch, head_sha, actor, status,
    conclusion, created_at, started_at, updated_at, duration_ms, queue_ms, url, cause)
  select distinct on (x.repo, x.run_id, x.attempt)
    x.repo, x.run_id, x.attempt, x.workflow_id, x.workflow_name, x.event, x.branch, x.head_sha,
    x.actor, x.status, x.conclusion, x.created_at, x.started_at, x.updated_at, x.duration_ms,
    x.queue_ms, x.url, x.cause
  from rows from (jsonb_to_recordset(p_rows) as (
    repo text, run_id bigint, attempt integer, workflow_id bigint, workflow_name text,
    event text, branch text, head_sha text, actor text, status text, conclusion text,
    created_at timestamptz, started_at timestamptz, updated_at timestamptz,
    duration_ms bigint, queue_ms bigint, url text, cause text)) with ordinality as x(
    repo, run_id, attempt, workflow_id, workflow_name, event, branch, head_sha, actor, status,
    conclusion, created_at, started_at, updated_at, duration_ms, queue_ms, url, cause, ord)
  order by x.repo, x.run_id, x.attempt, x.ord desc
  on conflict (repo, run_id, attempt) do update set
    workflow_id = excluded.workflow_id, workflow_name = excluded.workflow_name,
    event = excluded.event, branch = excluded.branch, head_sha = excluded.head_sha,
    actor = coalesce(excluded.actor, r.actor),
    status = excluded.status, conclusion = excluded.conclusion,
    created_at = excluded.created_at, started_at = excluded.started_at,
    updated_at = excluded.updated_at, duration_ms = excluded.duration_ms,
    queue_ms = excluded.queue_ms, url = excluded.url, cause = excluded.cause;
  get diagnostics n = row_count;
  return n;
end
$$;

-- A refusal (kill switch, rate limit, open breaker, deadline) is temporary: the claim it held
-- is let go, so the same run is decided again on the next trigger. Only the owner's live claim.
create or replace function public.release_idempotency_key(p_key text, p_owner text)
returns boolean
language plpgsql
security definer
set search_path = public, pg_temp
as $$
begin
  delete from public.idempotency_keys where key = p_key and owner = p_owner and status = 'claimed';
  return found;
end
$$;

revoke all on function public.release_idempotency_key(text, text) from public, anon, authenticated;
grant execute on function public.release_idempotency_key(text, text) to service_role;

-- KPIs count OpsGuard's re-runs by the typed act, not by the wording of \`result\`.
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
             and h.act->>'kind' = 'requested' and h.attempt + 1 between 2 and s.final_attempt
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
`},{name:"20261202003001_audit_tickets.sql",sql:`-- Audit tickets: one row per failure cluster (repo + fingerprint), the whole ticket as jsonb plus
-- the columns a dashboard filters on. A cluster seen again on a later day updates the same row
-- (same ticket id, occurrences counted once each). Writers never lose an update to a concurrent
-- writer: save_audit_ticket is a compare-and-set on \`version\`, and a loser reads and merges again.
-- The tables and SECURITY DEFINER functions belong to opsguard_owner, a role nobody logs in as
-- (docs/store-security.md); created here too, idempotently, since this migration sorts before
-- the one that introduced it.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'opsguard_owner') then
    begin
      create role opsguard_owner nologin noinherit;
    exception when duplicate_object or unique_violation then
      null;
    end;
  end if;
  if not (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
    if not pg_catalog.pg_has_role(current_user, 'opsguard_owner', 'MEMBER') then
      execute format('grant opsguard_owner to %I', current_user);
    end if;
    grant create on schema public to opsguard_owner;
  end if;
end
$$;
grant usage on schema public to opsguard_owner;

create table if not exists public.audit_tickets (
  repo          text        not null,
  fingerprint   text        not null check (fingerprint ~ '^[0-9a-f]{64}$'),
  ticket_id     text        not null check (ticket_id ~ '^audit_ticket_[0-9]{8}_[0-9]{6}$'),
  version       integer     not null check (version >= 1),
  risk          text        not null check (risk in ('low', 'medium', 'high', 'critical')),
  status        text        not null check (status in ('open', 'recovered')),
  occurrences   integer     not null check (occurrences >= 1),
  first_seen_at timestamptz not null,
  last_seen_at  timestamptz not null,
  issue_number  integer,
  issue_url     text,
  ticket        jsonb       not null check (jsonb_typeof(ticket) = 'object'),
  updated_at    timestamptz not null,
  primary key (repo, fingerprint),
  constraint audit_tickets_id_unique unique (repo, ticket_id)
);
create index if not exists audit_tickets_repo_risk_idx on public.audit_tickets (repo, risk, last_seen_at);

-- Insert (p_expected_version 0) or update the row at exactly p_expected_version.
-- Answers {"saved": true, "version": n} or {"saved": false, "reason": "conflict" | "id_taken"}:
-- \`conflict\` when another writer saved first (read again and merge), \`id_taken\` when a new
-- ticket's id belongs to another cluster (try the next second's id).
create or replace function public.save_audit_ticket(
  p_repo text, p_expected_version integer, p_ticket jsonb, p_at timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v integer;
begin
  if p_expected_version = 0 then
    begin
      insert into public.audit_tickets (repo, fingerprint, ticket_id, version, risk, status, occurrences,
        first_seen_at, last_seen_at, issue_number, issue_url, ticket, updated_at)
      values (p_repo, p_ticket->>'fingerprint', p_ticket->>'id', 1, p_ticket->'risk'->>'level',
        p_ticket->>'status', (p_ticket->>'occurrences')::integer, (p_ticket->>'firstSeenAt')::timestamptz,
        (p_ticket->>'lastSeenAt')::timestamptz, (p_ticket->'issue'->>'number')::integer,
        p_ticket->'issue'->>'url', p_ticket, p_at);
      return jsonb_build_object('saved', true, 'version', 1);
    exception when unique_violation then
      if exists (select 1 from public.audit_tickets t
                 where t.repo = p_repo and t.fingerprint = p_ticket->>'fingerprint') then
        return jsonb_build_object('saved', false, 'reason', 'conflict');
      end if;
      return jsonb_build_object('saved', false, 'reason', 'id_taken');
    end;
  end if;
  update public.audit_tickets t set
    version = t.version + 1, risk = p_ticket->'risk'->>'level', status = p_ticket->>'status',
    occurrences = (p_ticket->>'occurrences')::integer,
    first_seen_at = (p_ticket->>'firstSeenAt')::timestamptz,
    last_seen_at = (p_ticket->>'lastSeenAt')::timestamptz,
    issue_number = (p_ticket->'issue'->>'number')::integer, issue_url = p_ticket->'issue'->>'url',
    ticket = p_ticket, updated_at = p_at
  where t.repo = p_repo and t.fingerprint = p_ticket->>'fingerprint'
    and t.ticket_id = p_ticket->>'id' and t.version = p_expected_version
  returning t.version into v;
  if v is null then
    return jsonb_build_object('saved', false, 'reason', 'conflict');
  end if;
  return jsonb_build_object('saved', true, 'version', v);
end
$$;

-- Access: the service role writes (through the function); a signed-in dashboard reads.
alter table public.audit_tickets enable row level security;
revoke all on table public.audit_tickets from public, anon, authenticated;
grant select, insert, update on table public.audit_tickets to service_role;
grant select on table public.audit_tickets to authenticated;
drop policy if exists audit_tickets_service_role_all on public.audit_tickets;
create policy audit_tickets_service_role_all on public.audit_tickets for all to service_role using (true) with check (true);
drop policy if exists audit_tickets_authenticated_read on public.audit_tickets;
create policy audit_tickets_authenticated_read on public.audit_tickets for select to authenticated using (true);

revoke all on function public.save_audit_ticket(text, integer, jsonb, timestamptz) from public, anon, authenticated;
grant execute on function public.save_audit_ticket(text, integer, jsonb, timestamptz) to service_role;

alter table public.audit_tickets owner to opsguard_owner;
alter function public.save_audit_ticket(text, integer, jsonb, timestamptz) owner to opsguard_owner;
`},{name:"20261202004000_api_views.sql",sql:`-- The metrics API as SQL: versioned views in their own schema (\`api\`), readable by a
-- \`metrics_reader\` role and by nobody else. On Supabase, exposing the \`api\` schema makes these
-- views the REST API through PostgREST (docs/api.md); \`opsguard serve\` reads the same views on
-- any store, so both ways answer with the same columns.
-- The views are security_invoker: the reader's own grants and RLS policies on the tables apply,
-- so a role that may read no table reads no view either.

do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'metrics_reader') then
    begin
      create role metrics_reader nologin noinherit;
    exception when duplicate_object or unique_violation then
      null;
    end;
  end if;
  -- PostgREST switches to the JWT's role from \`authenticator\` (Supabase); elsewhere there is none.
  if exists (select 1 from pg_catalog.pg_roles where rolname = 'authenticator') then
    execute 'grant metrics_reader to authenticator';
  end if;
end
$$;

create schema if not exists api;
revoke all on schema api from public;
grant usage on schema api to metrics_reader, service_role;

-- Keyset pagination walks these orders; the indexes keep every page an index range scan, so
-- the last page of a million rows costs what the first does.
create index if not exists runs_api_cursor_idx on public.runs (created_at, repo, run_id, attempt);
create index if not exists automation_audit_at_id_idx on public.automation_audit (at, id);
create index if not exists metrics_api_cursor_idx on public.metrics (minute, name, labels);

create or replace view api.v1_runs with (security_invoker = true) as
select r.repo as repository, r.workflow_name as workflow, r.run_id, r.attempt, r.workflow_id, r.event,
       r.branch, r.head_sha, r.status, r.conclusion, r.cause, r.created_at, r.started_at, r.updated_at,
       r.duration_ms, r.queue_ms, r.url
from public.runs r;

-- Jobs carry their run's workflow name, so they filter like runs (the otel export needs both).
create or replace view api.v1_jobs with (security_invoker = true) as
select j.repo as repository, r.workflow_name as workflow, j.job_id, j.run_id, j.attempt, j.name, j.status,
       j.conclusion, j.created_at, j.started_at, j.completed_at, j.runner_name
from public.jobs j
left join public.runs r on r.repo = j.repo and r.run_id = j.run_id and r.attempt = j.attempt;

create or replace view api.v1_retry_history with (security_invoker = true) as
select h.id, h.repo as repository, h.workflow_name as workflow, h.run_id, h.attempt, h.cause, h.transient,
       h.decision, h.reason, h.delay_ms, h.result, h.evidence, h.decided_at
from public.retry_history h;

-- The guard names GitHub services \`github:<owner>/<repo>:<workflow>\`; repository and workflow
-- are read out of that so the audit filters like everything else (null for other services).
create or replace view api.v1_audit with (security_invoker = true) as
select a.id, a.at, a.action, a.service, a.target,
       substring(a.service from '^github:([^:]+)') as repository,
       nullif(substring(a.service from '^github:[^:]+:(.*)$'), '') as workflow,
       a.idempotency_key, a.outcome, a.reason, a.dry_run, a.actor, a.attempts, a.duration_ms, a.details
from public.automation_audit a;

create or replace view api.v1_metrics with (security_invoker = true) as
select m.name, m.labels, m.minute, m.value,
       substring(m.labels ->> 'service' from '^github:([^:]+)') as repository,
       nullif(substring(m.labels ->> 'service' from '^github:[^:]+:(.*)$'), '') as workflow
from public.metrics m;

-- KPIs per repository and workflow (workflow null: all workflows together) over whole days
-- ending at p_until, through kpi_window (the same definitions as computeKpis). \`opsguard serve\`
-- and PostgREST (rpc) call it with the request's filters; v1_kpi is its last-7-days view.
create or replace function public.api_kpi(
  p_repo text, p_workflow text, p_until timestamptz, p_days integer, p_branch text)
returns table (
  repository text, workflow text, runs bigint, attempts bigint, success_rate_by_run double precision,
  success_rate_by_attempt double precision, mean_retry_count double precision, duration_mean_ms double precision,
  duration_p50_ms double precision, duration_p95_ms double precision, queue_p50_ms double precision,
  queue_p95_ms double precision, mttr_ms double precision, incidents bigint, auto_recovery_rate double precision,
  auto_reruns bigint, failures_by_cause jsonb)
language sql
stable
security definer
set search_path = public, pg_temp
as $$
select repos.repo, k.workflow_name, k.runs, k.attempts, k.success_rate_by_run, k.success_rate_by_attempt,
       k.mean_retry_count, k.duration_mean_ms, k.duration_p50_ms, k.duration_p95_ms, k.queue_p50_ms,
       k.queue_p95_ms, k.mttr_ms, k.incidents, k.auto_recovery_rate, k.auto_reruns, k.failures_by_cause
from (select distinct r.repo from public.runs r where p_repo is null or r.repo = p_repo) as repos
cross join lateral public.kpi_window(repos.repo, p_until, p_days, p_branch) as k
where p_workflow is null or k.workflow_name = p_workflow
order by repos.repo, k.workflow_name nulls first
$$;

create or replace view api.v1_kpi with (security_invoker = true) as
select * from public.api_kpi(null, null, now(), 7, 'main');

-- Access: metrics_reader reads the views (and, since they are security_invoker, the tables under
-- them, read-only); anon, authenticated and public read none of it through the api schema.
revoke all on api.v1_runs, api.v1_jobs, api.v1_retry_history, api.v1_audit, api.v1_metrics, api.v1_kpi
  from public, anon, authenticated;
grant select on api.v1_runs, api.v1_jobs, api.v1_retry_history, api.v1_audit, api.v1_metrics, api.v1_kpi
  to metrics_reader, service_role;

grant select on public.runs, public.jobs, public.retry_history, public.automation_audit, public.metrics
  to metrics_reader;
grant execute on function public.kpi_window(text, timestamptz, integer, text) to metrics_reader;
revoke all on function public.api_kpi(text, text, timestamptz, integer, text) from public, anon, authenticated;
grant execute on function public.api_kpi(text, text, timestamptz, integer, text) to metrics_reader, service_role;

drop policy if exists runs_metrics_reader_read on public.runs;
create policy runs_metrics_reader_read on public.runs for select to metrics_reader using (true);
drop policy if exists jobs_metrics_reader_read on public.jobs;
create policy jobs_metrics_reader_read on public.jobs for select to metrics_reader using (true);
drop policy if exists retry_history_metrics_reader_read on public.retry_history;
create policy retry_history_metrics_reader_read on public.retry_history for select to metrics_reader using (true);
drop policy if exists automation_audit_metrics_reader_read on public.automation_audit;
create policy automation_audit_metrics_reader_read on public.automation_audit for select to metrics_reader using (true);
drop policy if exists metrics_metrics_reader_read on public.metrics;
create policy metrics_metrics_reader_read on public.metrics for select to metrics_reader using (true);
`},{name:"20261202004100_intake_and_api_keys.sql",sql:`-- Signed intake (POST /api/v1/hooks/:source) and API keys for \`opsguard serve\`.
--
-- Intake keys live in public.idempotency_keys beside the retry engine's, under their own
-- prefix (\`intake:<source>:<key>\`), so one clean-up and one TTL rule cover both. The retry
-- engine's claim_idempotency_key / complete_idempotency_key keep their signatures and
-- behaviour; intake gets its own functions because its rules differ: a failed key may be
-- claimed again at once (GitHub re-delivers with the same delivery id), a key is tied to the
-- payload it was first claimed with (another payload under it is refused), and a claim has a
-- processing lease so a crashed holder does not block the key for the whole TTL.

alter table public.idempotency_keys add column if not exists payload_sha256 text;
alter table public.idempotency_keys add column if not exists attempts integer not null default 1;
alter table public.idempotency_keys add column if not exists audit_id text;
alter table public.idempotency_keys add column if not exists lease_expires_at timestamptz;
-- The processing state in the intake's words, derived from the one status column both users
-- write, so the two vocabularies can never disagree.
alter table public.idempotency_keys add column if not exists state text
  generated always as (
    case status when 'claimed' then 'processing' when 'completed' then 'done' else 'failed' end
  ) stored;

-- Claims \`intake:<p_source>:<p_key>\` for one delivery and, in the same transaction, appends the
-- acceptance audit record (so an accepted event always has its audit row, and a store failure
-- leaves neither). Answers {outcome, audit_id, received_at, attempt, payload_sha256, ...}:
--   claimed    this caller processes the event (new key, expired key, failed or abandoned
--              claim of the same payload); audit_id is the new acceptance record
--   duplicate  a completed event under this key (reference: its audit_id and received_at)
--   processing another holder's lease is still running
--   mismatch   the key was used with another payload
-- One INSERT ... ON CONFLICT: of N concurrent claimers exactly one wins.
create or replace function public.claim_intake_key(
  p_source text, p_key text, p_payload_sha256 text, p_ttl_ms bigint, p_lease_ms bigint,
  p_actor text, p_details jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_key text := 'intake:' || p_source || ':' || p_key;
  rec public.idempotency_keys;
  v_audit text;
begin
  if p_ttl_ms is null or p_ttl_ms <= 0 or p_lease_ms is null or p_lease_ms <= 0 then
    raise exception 'claim_intake_key: p_ttl_ms and p_lease_ms must be positive' using errcode = 'invalid_parameter_value';
  end if;
  if coalesce(p_source, '') = '' or coalesce(p_key, '') = '' or coalesce(p_payload_sha256, '') = '' then
    raise exception 'claim_intake_key: source, key and payload hash are required' using errcode = 'invalid_parameter_value';
  end if;

  insert into public.idempotency_keys as k
    (key, scope, owner, status, result, claimed_at, expires_at, completed_at,
     payload_sha256, attempts, audit_id, lease_expires_at)
  values
    (v_key, 'intake:' || p_source, p_actor, 'claimed', null, p_now, p_now + p_ttl_ms * interval '1 millisecond', null,
     p_payload_sha256, 1, null, p_now + p_lease_ms * interval '1 millisecond')
  on conflict (key) do update set
    owner = excluded.owner, status = 'claimed', result = null, claimed_at = excluded.claimed_at,
    expires_at = excluded.expires_at, completed_at = null, payload_sha256 = excluded.payload_sha256,
    attempts = case when k.expires_at <= p_now then 1 else k.attempts + 1 end,
    audit_id = null, lease_expires_at = excluded.lease_expires_at
  where k.expires_at <= p_now
     or (k.payload_sha256 = excluded.payload_sha256
         and (k.status = 'failed' or (k.status = 'claimed' and k.lease_expires_at <= p_now)))
  returning * into rec;

  if found then
    v_audit := 'intake-' || encode(sha256(convert_to(
      v_key || '|' || rec.attempts::text || '|' || to_char(rec.claimed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
      'UTF8')), 'hex');
    update public.idempotency_keys set audit_id = v_audit where key = v_key;
    insert into public.automation_audit (
      id, at, action, service, target, idempotency_key, outcome, reason, dry_run, actor,
      attempts, duration_ms, details)
    values (
      v_audit, p_now, 'intake-accept', 'intake:' || p_source, 'intake:' || p_source, p_key, 'SUCCESS', null,
      false, p_actor, rec.attempts, 0,
      coalesce(p_details, '{}'::jsonb) || jsonb_build_object('payload_sha256', p_payload_sha256, 'attempt', rec.attempts))
    on conflict (id) do nothing;
    return jsonb_build_object(
      'outcome', 'claimed', 'audit_id', v_audit, 'received_at', rec.claimed_at, 'attempt', rec.attempts,
      'payload_sha256', rec.payload_sha256, 'expires_at', rec.expires_at, 'result', null);
  end if;

  select * into rec from public.idempotency_keys where key = v_key;
  return jsonb_build_object(
    'outcome', case
      when rec.payload_sha256 is distinct from p_payload_sha256 then 'mismatch'
      when rec.status = 'completed' then 'duplicate'
      else 'processing' end,
    'audit_id', rec.audit_id, 'received_at', rec.claimed_at, 'attempt', rec.attempts,
    'payload_sha256', rec.payload_sha256, 'expires_at', rec.expires_at, 'result', rec.result,
    'lease_expires_at', rec.lease_expires_at);
end
$$;

-- The holder of attempt p_attempt settles its claim: done (duplicates are answered from now on)
-- or failed (the next delivery of the same payload runs again). A holder whose lease was taken
-- over changes nothing (the attempt number fences it). The outcome is appended to the audit.
create or replace function public.finish_intake_key(
  p_source text, p_key text, p_attempt integer, p_status text, p_result jsonb, p_actor text, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_key text := 'intake:' || p_source || ':' || p_key;
  rec public.idempotency_keys;
  v_audit text;
begin
  if p_status not in ('done', 'failed') then
    raise exception 'finish_intake_key: status must be done or failed, got %', p_status
      using errcode = 'invalid_parameter_value';
  end if;
  update public.idempotency_keys set
    status = case p_status when 'done' then 'completed' else 'failed' end,
    result = coalesce(p_result, '{}'::jsonb), completed_at = p_now, lease_expires_at = null
  where key = v_key and status = 'claimed' and attempts = p_attempt
  returning * into rec;
  if not found then
    return jsonb_build_object('finished', false, 'audit_id', null);
  end if;
  v_audit := 'intake-' || encode(sha256(convert_to(rec.audit_id || '|' || p_status, 'UTF8')), 'hex');
  insert into public.automation_audit (
    id, at, action, service, target, idempotency_key, outcome, reason, dry_run, actor,
    attempts, duration_ms, details)
  values (
    v_audit, p_now, 'intake-process', 'intake:' || p_source, 'intake:' || p_source, p_key,
    case p_status when 'done' then 'SUCCESS' else 'FAILURE' end,
    case p_status when 'done' then null else coalesce(p_result ->> 'error', 'failed') end,
    false, p_actor, rec.attempts,
    greatest(0, (extract(epoch from (p_now - rec.claimed_at)) * 1000)::bigint),
    coalesce(p_result, '{}'::jsonb) || jsonb_build_object('accepted_audit_id', rec.audit_id))
  on conflict (id) do nothing;
  return jsonb_build_object('finished', true, 'audit_id', v_audit);
end
$$;

-- \`opsguard cleanup\`: expired idempotency keys (intake and retry alike; claims already treat
-- them as free) and token buckets that have refilled completely and sat idle for p_idle_ms (a
-- full bucket is what a new one starts as, so deleting it changes no decision).
create or replace function public.cleanup_expired_state(p_now timestamptz, p_bucket_idle_ms bigint)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  n_intake integer;
  n_other integer;
  n_buckets integer;
begin
  if p_bucket_idle_ms is null or p_bucket_idle_ms < 0 then
    raise exception 'cleanup_expired_state: p_bucket_idle_ms must be 0 or more' using errcode = 'invalid_parameter_value';
  end if;
  with gone as (
    delete from public.idempotency_keys where expires_at <= p_now returning key
  )
  select count(*) filter (where key like 'intake:%'), count(*) filter (where key not like 'intake:%')
  into n_intake, n_other from gone;
  delete from public.token_buckets t
  where t.updated_at <= p_now - p_bucket_idle_ms * interval '1 millisecond'
    and t.tokens + extract(epoch from (p_now - t.updated_at)) * t.refill_per_second >= t.capacity;
  get diagnostics n_buckets = row_count;
  return jsonb_build_object('intake_keys', n_intake, 'other_keys', n_other, 'token_buckets', n_buckets);
end
$$;

-- API keys of \`opsguard serve\`: only a SHA-256 of the key is stored (keys are 192 random bits,
-- so a fast hash is enough); the key itself is shown once by \`opsguard keys create\`.
create table if not exists public.api_keys (
  id         text        primary key check (id ~ '^[a-z0-9]{12}$'),
  name       text        not null check (name <> ''),
  role       text        not null check (role in ('reader', 'writer')),
  key_sha256 text        not null check (key_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null,
  created_by text        not null,
  revoked_at timestamptz
);

alter table public.api_keys enable row level security;
revoke all on table public.api_keys from public, anon, authenticated;
grant select, insert, update on table public.api_keys to service_role;
drop policy if exists api_keys_service_role_all on public.api_keys;
create policy api_keys_service_role_all on public.api_keys for all to service_role using (true) with check (true);

revoke all on function
  public.claim_intake_key(text, text, text, bigint, bigint, text, jsonb, timestamptz),
  public.finish_intake_key(text, text, integer, text, jsonb, text, timestamptz),
  public.cleanup_expired_state(timestamptz, bigint)
  from public, anon, authenticated;
grant execute on function
  public.claim_intake_key(text, text, text, bigint, bigint, text, jsonb, timestamptz),
  public.finish_intake_key(text, text, integer, text, jsonb, text, timestamptz),
  public.cleanup_expired_state(timestamptz, bigint)
  to service_role;
`},{name:"20261202006000_guardrail_executions.sql",sql:`-- Guardrail executions: one row per IAM deny OpsGuard applied (one managed policy attached to
-- one or more principals), written BEFORE the first IAM call so the TTL clean-up can never lose
-- track of a deny, whatever happens after. The policy document carries its own expiry
-- (DateLessThan aws:CurrentTime); the clean-up detaches it once \`ttl_expires_at\` has passed.
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

-- The executor could not apply the deny and nothing of it is left: \`executed\` \u2192 \`failed\`.
-- p_expire_now instead keeps the row \`executed\` and due at once, for a deny left half applied,
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

-- Up to p_limit expired \`executed\` rows no other run holds, oldest expiry first, leased to
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
--   rolled_back  \u2192 status rolled_back, failures reset, lease released;
--   failed       \u2192 still executed (retried by a later run), one more consecutive failure, lease kept
--                  until it runs out so this run does not pick it again;
--   terminal     \u2192 status failed (retrying cannot help, e.g. LimitExceeded), one more failure.
-- Only an \`executed\` row changes: a second run, or a late one, changes nothing.
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
`},{name:"20261202008100_append_only_owner.sql",sql:`-- Who may rewrite history. 20261123000400_audit.sql says its trigger refuses changes "for every
-- role (the owner and superusers included)". That was not true: a table's owner may
-- \`ALTER TABLE ... DISABLE TRIGGER\` or drop the trigger, and a session in
-- \`session_replication_role = replica\` skips ordinary triggers. On a Postgres server the role
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
-- \`opsguard serve\`'s (20261202004000, 20261202004100).
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
-- before the first migration; \`supabase db push\` keeps its own elsewhere, so it may be absent).
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
`},{name:"20261202008900_release_key_owner.sql",sql:`-- Objects created by migrations that sort before 20261202008100_append_only_owner.sql but were
-- written after it: like every OpsGuard table and SECURITY DEFINER function, opsguard_owner owns
-- them, so the role OpsGuard connects as cannot replace or disable what guards them.
alter function public.release_idempotency_key(text, text) owner to opsguard_owner;

alter table public.guardrail_executions owner to opsguard_owner;
alter function public.guardrail_execution_json(public.guardrail_executions) owner to opsguard_owner;
alter function public.record_guardrail_execution(jsonb, timestamptz) owner to opsguard_owner;
alter function public.fail_guardrail_execution(text, text, boolean, timestamptz) owner to opsguard_owner;
alter function public.claim_expired_guardrail_executions(timestamptz, integer, bigint, text) owner to opsguard_owner;
alter function public.finish_guardrail_rollback(text, text, text, text, timestamptz) owner to opsguard_owner;
`},{name:"20261203010000_rollback_records.sql",sql:`-- Rollback records: what the kill switch (kind \`kill-switch\`) or the rollback engine (kind
-- \`rollback\`) is about to change, with the state before, written BEFORE the first change and
-- updated after each step. \`deactivate --restore\` undoes exactly what a record says was changed,
-- so a workflow a person had disabled before stays disabled; a second run of an unfinished
-- change reads the same record and finishes it (idempotent). Written only through the SECURITY
-- DEFINER functions below; functions take the time as an argument and never read now().
create table if not exists public.rollback_records (
  id          text        primary key check (length(id) between 1 and 200),
  kind        text        not null check (kind in ('kill-switch', 'rollback')),
  repo        text        not null,
  -- What the change covers: \`global:*\`, \`service:github:acme/web:CI\`, a rollback plan's hash, \u2026
  scope       text        not null,
  reason      text        not null,
  -- Per target, its state before the change (workflow id \u2192 \`active\` | \`disabled_manually\`, \u2026).
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
`},{name:"20261203010100_notification_kinds.sql",sql:`-- Notifications of the safety controls (issue 10): a kill switch pulled or released, an alarm,
-- a CI guard's refusal, and a rollback (h10b's engine) are recorded like the others.
alter table public.notifications drop constraint if exists notifications_kind_check;
alter table public.notifications add constraint notifications_kind_check
  check (kind in ('anomaly', 'failure', 'recovery', 'kill-switch', 'alarm', 'ci-guard', 'rollback'));
`},{name:"20261203020000_rollback_history.sql",sql:`-- Rollback history: one row per event of a rollback (planned with the plan itself, apply
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
`},{name:"20261203030000_aws_restore_records.sql",sql:`-- AWS restore records: what a budget shutdown changed, with every resource's prior state (the
-- plan's), written BEFORE the first change and after each step; recovery reads it and updates it
-- too, so a second recovery resumes where one stopped. One row per plan (its SHA-256). Written
-- only through the SECURITY DEFINER function below, which takes the time as an argument.
create table if not exists public.aws_restore_records (
  plan_sha256 text        primary key check (plan_sha256 ~ '^[0-9a-f]{64}$'),
  account     text        not null check (account ~ '^[0-9]{12}$'),
  region      text        not null check (length(region) between 1 and 40),
  status      text        not null check (status in
                ('shutdown-in-progress', 'shut-down', 'recovery-in-progress', 'recovery-failed', 'recovered')),
  -- The whole record (prior state, steps) as OpsGuard wrote it.
  record      jsonb       not null check (jsonb_typeof(record) = 'object'),
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);
create index if not exists aws_restore_records_open_idx
  on public.aws_restore_records (account, region, created_at desc) where status <> 'recovered';

-- Insert or replace the record of a plan; the account, region and creation time of the first
-- write stand (a record never moves to another account).
create or replace function public.save_aws_restore_record(p_record jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  r public.aws_restore_records;
begin
  if jsonb_typeof(p_record) is distinct from 'object' then
    raise exception 'save_aws_restore_record: p_record must be an object' using errcode = 'invalid_parameter_value';
  end if;
  insert into public.aws_restore_records (plan_sha256, account, region, status, record, created_at, updated_at)
  values (p_record->>'planSha256', p_record->>'account', p_record->>'region', p_record->>'status', p_record,
          coalesce((p_record->>'createdAt')::timestamptz, p_now), p_now)
  on conflict (plan_sha256) do update
    set status = excluded.status, record = excluded.record, updated_at = p_now
    where aws_restore_records.account = excluded.account and aws_restore_records.region = excluded.region
  returning * into r;
  if not found then
    raise exception 'save_aws_restore_record: record % belongs to another account or region', p_record->>'planSha256'
      using errcode = 'invalid_parameter_value';
  end if;
  return r.record;
end
$$;

-- Access: the service role reads and writes through the function; a signed-in dashboard reads.
alter table public.aws_restore_records enable row level security;

revoke all on table public.aws_restore_records from public, anon, authenticated;
grant select on table public.aws_restore_records to service_role, authenticated;

drop policy if exists aws_restore_records_service_role_read on public.aws_restore_records;
create policy aws_restore_records_service_role_read on public.aws_restore_records for select to service_role using (true);
drop policy if exists aws_restore_records_authenticated_read on public.aws_restore_records;
create policy aws_restore_records_authenticated_read on public.aws_restore_records for select to authenticated using (true);

revoke all on function public.save_aws_restore_record(jsonb, timestamptz) from public, anon, authenticated;
grant execute on function public.save_aws_restore_record(jsonb, timestamptz) to service_role;

alter table public.aws_restore_records owner to opsguard_owner;
alter function public.save_aws_restore_record(jsonb, timestamptz) owner to opsguard_owner;
`},{name:"20261204000000_rollback_history_sequence_privileges.sql",sql:`-- The seq column's identity sequence of rollback_history gets Supabase's default privileges too:
-- nobody uses it directly (rows are written only through append_rollback_history).
revoke all on sequence public.rollback_history_seq_seq from public, anon, authenticated;
`},{name:"20261205020000_intake_one_transaction.sql",sql:`-- Intake throughput (issue 12's bench): one transaction per delivery where it can be one.
--
-- accept_intake_event: for an action that is local and synchronous (\`record\`: keeping the event
-- is the whole action), the claim, its acceptance audit record, the settlement (\`done\`) and the
-- \`intake-process\` audit record are one SQL call, so one commit. There is no \`processing\`
-- window: a crash before the commit leaves nothing (the redelivery runs as a first attempt), and
-- a concurrent delivery of the same key waits on the row lock, then sees \`done\` (a duplicate).
-- Actions that call out (repository_dispatch) keep claim_intake_key + finish_intake_key and the
-- \`processing | done | failed\` state machine: the claim must be durable before the call.
--
-- claim_intake_key is replaced with the same signature and answers: the acceptance audit id is
-- computed inside the INSERT ... ON CONFLICT (the same formula), instead of a second UPDATE of
-- the row just written.

create or replace function public.claim_intake_key(
  p_source text, p_key text, p_payload_sha256 text, p_ttl_ms bigint, p_lease_ms bigint,
  p_actor text, p_details jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_key text := 'intake:' || p_source || ':' || p_key;
  v_at text := to_char(p_now at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US');
  rec public.idempotency_keys;
begin
  if p_ttl_ms is null or p_ttl_ms <= 0 or p_lease_ms is null or p_lease_ms <= 0 then
    raise exception 'claim_intake_key: p_ttl_ms and p_lease_ms must be positive' using errcode = 'invalid_parameter_value';
  end if;
  if coalesce(p_source, '') = '' or coalesce(p_key, '') = '' or coalesce(p_payload_sha256, '') = '' then
    raise exception 'claim_intake_key: source, key and payload hash are required' using errcode = 'invalid_parameter_value';
  end if;

  -- audit_id: 'intake-' || sha256(key|attempt|claimed_at), as 20261202004100 computed it.
  insert into public.idempotency_keys as k
    (key, scope, owner, status, result, claimed_at, expires_at, completed_at,
     payload_sha256, attempts, audit_id, lease_expires_at)
  values
    (v_key, 'intake:' || p_source, p_actor, 'claimed', null, p_now, p_now + p_ttl_ms * interval '1 millisecond', null,
     p_payload_sha256, 1, 'intake-' || encode(sha256(convert_to(v_key || '|1|' || v_at, 'UTF8')), 'hex'),
     p_now + p_lease_ms * interval '1 millisecond')
  on conflict (key) do update set
    owner = excluded.owner, status = 'claimed', result = null, claimed_at = excluded.claimed_at,
    expires_at = excluded.expires_at, completed_at = null, payload_sha256 = excluded.payload_sha256,
    attempts = case when k.expires_at <= p_now then 1 else k.attempts + 1 end,
    audit_id = 'intake-' || encode(sha256(convert_to(
      v_key || '|' || (case when k.expires_at <= p_now then 1 else k.attempts + 1 end)::text || '|' || v_at,
      'UTF8')), 'hex'),
    lease_expires_at = excluded.lease_expires_at
  where k.expires_at <= p_now
     or (k.payload_sha256 = excluded.payload_sha256
         and (k.status = 'failed' or (k.status = 'claimed' and k.lease_expires_at <= p_now)))
  returning * into rec;

  if found then
    insert into public.automation_audit (
      id, at, action, service, target, idempotency_key, outcome, reason, dry_run, actor,
      attempts, duration_ms, details)
    values (
      rec.audit_id, p_now, 'intake-accept', 'intake:' || p_source, 'intake:' || p_source, p_key, 'SUCCESS', null,
      false, p_actor, rec.attempts, 0,
      coalesce(p_details, '{}'::jsonb) || jsonb_build_object('payload_sha256', p_payload_sha256, 'attempt', rec.attempts))
    on conflict (id) do nothing;
    return jsonb_build_object(
      'outcome', 'claimed', 'audit_id', rec.audit_id, 'received_at', rec.claimed_at, 'attempt', rec.attempts,
      'payload_sha256', rec.payload_sha256, 'expires_at', rec.expires_at, 'result', null);
  end if;

  select * into rec from public.idempotency_keys where key = v_key;
  return jsonb_build_object(
    'outcome', case
      when rec.payload_sha256 is distinct from p_payload_sha256 then 'mismatch'
      when rec.status = 'completed' then 'duplicate'
      else 'processing' end,
    'audit_id', rec.audit_id, 'received_at', rec.claimed_at, 'attempt', rec.attempts,
    'payload_sha256', rec.payload_sha256, 'expires_at', rec.expires_at, 'result', rec.result,
    'lease_expires_at', rec.lease_expires_at);
end
$$;

-- Claims \`intake:<p_source>:<p_key>\` and settles it \`done\` with p_result in the same transaction,
-- appending both audit records (\`intake-accept\`, whose id is the audit_id, and \`intake-process\`,
-- with the ids finish_intake_key would give them). Answers as claim_intake_key does; \`claimed\`
-- means claimed and already done. The same keys are free as for claim_intake_key: new, expired,
-- failed, or a \`processing\` claim of the same payload whose lease ran out.
create or replace function public.accept_intake_event(
  p_source text, p_key text, p_payload_sha256 text, p_ttl_ms bigint,
  p_actor text, p_details jsonb, p_result jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_key text := 'intake:' || p_source || ':' || p_key;
  v_at text := to_char(p_now at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US');
  rec public.idempotency_keys;
begin
  if p_ttl_ms is null or p_ttl_ms <= 0 then
    raise exception 'accept_intake_event: p_ttl_ms must be positive' using errcode = 'invalid_parameter_value';
  end if;
  if coalesce(p_source, '') = '' or coalesce(p_key, '') = '' or coalesce(p_payload_sha256, '') = '' then
    raise exception 'accept_intake_event: source, key and payload hash are required' using errcode = 'invalid_parameter_value';
  end if;

  insert into public.idempotency_keys as k
    (key, scope, owner, status, result, claimed_at, expires_at, completed_at,
     payload_sha256, attempts, audit_id, lease_expires_at)
  values
    (v_key, 'intake:' || p_source, p_actor, 'completed', coalesce(p_result, '{}'::jsonb), p_now,
     p_now + p_ttl_ms * interval '1 millisecond', p_now, p_payload_sha256, 1,
     'intake-' || encode(sha256(convert_to(v_key || '|1|' || v_at, 'UTF8')), 'hex'), null)
  on conflict (key) do update set
    owner = excluded.owner, status = 'completed', result = excluded.result, claimed_at = excluded.claimed_at,
    expires_at = excluded.expires_at, completed_at = excluded.completed_at, payload_sha256 = excluded.payload_sha256,
    attempts = case when k.expires_at <= p_now then 1 else k.attempts + 1 end,
    audit_id = 'intake-' || encode(sha256(convert_to(
      v_key || '|' || (case when k.expires_at <= p_now then 1 else k.attempts + 1 end)::text || '|' || v_at,
      'UTF8')), 'hex'),
    lease_expires_at = null
  where k.expires_at <= p_now
     or (k.payload_sha256 = excluded.payload_sha256
         and (k.status = 'failed' or (k.status = 'claimed' and k.lease_expires_at <= p_now)))
  returning * into rec;

  if found then
    insert into public.automation_audit (
      id, at, action, service, target, idempotency_key, outcome, reason, dry_run, actor,
      attempts, duration_ms, details)
    values
      (rec.audit_id, p_now, 'intake-accept', 'intake:' || p_source, 'intake:' || p_source, p_key, 'SUCCESS', null,
       false, p_actor, rec.attempts, 0,
       coalesce(p_details, '{}'::jsonb) || jsonb_build_object('payload_sha256', p_payload_sha256, 'attempt', rec.attempts)),
      ('intake-' || encode(sha256(convert_to(rec.audit_id || '|done', 'UTF8')), 'hex'), p_now, 'intake-process',
       'intake:' || p_source, 'intake:' || p_source, p_key, 'SUCCESS', null, false, p_actor, rec.attempts, 0,
       rec.result || jsonb_build_object('accepted_audit_id', rec.audit_id))
    on conflict (id) do nothing;
    return jsonb_build_object(
      'outcome', 'claimed', 'audit_id', rec.audit_id, 'received_at', rec.claimed_at, 'attempt', rec.attempts,
      'payload_sha256', rec.payload_sha256, 'expires_at', rec.expires_at, 'result', rec.result);
  end if;

  select * into rec from public.idempotency_keys where key = v_key;
  return jsonb_build_object(
    'outcome', case
      when rec.payload_sha256 is distinct from p_payload_sha256 then 'mismatch'
      when rec.status = 'completed' then 'duplicate'
      else 'processing' end,
    'audit_id', rec.audit_id, 'received_at', rec.claimed_at, 'attempt', rec.attempts,
    'payload_sha256', rec.payload_sha256, 'expires_at', rec.expires_at, 'result', rec.result,
    'lease_expires_at', rec.lease_expires_at);
end
$$;

revoke all on function public.accept_intake_event(text, text, text, bigint, text, jsonb, jsonb, timestamptz)
  from public, anon, authenticated;
grant execute on function public.accept_intake_event(text, text, text, bigint, text, jsonb, jsonb, timestamptz)
  to service_role;
alter function public.accept_intake_event(text, text, text, bigint, text, jsonb, jsonb, timestamptz) owner to opsguard_owner;
`},{name:"20261205020100_intake_accept_batch.sql",sql:`-- Intake throughput (issue 12's bench): the record-source deliveries that queued while the
-- previous call ran are accepted in one SQL call, so one round trip and one commit for all of
-- them (packages/store/src/call-batcher.ts).
--
-- Each element means what one accept_intake_event (20261205020000) means, and the answers are
-- the ones a loop over it would give, in the order of p_events. It is set-based instead of a
-- loop: a plpgsql call per element cost more than its three inserts (about 165 \xB5s against 80 \xB5s
-- on the bench's server). How:
--   1. The first element of each key is inserted or takes the key over, in one INSERT ... ON
--      CONFLICT in key order (two batches sharing keys lock their rows in the same order, so
--      they cannot deadlock), with the same free-key rule and the same audit ids as
--      accept_intake_event; each claimed key gets its \`intake-accept\` and \`intake-process\`
--      audit records in the same statement.
--   2. A second statement (a new snapshot: it sees a row another transaction committed while
--      this one waited on its lock) answers every element from the row as it now is: the
--      first element of a key this call claimed is \`claimed\`; any other is \`mismatch\` (another
--      payload), \`duplicate\` (done) or \`processing\` \u2014 exactly what the later delivery of one
--      key would meet after the earlier one, one after the other.
create or replace function public.accept_intake_events(p_events jsonb)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
-- plpgsql keeps a statement's plan for the connection's life: one planned while the table was
-- a page or two would scan the whole table for each lookup once it has grown (measured: 19,208
-- rows read for a batch of 8). The key lookups below go through the primary key, always.
set enable_seqscan = off
as $$
declare
  v_claimed text[];
  v_answers jsonb;
begin
  if jsonb_typeof(p_events) is distinct from 'array' then
    raise exception 'accept_intake_events: p_events must be a JSON array' using errcode = 'invalid_parameter_value';
  end if;
  if exists (
    select 1 from jsonb_array_elements(p_events) e
    where coalesce(e ->> 'source', '') = '' or coalesce(e ->> 'key', '') = '' or coalesce(e ->> 'payload_sha256', '') = ''
       or coalesce((e ->> 'ttl_ms')::bigint, 0) <= 0 or (e ->> 'now') is null
  ) then
    raise exception 'accept_intake_events: every event needs source, key, payload hash, a positive ttl_ms and now'
      using errcode = 'invalid_parameter_value';
  end if;

  with ev as (
    select e.ord, e.v ->> 'source' as source, e.v ->> 'key' as key,
           'intake:' || (e.v ->> 'source') || ':' || (e.v ->> 'key') as full_key,
           e.v ->> 'payload_sha256' as sha, (e.v ->> 'ttl_ms')::bigint as ttl_ms, e.v ->> 'actor' as actor,
           coalesce(e.v -> 'details', '{}'::jsonb) as details, coalesce(e.v -> 'result', '{}'::jsonb) as result,
           (e.v ->> 'now')::timestamptz as now
    from jsonb_array_elements(p_events) with ordinality as e(v, ord)
  ),
  firsts as (
    select distinct on (full_key) * from ev order by full_key, ord
  ),
  claimed as (
    insert into public.idempotency_keys as k
      (key, scope, owner, status, result, claimed_at, expires_at, completed_at,
       payload_sha256, attempts, audit_id, lease_expires_at)
    select full_key, 'intake:' || source, actor, 'completed', result, now, now + ttl_ms * interval '1 millisecond', now,
           sha, 1,
           'intake-' || encode(sha256(convert_to(
             full_key || '|1|' || to_char(now at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), 'UTF8')), 'hex'),
           null
    from firsts
    order by full_key
    on conflict (key) do update set
      owner = excluded.owner, status = 'completed', result = excluded.result, claimed_at = excluded.claimed_at,
      expires_at = excluded.expires_at, completed_at = excluded.completed_at, payload_sha256 = excluded.payload_sha256,
      attempts = case when k.expires_at <= excluded.claimed_at then 1 else k.attempts + 1 end,
      audit_id = 'intake-' || encode(sha256(convert_to(
        excluded.key || '|' || (case when k.expires_at <= excluded.claimed_at then 1 else k.attempts + 1 end)::text
          || '|' || to_char(excluded.claimed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        'UTF8')), 'hex'),
      lease_expires_at = null
    where k.expires_at <= excluded.claimed_at
       or (k.payload_sha256 = excluded.payload_sha256
           and (k.status = 'failed' or (k.status = 'claimed' and k.lease_expires_at <= excluded.claimed_at)))
    returning k.key, k.audit_id, k.attempts, k.result
  ),
  audited as (
    insert into public.automation_audit (
      id, at, action, service, target, idempotency_key, outcome, reason, dry_run, actor,
      attempts, duration_ms, details)
    select c.audit_id, f.now, 'intake-accept', 'intake:' || f.source, 'intake:' || f.source, f.key, 'SUCCESS', null,
           false, f.actor, c.attempts, 0,
           f.details || jsonb_build_object('payload_sha256', f.sha, 'attempt', c.attempts)
    from claimed c join firsts f on f.full_key = c.key
    union all
    select 'intake-' || encode(sha256(convert_to(c.audit_id || '|done', 'UTF8')), 'hex'), f.now, 'intake-process',
           'intake:' || f.source, 'intake:' || f.source, f.key, 'SUCCESS', null, false, f.actor, c.attempts, 0,
           c.result || jsonb_build_object('accepted_audit_id', c.audit_id)
    from claimed c join firsts f on f.full_key = c.key
    on conflict (id) do nothing
  )
  select coalesce(array_agg(key), '{}') into v_claimed from claimed;

  with ev as (
    select e.ord, 'intake:' || (e.v ->> 'source') || ':' || (e.v ->> 'key') as full_key, e.v ->> 'payload_sha256' as sha
    from jsonb_array_elements(p_events) with ordinality as e(v, ord)
  ),
  firsts as (
    select full_key, min(ord) as ord from ev group by full_key
  )
  select jsonb_agg(
    jsonb_build_object(
      'outcome', case
        when ev.full_key = any(v_claimed) and ev.ord = f.ord then 'claimed'
        when r.payload_sha256 is distinct from ev.sha then 'mismatch'
        when r.status = 'completed' then 'duplicate'
        else 'processing' end,
      'audit_id', r.audit_id, 'received_at', r.claimed_at, 'attempt', r.attempts,
      'payload_sha256', r.payload_sha256, 'expires_at', r.expires_at, 'result', r.result,
      'lease_expires_at', r.lease_expires_at)
    order by ev.ord)
  into v_answers
  from ev
  join firsts f on f.full_key = ev.full_key
  -- One primary-key lookup per element (\`limit 1\` keeps it a per-row subquery, not a join the
  -- planner may hash over the whole table).
  left join lateral (
    select k.payload_sha256, k.status, k.audit_id, k.claimed_at, k.attempts, k.expires_at, k.result, k.lease_expires_at
    from public.idempotency_keys k where k.key = ev.full_key limit 1
  ) r on true;
  return coalesce(v_answers, '[]'::jsonb);
end
$$;

revoke all on function public.accept_intake_events(jsonb) from public, anon, authenticated;
grant execute on function public.accept_intake_events(jsonb) to service_role;
alter function public.accept_intake_events(jsonb) owner to opsguard_owner;
`},{name:"20261206000000_intake_accept_compact.sql",sql:`-- Intake throughput (issue 12's bench): accept_intake_batch replaces accept_intake_events
-- (20261205020100) with the same work and a shorter answer. Building, sending and parsing the
-- full answer object for every element cost about a fifth of the call on the bench's server;
-- the caller already knows what a claim would repeat (its own time, payload hash and TTL). So:
--   * an element this call claimed is answered \`[audit_id, attempt]\`; any other (duplicate,
--     mismatch, processing) with the object accept_intake_events gave;
--   * when every element was claimed (distinct keys, all free: the usual batch), the answers
--     come from the claim itself, without the second statement's lookups.
-- Claims, audit records, ids, lock order and outcomes are those of accept_intake_events.

create or replace function public.accept_intake_batch(p_events jsonb)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
-- plpgsql keeps a statement's plan for the connection's life: one planned while the table was
-- a page or two would scan the whole table for each lookup once it has grown (measured: 19,208
-- rows read for a batch of 8). The key lookups below go through the primary key, always.
set enable_seqscan = off
as $$
declare
  v_claimed text[];
  v_answers jsonb;
  v_claims jsonb;
  v_claimed_count integer;
begin
  if jsonb_typeof(p_events) is distinct from 'array' then
    raise exception 'accept_intake_batch: p_events must be a JSON array' using errcode = 'invalid_parameter_value';
  end if;
  if exists (
    select 1 from jsonb_array_elements(p_events) e
    where coalesce(e ->> 'source', '') = '' or coalesce(e ->> 'key', '') = '' or coalesce(e ->> 'payload_sha256', '') = ''
       or coalesce((e ->> 'ttl_ms')::bigint, 0) <= 0 or (e ->> 'now') is null
  ) then
    raise exception 'accept_intake_batch: every event needs source, key, payload hash, a positive ttl_ms and now'
      using errcode = 'invalid_parameter_value';
  end if;

  with ev as (
    select e.ord, e.v ->> 'source' as source, e.v ->> 'key' as key,
           'intake:' || (e.v ->> 'source') || ':' || (e.v ->> 'key') as full_key,
           e.v ->> 'payload_sha256' as sha, (e.v ->> 'ttl_ms')::bigint as ttl_ms, e.v ->> 'actor' as actor,
           coalesce(e.v -> 'details', '{}'::jsonb) as details, coalesce(e.v -> 'result', '{}'::jsonb) as result,
           (e.v ->> 'now')::timestamptz as now
    from jsonb_array_elements(p_events) with ordinality as e(v, ord)
  ),
  firsts as (
    select distinct on (full_key) * from ev order by full_key, ord
  ),
  claimed as (
    insert into public.idempotency_keys as k
      (key, scope, owner, status, result, claimed_at, expires_at, completed_at,
       payload_sha256, attempts, audit_id, lease_expires_at)
    select full_key, 'intake:' || source, actor, 'completed', result, now, now + ttl_ms * interval '1 millisecond', now,
           sha, 1,
           'intake-' || encode(sha256(convert_to(
             full_key || '|1|' || to_char(now at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), 'UTF8')), 'hex'),
           null
    from firsts
    order by full_key
    on conflict (key) do update set
      owner = excluded.owner, status = 'completed', result = excluded.result, claimed_at = excluded.claimed_at,
      expires_at = excluded.expires_at, completed_at = excluded.completed_at, payload_sha256 = excluded.payload_sha256,
      attempts = case when k.expires_at <= excluded.claimed_at then 1 else k.attempts + 1 end,
      audit_id = 'intake-' || encode(sha256(convert_to(
        excluded.key || '|' || (case when k.expires_at <= excluded.claimed_at then 1 else k.attempts + 1 end)::text
          || '|' || to_char(excluded.claimed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        'UTF8')), 'hex'),
      lease_expires_at = null
    where k.expires_at <= excluded.claimed_at
       or (k.payload_sha256 = excluded.payload_sha256
           and (k.status = 'failed' or (k.status = 'claimed' and k.lease_expires_at <= excluded.claimed_at)))
    returning k.key, k.audit_id, k.attempts, k.result
  ),
  audited as (
    insert into public.automation_audit (
      id, at, action, service, target, idempotency_key, outcome, reason, dry_run, actor,
      attempts, duration_ms, details)
    select c.audit_id, f.now, 'intake-accept', 'intake:' || f.source, 'intake:' || f.source, f.key, 'SUCCESS', null,
           false, f.actor, c.attempts, 0,
           f.details || jsonb_build_object('payload_sha256', f.sha, 'attempt', c.attempts)
    from claimed c join firsts f on f.full_key = c.key
    union all
    select 'intake-' || encode(sha256(convert_to(c.audit_id || '|done', 'UTF8')), 'hex'), f.now, 'intake-process',
           'intake:' || f.source, 'intake:' || f.source, f.key, 'SUCCESS', null, false, f.actor, c.attempts, 0,
           c.result || jsonb_build_object('accepted_audit_id', c.audit_id)
    from claimed c join firsts f on f.full_key = c.key
    on conflict (id) do nothing
  )
  select coalesce(array_agg(c.key), '{}'), count(*), jsonb_agg(jsonb_build_array(c.audit_id, c.attempts) order by f.ord)
    into v_claimed, v_claimed_count, v_claims
  from claimed c join firsts f on f.full_key = c.key;
  -- The usual batch: every element a key of its own, each claimed. Its answers are the claims.
  if v_claimed_count = jsonb_array_length(p_events) then
    return coalesce(v_claims, '[]'::jsonb);
  end if;


  with ev as (
    select e.ord, 'intake:' || (e.v ->> 'source') || ':' || (e.v ->> 'key') as full_key, e.v ->> 'payload_sha256' as sha
    from jsonb_array_elements(p_events) with ordinality as e(v, ord)
  ),
  firsts as (
    select full_key, min(ord) as ord from ev group by full_key
  )
  select jsonb_agg(
    case when ev.full_key = any(v_claimed) and ev.ord = f.ord then jsonb_build_array(r.audit_id, r.attempts)
    else jsonb_build_object(
      'outcome', case
        when r.payload_sha256 is distinct from ev.sha then 'mismatch'
        when r.status = 'completed' then 'duplicate'
        else 'processing' end,
      'audit_id', r.audit_id, 'received_at', r.claimed_at, 'attempt', r.attempts,
      'payload_sha256', r.payload_sha256, 'expires_at', r.expires_at, 'result', r.result,
      'lease_expires_at', r.lease_expires_at) end
    order by ev.ord)
  into v_answers
  from ev
  join firsts f on f.full_key = ev.full_key
  -- One primary-key lookup per element (\`limit 1\` keeps it a per-row subquery, not a join the
  -- planner may hash over the whole table).
  left join lateral (
    select k.payload_sha256, k.status, k.audit_id, k.claimed_at, k.attempts, k.expires_at, k.result, k.lease_expires_at
    from public.idempotency_keys k where k.key = ev.full_key limit 1
  ) r on true;
  return coalesce(v_answers, '[]'::jsonb);
end
$$;

revoke all on function public.accept_intake_batch(jsonb) from public, anon, authenticated;
grant execute on function public.accept_intake_batch(jsonb) to service_role;
alter function public.accept_intake_batch(jsonb) owner to opsguard_owner;

-- Nothing else calls it: one batch function, not two to keep equal.
drop function if exists public.accept_intake_events(jsonb);
`}];var ee=class extends Error{name="MigrationChecksumError"};function zn(n){return n instanceof Error&&n.name==="MigrationChecksumError"}function Bt(){return Kn(new URL("../../../supabase/migrations/",import.meta.url))}function Dt(n,e){let t=In("sha256").update(e.replace(/\r\n/g,`
`)).digest("hex");return{name:n,sql:e,checksum:t}}function ne(){return Kt.map(n=>Dt(n.name,n.sql))}async function re(n=Bt()){let e=(await Tn(n)).filter(t=>t.endsWith(".sql")).sort();return Promise.all(e.map(async t=>Dt(t,await On(Mn(n,t),"utf8"))))}var zt=4242001,Bn=`create table if not exists public.schema_migrations (
  name text primary key,
  checksum text not null,
  applied_at timestamptz not null default now()
)`;async function He(n){let e=await n.query("select name, checksum from public.schema_migrations");return new Map(e.map(t=>[String(t.name),String(t.checksum)]))}function Le(n,e){for(let t of n){let r=e.get(t.name);if(r!==void 0&&r!==t.checksum)throw new ee(`migration ${t.name} was changed after it was applied (recorded sha256 ${r}, file ${t.checksum}); add a new migration instead of editing an applied one`)}}var te=class extends Error{name="MigrationPermissionError";pending;role;constructor(e,t,r={}){super(`${e.length} migration(s) pending (${e[0]??""}${e.length>1?", ...":""}) and role "${t}" may not apply them: apply them once as the role that owns the schema (\`opsguard migrate\` with an administrator connection string), then connect as "${t}" again (docs/store-security.md)`,r),this.pending=e,this.role=t}};function Dn(n){return n instanceof Error&&n.name==="MigrationPermissionError"}function Nt(n,e=0){return e>5||typeof n!="object"||n===null?!1:n.code==="42501"?!0:Nt(n.cause,e+1)}async function Nn(n){let[e]=await n.query("select to_regclass('public.schema_migrations') is not null as present");return e?.present===!0?He(n):null}async function C(n,e={}){let t=e.migrations??(e.dir!==void 0?await re(e.dir):ne()),r=await n.transaction(Nn);if(r!==null&&(Le(t,r),t.every(o=>r.has(o.name))))return{applied:[],skipped:t.map(o=>o.name)};try{return await Fn(n,t)}catch(o){if(!Nt(o))throw o;let[a]=await n.query("select current_user as role").catch(()=>[{role:"unknown"}]),i=t.filter(s=>!r?.has(s.name)).map(s=>s.name);throw new te(i,String(a?.role??"unknown"),{cause:o})}}async function Fn(n,e){let t=await n.transaction(async o=>(await o.query("select pg_advisory_xact_lock($1)",[zt]),await o.query(Bn),He(o)));Le(e,t);let r={applied:[],skipped:[]};for(let o of e){if(t.has(o.name)){r.skipped.push(o.name);continue}(await n.transaction(async i=>{await i.query("select pg_advisory_xact_lock($1)",[zt]);let s=await He(i);return Le([o],s),s.has(o.name)?!1:(await i.execScript(o.sql),await i.query("insert into public.schema_migrations (name, checksum) values ($1, $2)",[o.name,o.checksum]),!0)})?r.applied:r.skipped).push(o.name)}return r}function Ft(n,e,t){if(n===null)return{tokens:e.capacity,updatedAtMs:t};let r=Math.max(0,t-n.updatedAtMs);return{tokens:Math.min(e.capacity,n.tokens+r/1e3*e.refillPerSecond),updatedAtMs:Math.max(t,n.updatedAtMs)}}function Gn(n,e){let t=0,r=n.length-1;for(;t<r;){let o=n[t+r>>>1],a=t,i=r;for(;a<=i;){for(;n[a]<o;)a++;for(;n[i]>o;)i--;if(a<=i){let s=n[a];n[a]=n[i],n[i]=s,a++,i--}}if(e<=i)r=i;else if(e>=a)t=a;else break}return n[e]}function J(n,e){let t=n.length;if(t===0)return null;let r=Math.min(t,Math.max(1,Math.ceil(e*t)));return Gn(n,r-1)}var oe=class{data=new Float64Array(64);size=0;push(e){if(this.size===this.data.length){let t=new Float64Array(this.data.length*2);t.set(this.data),this.data=t}this.data[this.size++]=e}get length(){return this.size}copy(){return this.data.slice(0,this.size)}sum(){let e=0;for(let t=0;t<this.size;t++)e+=this.data[t]??0;return e}},I=(n,e)=>e===0?null:n/e,R=class{runs=0;runsFinished=0;runsSucceeded=0;retriesTotal=0;attempts=0;attemptsFinished=0;attemptsSucceeded=0;durations=new oe;queues=new oe;incidents=0;incidentMsTotal=0;autoReruns=0;autoRecovered=0;causes=new Map;addCause(e){this.causes.set(e,(this.causes.get(e)??0)+1)}figures(){let e=this.durations.copy(),t=this.queues.copy(),r={};for(let[o,a]of[...this.causes.entries()].sort(([i],[s])=>i<s?-1:1))r[o]=a;return{runs:this.runs,attempts:this.attempts,successRateByRun:I(this.runsSucceeded,this.runsFinished),successRateByAttempt:I(this.attemptsSucceeded,this.attemptsFinished),meanRetryCount:I(this.retriesTotal,this.runs),durationMs:{mean:I(this.durations.sum(),this.durations.length),p50:J(e,.5),p95:J(e,.95)},queueMs:{p50:J(t,.5),p95:J(t,.95)},mttrMs:I(this.incidentMsTotal,this.incidents),incidents:this.incidents,autoRecoveryRate:I(this.autoRecovered,this.autoReruns),autoReruns:this.autoReruns,failuresByCause:r}}};var ae=(n,e)=>n.charCodeAt(e)-48,T=(n,e)=>ae(n,e)*10+ae(n,e+1);function O(n){if(n.length<20||n.charCodeAt(10)!==84||n.charCodeAt(n.length-1)!==90)return Date.parse(n);let e=ae(n,0)*1e3+ae(n,1)*100+T(n,2),t=0;if(n.charCodeAt(19)===46){let r=n.slice(20,n.length-1);t=Math.round(+`0.${r}`*1e3)}return Date.UTC(e,T(n,5)-1,T(n,8),T(n,11),T(n,14),T(n,17),t)}function Gt(n,e){let t=new Map;for(let o of n){if(o.branch!==e||o.status!=="completed")continue;let a=o.conclusion==="success";if(!a&&!$(o.conclusion))continue;let i=t.get(o.workflowName);i||t.set(o.workflowName,i=[]),i.push(Math.floor(O(o.updatedAt)/1e3)*2+(a?1:0))}let r=[];for(let[o,a]of t){let i=Float64Array.from(a).sort(),s=null;for(let c of i){let l=c%2===1,d=Math.floor(c/2)*1e3;!l&&s===null?s=d:l&&s!==null&&(r.push({workflowName:o,openedAtMs:s,resolvedAtMs:d}),s=null)}}return r}var Hn=864e5;function Ue(n,e,t){let r=n.get(e);return r||n.set(e,r=Array.from({length:t},()=>new R)),r}function Je(n,e){for(let t=0;t<n.length;t++)if(e>=(n[t]??1/0))return t;return-1}function Ht(n,e,t,r){n.attempts++,t&&(n.attemptsFinished++,e.conclusion==="success"&&n.attemptsSucceeded++,e.durationMs!==null&&n.durations.push(e.durationMs)),e.queueMs!==null&&n.queues.push(e.queueMs),r&&n.addCause(e.cause??"unknown")}function Lt(n,e,t,r){n.runs++,n.retriesTotal+=e.attempt-1,t&&(n.runsFinished++,e.conclusion==="success"&&n.runsSucceeded++),r&&(n.autoReruns++,e.conclusion==="success"&&n.autoRecovered++)}function Ve(n){let e=n.now.getTime(),t=[...new Set(n.windowsDays)].sort((c,l)=>c-l),r=t.map(c=>e-c*Hn),o=t.map(()=>new R),a=new Map,i=new Map;for(let c of n.attempts){let l=O(c.createdAt);if(l>e)continue;let d=i.get(c.runId);d?(c.attempt>d.latest.attempt&&(d.latest=c),l<d.firstMs&&(d.firstMs=l)):i.set(c.runId,{latest:c,firstMs:l});let p=Je(r,l);if(p<0)continue;let y=G(c.status,c.conclusion),f=y&&$(c.conclusion),F=Ue(a,c.workflowName,t.length);for(let w=p;w<t.length;w++)Ht(o[w],c,y,f),Ht(F[w],c,y,f)}for(let[c,{latest:l,firstMs:d}]of i){let p=Je(r,d);if(p<0)continue;let y=G(l.status,l.conclusion),f=!1;for(let w=2;w<=l.attempt&&!f;w++)f=n.opsguardReruns.has(`${c}:${w}`);let F=Ue(a,l.workflowName,t.length);for(let w=p;w<t.length;w++)Lt(o[w],l,y,f),Lt(F[w],l,y,f)}for(let c of Gt(n.attempts,n.defaultBranch)){if(c.resolvedAtMs>e)continue;let l=Je(r,c.openedAtMs);if(l<0)continue;let d=Ue(a,c.workflowName,t.length);for(let p=l;p<t.length;p++)for(let y of[o[p],d[p]])y.incidents++,y.incidentMsTotal+=c.resolvedAtMs-c.openedAtMs}let s=t.map((c,l)=>{let d={};for(let y of[...a.keys()].sort()){let f=a.get(y)?.[l];(f.attempts>0||f.runs>0||f.incidents>0)&&(d[y]=f.figures())}let p=o[l];return{days:c,from:new Date(r[l]??e).toISOString(),to:n.now.toISOString(),overall:p.figures(),byWorkflow:d}});return{generatedAt:n.now.toISOString(),windows:s}}function Ln(n,e){let t=e.map(()=>({acc:new R,retries:0})),r=e[0]?.startMs??1/0,o=e[e.length-1]?.endMs??-1/0;for(let a of n){let i=O(a.createdAt);if(i<r||i>=o)continue;let s=0;for(;s<e.length-1&&i>=e[s].endMs;)s++;let c=t[s];if(!c)continue;let l=c.acc;l.attempts++,a.attempt>1&&c.retries++,G(a.status,a.conclusion)&&(l.attemptsFinished++,a.conclusion==="success"&&l.attemptsSucceeded++,a.durationMs!==null&&l.durations.push(a.durationMs),$(a.conclusion)&&l.addCause(a.cause??"unknown")),a.queueMs!==null&&l.queues.push(a.queueMs)}return e.map((a,i)=>{let s=t[i],c=s.acc.figures();return{date:a.date,attempts:c.attempts,successRateByAttempt:c.successRateByAttempt,durationP95Ms:c.durationMs.p95,queueP95Ms:c.queueMs.p95,retries:s.retries,failuresByCause:c.failuresByCause}})}var Ut=["open","applied","partial","restored"],Jt=["pending","done","failed","skipped"];function po(n){return`workflow:${String(n)}`}function _o(n){return n.some(e=>e.status==="failed")?"partial":n.some(e=>e.status==="pending")?"open":"applied"}function Vt(n,e){return{...e,...n}}function Yt(n,e){return n.some(t=>t.id===e.id)?n.map(t=>t.id===e.id?e:t):[...n,e]}var Qt=["planned","apply-started","step-done","step-failed","step-skipped","applied","partial","recovery-verified","recovery-failed"];function yo(n,e,t,r=1){return`${n.slice(0,16)}:${e}:${t??"-"}:${r}`}import{existsSync as Un,readFileSync as Jn}from"node:fs";import{mkdir as Zt,readFile as Xt,rename as Vn,writeFile as Yn}from"node:fs/promises";import{createRequire as Qn}from"node:module";import{tmpdir as en}from"node:os";import{dirname as tn,join as j,resolve as Wn}from"node:path";import{createHash as Xn}from"node:crypto";function Wt(n,e){let t={async query(r,o=[]){return(await n.query(r,[...o])).rows},async execScript(r){await n.exec(r)},transaction:e??(r=>r(t))};return t}function ie(n){return{kind:"pglite",...Wt(n,t=>n.transaction(r=>t(Wt(r,null)))),close:()=>n.close()}}function Ye(n){return typeof n=="object"&&n!==null?JSON.stringify(n):n}function se(n){let e=[],t=[];for(let r of n)r&&(e.push(r[1]),t.push(r[0].replace("$?",`$${e.length}`)));return{sql:t.length?` where ${t.join(" and ")}`:"",params:e}}var M=class{constructor(e){this.db=e;this.kind=e.kind,st(this,{kind:"sql",db:e})}db;kind;async rpc(e){let t=Object.entries(e.args),r=t.map(([a],i)=>`${a} => $${i+1}`).join(", ");return(await this.db.query(`select public.${e.fn}(${r}) as result`,t.map(([,a])=>Ye(a))))[0]?.result}async ping(){try{await this.db.query("select 1")}catch(e){throw h(e,"ping")}}close(){return this.db.close()}async listKillSwitches(){return(await this.db.query("select * from public.kill_switch_state order by scope, target")).map(Fe)}async setKillSwitch(e){return Fe(await this.rpc(wt(e)))}async consumeTokens(e,t){return e.length===0?{allowed:!0,deniedKey:null,retryAfterMs:0}:qt(await this.rpc(kt(e,t)))}async admitBreaker(e,t){return Pt(await this.rpc(xt(e,t)))}async recordBreakerOutcome(e,t,r){return Ct(await this.rpc(vt(e,t,r)))}async getBreaker(e){let t=await this.db.query("select * from public.circuit_breakers where target = $1",[e]);return t[0]?gt(t[0]):null}async claimIdempotencyKey(e){return It(await this.rpc(St(e)))}async completeIdempotencyKey(e,t,r,o){await this.rpc(Rt(e,t,r,o))}async releaseIdempotencyKey(e,t){return Ge(await this.rpc(jt(e,t)),"release_idempotency_key")}async appendAudit(e){return{inserted:Ge(await this.rpc(P(e)),"append_audit")}}async listAudit(e={}){let t=se([e.since?["at >= $?",e.since.toISOString()]:null,e.action!==void 0?["action = $?",e.action]:null,e.target!==void 0?["target = $?",e.target]:null]),r=e.limit!==void 0?` limit ${Math.max(0,Math.floor(e.limit))}`:"";return(await this.db.query(`select * from public.automation_audit${t.sql} order by at, id${r}`,t.params)).map(ft)}async upsertBatches(e,t,r){let o=0,a=it(e);for(let i of a)o+=Tt(await this.rpc(t(i)),r);return{rows:o,requests:a.length}}upsertRuns(e){return this.upsertBatches(Ne(e,L).map(dt),At,"upsert_runs")}upsertJobs(e){return this.upsertBatches(Ne(e,U).map(_t),Et,"upsert_jobs")}async listRuns(e={}){let t=se([e.repo!==void 0?["repo = $?",e.repo]:null,e.since?["created_at >= $?",e.since.toISOString()]:null,e.until?["created_at < $?",e.until.toISOString()]:null]);return(await this.db.query(`select * from public.runs${t.sql} order by created_at, repo, run_id, attempt`,t.params)).map(pt)}async insertRow(e,t){let r=Object.keys(t);await this.db.query(`insert into public.${e} (${r.join(", ")}) values (${r.map((o,a)=>`$${a+1}`).join(", ")})`,Object.values(t).map(Ye))}insertRetryHistory(e){return this.insertRow("retry_history",mt(e))}async listRetryHistory(e={}){let t=se([e.repo!==void 0?["repo = $?",e.repo]:null,e.since?["decided_at >= $?",e.since.toISOString()]:null,e.until?["decided_at < $?",e.until.toISOString()]:null]);return(await this.db.query(`select * from public.retry_history${t.sql} order by decided_at, id`,t.params)).map(yt)}insertNotification(e){return this.insertRow("notifications",ht(e))}async listNotifications(e={}){let t=se([e.repo!==void 0?["repo = $?",e.repo]:null,e.since?["created_at >= $?",e.since.toISOString()]:null,e.fingerprint!==void 0?["fingerprint = $?",e.fingerprint]:null]);return(await this.db.query(`select * from public.notifications${t.sql} order by created_at, id`,t.params)).map(bt)}async kpiWindow(e){let t=Object.entries(Ot(e).args),r=t.map(([a],i)=>`${a} => $${i+1}`).join(", ");return(await this.db.query(`select * from public.kpi_window(${r})`,t.map(([,a])=>Ye(a)))).map(Mt)}async incrementMetric(e){await this.rpc($t(e))}};var nn=j(".opsguard","pglite");async function Zn(n,e){let t=n.inMemory?void 0:Wn(n.cwd??process.cwd(),n.dataDir??nn);try{let{PGlite:r}=await import("./pglite-EXTXE36S.js");t&&await Zt(t,{recursive:!0});let o=!t||!Un(j(t,"PG_VERSION")),a=async d=>{let p=d?{loadDataDir:new Blob([d])}:{};return t?r.create(t,p):r.create(p)};if(!o){let d=await a(null);return{db:d,connection:ie(d),from:"existing"}}let i=e?await Xt(e).catch(()=>null):null;if(i){let d=await a(i);return{db:d,connection:ie(d),from:"migrated-template"}}let s=n.templateCacheDir!==null?er(n.templateCacheDir):null,c=s?await Xt(s).catch(()=>null):null,l=await a(c);return!c&&s&&await on(s,l,"gzip"),{db:l,connection:ie(l),from:c?"initdb-template":"initdb"}}catch(r){let o=t??"memory";throw new Be(`cannot open the embedded PGlite database (${o}): ${r instanceof Error?r.message:String(r)}`,{cause:r})}}function er(n){let e=rn();return e===null?null:j(n??j(en(),"opsguard-pglite"),`initdb-${e}.tar.gz`)}function tr(n,e){let t=rn();if(t===null)return null;let r=Xn("sha256");for(let o of e)r.update(`${o.name}\0${o.checksum}
`);return j(n??j(en(),"opsguard-pglite"),`migrated-${t}-${r.digest("hex").slice(0,32)}.tar`)}var V;function rn(){if(V!==void 0)return V;try{let n=Qn(import.meta.url).resolve("@electric-sql/pglite"),e=JSON.parse(Jn(j(tn(n),"..","package.json"),"utf8"));V=typeof e.version=="string"?e.version:"unknown"}catch{V=null}return V}async function on(n,e,t){try{let r=Buffer.from(await(await e.dumpDataDir(t)).arrayBuffer());await Zt(tn(n),{recursive:!0});let o=`${n}.${process.pid}.${Date.now()}.partial`;await Yn(o,r),await Vn(o,n)}catch{}}async function Qe(n={}){let e=n.migrations??(n.migrationsDir!==void 0?await re(n.migrationsDir):ne()),t=n.templateCacheDir===null?null:tr(n.templateCacheDir,e),r=await Zn(n,t);try{let o=await C(r.connection,{migrations:e});t&&r.from!=="existing"&&r.from!=="migrated-template"&&o.applied.length>0&&await on(t,r.db,"none")}catch(o){throw await r.connection.close().catch(()=>{}),o}return new M(r.connection)}function an(n){let e={async query(t,r=[]){try{return(await n.query(t,[...r])).rows}catch(o){throw h(o,"query")}},async execScript(t){try{await n.query(t)}catch(r){throw h(r,"script")}},transaction:t=>t(e)};return e}async function We(n){let{default:e}=await import("./esm-IIS75P4Q.js"),t=new e.Pool(n);t.on("error",()=>{});async function r(o){let a;try{a=await t.connect()}catch(i){throw h(i,"connect")}try{return await o(a)}finally{a.release()}}return{kind:"postgres",async query(o,a=[]){try{return(await t.query(o,[...a])).rows}catch(i){throw h(i,"query")}},execScript:o=>r(a=>an(a).execScript(o)),transaction:o=>r(async a=>{let i=an(a);await i.query("begin");try{let s=await o(i);return await i.query("commit"),s}catch(s){throw await a.query("rollback").catch(()=>{}),s}}),close:()=>t.end()}}var nr=["public.automation_audit","public.kill_switch_log"];async function Xe(n){let[e]=await n.query("select current_user as role, r.rolsuper as superuser from pg_catalog.pg_roles r where r.rolname = current_user"),t=String(e?.role??"unknown");if(e?.superuser===!0)return{kind:"superuser",role:t};let o=(await n.query(`select o.rolname as owner from pg_catalog.pg_class c join pg_catalog.pg_roles o on o.oid = c.relowner
     where c.oid = any (select to_regclass(t) from unnest($1::text[]) as t)
       and pg_catalog.pg_has_role(current_user, c.relowner, 'MEMBER')`,[nr]))[0]?.owner;return o===void 0?{kind:"append-only",role:t}:{kind:"owner",role:t,owner:String(o)}}function rr(n){switch(n.kind){case"append-only":return`role "${n.role}" cannot change the audit trail or the kill-switch log: OpsGuard may connect as it`;case"superuser":return`role "${n.role}" is a superuser and can rewrite the audit trail: use it only to apply migrations, and connect OpsGuard as a role granted service_role (docs/store-security.md)`;case"owner":return`role "${n.role}" can act as "${n.owner}", the owner of the audit trail, and so switch its trigger off: use it only to apply migrations, and connect OpsGuard as a role granted service_role (docs/store-security.md)`}}async function Ze(n){let e=await We({connectionString:n.connectionString,max:n.maxConnections??5,connectionTimeoutMillis:n.connectTimeoutMs??1e4,query_timeout:n.queryTimeoutMs??3e4});if(n.migrate!==!1)try{await C(e,{...n.migrationsDir!==void 0&&{dir:n.migrationsDir},...n.migrations!==void 0&&{migrations:n.migrations}})}catch(t){throw await e.close().catch(()=>{}),t}return new M(e)}async function or(n,e={}){let t=await We({connectionString:n,max:1,connectionTimeoutMillis:1e4});try{return{report:await C(t,e.migrations?{migrations:e.migrations}:{}),posture:await Xe(t)}}finally{await t.close()}}var ar=1e-9,sn=(n,e)=>(!e.since||n>=e.since.toISOString())&&(!e.until||n<e.until.toISOString()),Y=class{kind="memory";#e=new Map;#t=new Map;#n=new Map;#r=new Map;#o=new Map;#i=new Map;#l=new Map;#a=[];#s=[];#c=new Map;async ping(){}async close(){}async listKillSwitches(){return[...this.#e.values()].sort((e,t)=>`${e.scope}\0${e.target}`.localeCompare(`${t.scope}\0${t.target}`))}async setKillSwitch(e){if(e.scope==="global"&&e.target!=="*")throw new Error("the global kill switch has the target *");let t={scope:e.scope,target:e.target,active:e.active,reason:e.reason,updatedBy:e.actor,updatedAt:e.at.toISOString()};return this.#e.set(`${e.scope}\0${e.target}`,t),t}async consumeTokens(e,t){let r=t.getTime(),o=new Map;for(let s of e)o.has(s.key)||o.set(s.key,Ft(this.#t.get(s.key)??null,s,r));let a=e.find(s=>(o.get(s.key)?.tokens??0)+ar<1);for(let[s,c]of o)this.#t.set(s,a?c:{...c,tokens:Math.max(0,c.tokens-1)});if(!a)return{allowed:!0,deniedKey:null,retryAfterMs:0};let i=o.get(a.key)?.tokens??0;return{allowed:!1,deniedKey:a.key,retryAfterMs:Math.ceil((1-i)/a.refillPerSecond*1e3)}}async admitBreaker(e,t){let r=this.#n.get(e.target);if(!r)return{allowed:!0,state:"closed",retryAfterMs:0};let o=at(r.snapshot,e,t.getTime());return o.snapshot!==r.snapshot&&this.#n.set(e.target,{snapshot:o.snapshot,updatedAtMs:t.getTime()}),{allowed:o.allowed,state:o.snapshot.state,retryAfterMs:o.retryAfterMs}}async recordBreakerOutcome(e,t,r){let o=r.getTime(),a=this.#n.get(e.target)?.snapshot??ot,i=a.state==="open"&&o>=(a.openedAtMs??o)+e.openMs?{...a,state:"half_open",consecutiveSuccesses:0}:a,s=ir(i,e,t,o);return this.#n.set(e.target,{snapshot:s,updatedAtMs:o}),cn(e.target,s,o)}async getBreaker(e){let t=this.#n.get(e);return t?cn(e,t.snapshot,t.updatedAtMs):null}async claimIdempotencyKey(e){if(!(e.ttlMs>0))throw new Error("claimIdempotencyKey: ttlMs must be positive");let t=this.#r.get(e.key);return t&&Date.parse(t.expiresAt)>e.now.getTime()?{claimed:!1,existing:t}:(this.#r.set(e.key,{key:e.key,scope:e.scope,owner:e.owner,status:"claimed",result:null,claimedAt:e.now.toISOString(),expiresAt:new Date(e.now.getTime()+e.ttlMs).toISOString()}),{claimed:!0,existing:null})}async completeIdempotencyKey(e,t,r,o){let a=this.#r.get(e);a&&this.#r.set(e,{...a,status:t,result:r})}async releaseIdempotencyKey(e,t){let r=this.#r.get(e);return!r||r.owner!==t||r.status!=="claimed"?!1:(this.#r.delete(e),!0)}async appendAudit(e){return this.#o.has(e.id)?{inserted:!1}:(this.#o.set(e.id,e),{inserted:!0})}async listAudit(e={}){let t=[...this.#o.values()].filter(r=>!e.since||r.at>=e.since.toISOString()).filter(r=>e.action===void 0||r.action===e.action).filter(r=>e.target===void 0||r.target===e.target).sort((r,o)=>r.at===o.at?r.id.localeCompare(o.id):r.at.localeCompare(o.at));return e.limit===void 0?t:t.slice(0,Math.max(0,Math.floor(e.limit)))}async upsertRuns(e){for(let t of e)this.#i.set(L(t),t);return{rows:new Set(e.map(L)).size,requests:e.length===0?0:1}}async upsertJobs(e){for(let t of e)this.#l.set(U(t),t);return{rows:new Set(e.map(U)).size,requests:e.length===0?0:1}}async listRuns(e={}){return[...this.#i.values()].filter(t=>(e.repo===void 0||t.repo===e.repo)&&sn(t.createdAt,e)).sort((t,r)=>t.createdAt.localeCompare(r.createdAt)||t.repo.localeCompare(r.repo)||t.runId-r.runId||t.attempt-r.attempt)}async insertRetryHistory(e){this.#a.push(e)}async listRetryHistory(e={}){return this.#a.filter(t=>(e.repo===void 0||t.repo===e.repo)&&sn(t.decidedAt,e)).sort((t,r)=>t.decidedAt.localeCompare(r.decidedAt))}async insertNotification(e){this.#s.push(e)}async listNotifications(e={}){return this.#s.filter(t=>e.repo===void 0||t.repo===e.repo).filter(t=>!e.since||t.createdAt>=e.since.toISOString()).filter(t=>e.fingerprint===void 0||t.fingerprint===e.fingerprint).sort((t,r)=>t.createdAt.localeCompare(r.createdAt))}async kpiWindow(e){let t=(await this.listRuns({repo:e.repo})).filter(s=>s.createdAt<=e.now.toISOString()),r=new Set(this.#a.filter(s=>s.repo===e.repo&&s.decision==="rerun"&&s.act?.kind==="requested").map(s=>`${s.runId}:${s.attempt+1}`)),a=Ve({attempts:t,defaultBranch:e.defaultBranch,opsguardReruns:r,now:e.now,windowsDays:[e.days]}).windows[0];if(!a)return[];let i=Object.keys(a.byWorkflow).sort();return[ln(null,a.overall),...i.flatMap(s=>{let c=a.byWorkflow[s];return c?[ln(s,c)]:[]})]}async incrementMetric(e){let t=Math.floor(e.at.getTime()/6e4)*6e4,r=JSON.stringify([e.name,Object.entries(e.labels).sort(),t]);this.#c.set(r,(this.#c.get(r)??0)+e.value)}};function ir(n,e,t,r){if(t){if(n.state==="open")return n;let i=n.consecutiveSuccesses+1,s=n.state==="half_open"&&i>=e.successThreshold;return{state:s?"closed":n.state,consecutiveFailures:0,consecutiveSuccesses:i,openedAtMs:s?null:n.openedAtMs}}let o=n.consecutiveFailures+1,a=n.state==="half_open"||n.state==="closed"&&o>=e.failureThreshold;return{state:a?"open":n.state,consecutiveFailures:o,consecutiveSuccesses:0,openedAtMs:a?r:n.openedAtMs}}function cn(n,e,t){return{target:n,state:e.state,consecutiveFailures:e.consecutiveFailures,consecutiveSuccesses:e.consecutiveSuccesses,openedAt:e.openedAtMs===null?null:new Date(e.openedAtMs).toISOString(),updatedAt:new Date(t).toISOString()}}function ln(n,e){return{workflowName:n,runs:e.runs,attempts:e.attempts,successRateByRun:e.successRateByRun,successRateByAttempt:e.successRateByAttempt,meanRetryCount:e.meanRetryCount,durationMeanMs:e.durationMs.mean,durationP50Ms:e.durationMs.p50,durationP95Ms:e.durationMs.p95,queueP50Ms:e.queueMs.p50,queueP95Ms:e.queueMs.p95,mttrMs:e.mttrMs,incidents:e.incidents,autoRecoveryRate:e.autoRecoveryRate,autoReruns:e.autoReruns,failuresByCause:e.failuresByCause}}function sr(n){let e=n.SUPABASE_URL?.trim(),t=(n.SUPABASE_SERVICE_ROLE_KEY??n.SUPABASE_KEY)?.trim();if(e){if(!t)throw new rt("SUPABASE_URL is set but SUPABASE_SERVICE_ROLE_KEY is not: set both, or neither to use the embedded store");return{kind:"supabase",url:e,key:t}}let r=n.DATABASE_URL?.trim();return r?{kind:"postgres",connectionString:r}:{kind:"pglite"}}async function cr(n,e={}){switch(n.kind){case"supabase":{let{openSupabaseStore:t}=await import("./supabase-store-NA4GGZYR.js");return t({url:n.url,key:n.key,...e.fetch!==void 0&&{fetch:e.fetch},...e.timeoutMs!==void 0&&{timeoutMs:e.timeoutMs}})}case"postgres":return Ze({connectionString:n.connectionString,...e.timeoutMs!==void 0&&{connectTimeoutMs:e.timeoutMs,queryTimeoutMs:e.timeoutMs}});case"pglite":return Qe({...e.cwd!==void 0&&{cwd:e.cwd},...e.inMemory!==void 0&&{inMemory:e.inMemory},...n.dataDir!==void 0&&{dataDir:n.dataDir}});case"none":return new Y}}var lr=["runs","jobs","retry-history","audit","metrics"],A=class extends Error{name="InvalidCursorError"};function ur(n){return n instanceof Error&&n.name==="InvalidCursorError"}var dr={repository:"text",workflow:"text",run_id:"int",attempt:"int",workflow_id:"int",event:"text",branch:"text",head_sha:"text",status:"text",conclusion:"text",cause:"text",created_at:"time",started_at:"time",updated_at:"time",duration_ms:"int",queue_ms:"int",url:"text"},E={runs:{view:"v1_runs",columns:dr,cursor:["created_at","repository","run_id","attempt"],time:"created_at"},jobs:{view:"v1_jobs",columns:{repository:"text",workflow:"text",job_id:"int",run_id:"int",attempt:"int",name:"text",status:"text",conclusion:"text",created_at:"time",started_at:"time",completed_at:"time",runner_name:"text"},cursor:["repository","job_id"],time:"created_at"},"retry-history":{view:"v1_retry_history",columns:{id:"int",repository:"text",workflow:"text",run_id:"int",attempt:"int",cause:"text",transient:"bool",decision:"text",reason:"text",delay_ms:"int",result:"text",evidence:"json",decided_at:"time"},cursor:["id"],time:"decided_at"},audit:{view:"v1_audit",columns:{id:"text",at:"time",action:"text",service:"text",target:"text",repository:"text",workflow:"text",idempotency_key:"text",outcome:"text",reason:"text",dry_run:"bool",actor:"text",attempts:"int",duration_ms:"int",details:"json"},cursor:["at","id"],time:"at"},metrics:{view:"v1_metrics",columns:{name:"text",labels:"json",minute:"time",value:"float",repository:"text",workflow:"text"},cursor:["minute","name","labels"],time:"minute"}},Q={repository:"text",workflow:"text",runs:"int",attempts:"int",success_rate_by_run:"float",success_rate_by_attempt:"float",mean_retry_count:"float",duration_mean_ms:"float",duration_p50_ms:"float",duration_p95_ms:"float",queue_p50_ms:"float",queue_p95_ms:"float",mttr_ms:"float",incidents:"int",auto_recovery_rate:"float",auto_reruns:"int",failures_by_cause:"json"};function pr(n,e,t){if(n==null)return null;switch(e){case"text":return String(n);case"int":case"float":{let r=typeof n=="number"?n:Number(n);if(!Number.isFinite(r))throw new TypeError(`api row: column ${t} is not a number`);return r}case"bool":return n===!0||n==="t"||n==="true";case"time":{let r=n instanceof Date?n:new Date(String(n));if(Number.isNaN(r.getTime()))throw new TypeError(`api row: column ${t} is not a timestamp`);return r.toISOString()}case"json":return typeof n=="string"?JSON.parse(n):n}}function S(n,e){let t={};for(let[r,o]of Object.entries(e))t[r]=pr(n[r],o,r);return t}function ce(n,e,t){return Buffer.from(JSON.stringify([n,...e.cursor.map(r=>t[r]??null)])).toString("base64url")}function _r(n,e){switch(e){case"text":return typeof n=="string";case"int":case"float":return typeof n=="number"&&Number.isFinite(n);case"bool":return typeof n=="boolean";case"time":return typeof n=="string"&&!Number.isNaN(Date.parse(n));case"json":return n!==void 0}}function le(n,e,t){let r;try{r=JSON.parse(Buffer.from(t,"base64url").toString("utf8"))}catch{throw new A("the cursor is not one this API handed out")}if(!Array.isArray(r)||r[0]!==n||r.length!==e.cursor.length+1)throw new A(`the cursor does not belong to /${n}`);let o=r.slice(1);return e.cursor.forEach((a,i)=>{if(!_r(o[i],e.columns[a]??"text"))throw new A("the cursor is not one this API handed out")}),o}var mr={claim_intake_key:["p_source","p_key","p_payload_sha256","p_ttl_ms","p_lease_ms","p_actor","p_details","p_now"],accept_intake_event:["p_source","p_key","p_payload_sha256","p_ttl_ms","p_actor","p_details","p_result","p_now"],accept_intake_batch:["p_events"],finish_intake_key:["p_source","p_key","p_attempt","p_status","p_result","p_actor","p_now"],cleanup_expired_state:["p_now","p_bucket_idle_ms"],api_kpi:["p_repo","p_workflow","p_until","p_days","p_branch"]};function K(n,e){return{fn:n,args:e}}var ue=n=>K("claim_intake_key",{p_source:n.source,p_key:n.key,p_payload_sha256:n.payloadSha256,p_ttl_ms:n.ttlMs,p_lease_ms:n.leaseMs,p_actor:n.actor,p_details:n.details,p_now:n.now.toISOString()}),un=n=>K("accept_intake_event",{p_source:n.source,p_key:n.key,p_payload_sha256:n.payloadSha256,p_ttl_ms:n.ttlMs,p_actor:n.actor,p_details:n.details,p_result:n.result,p_now:n.now.toISOString()}),dn=n=>K("accept_intake_batch",{p_events:n.map(e=>({source:e.source,key:e.key,payload_sha256:e.payloadSha256,ttl_ms:e.ttlMs,actor:e.actor,details:e.details,result:e.result,now:e.now.toISOString()}))});function pn(n,e){if(!Array.isArray(n)||n.length!==e.length)throw new TypeError(`store: accept_intake_batch returned no array of ${e.length} answers`);return n.map((t,r)=>{if(!Array.isArray(t))return z(t,"accept_intake_batch");let o=e[r],[a,i]=t;if(typeof a!="string"||typeof i!="number"||t.length!==2)throw new TypeError("store: accept_intake_batch answered a claim that is not [audit_id, attempt]");return{outcome:"claimed",auditId:a,attempt:i,receivedAt:o.now.toISOString(),payloadSha256:o.payloadSha256,expiresAt:new Date(o.now.getTime()+o.ttlMs).toISOString()}})}var de=n=>K("finish_intake_key",{p_source:n.source,p_key:n.key,p_attempt:n.attempt,p_status:n.status,p_result:n.result,p_actor:n.actor,p_now:n.now.toISOString()}),pe=(n,e)=>K("cleanup_expired_state",{p_now:n.toISOString(),p_bucket_idle_ms:Math.max(0,Math.floor(e))}),_e=n=>K("api_kpi",{p_repo:n.repository??null,p_workflow:n.workflow??null,p_until:n.until.toISOString(),p_days:n.days,p_branch:n.branch});function z(n,e="claim_intake_key"){let t=_(n,e),r={auditId:u(t,"audit_id"),receivedAt:b(t,"received_at"),attempt:k(t,"attempt"),payloadSha256:u(t,"payload_sha256"),expiresAt:b(t,"expires_at")},o=u(t,"outcome");switch(o){case"claimed":case"mismatch":return{...r,outcome:o};case"duplicate":return{...r,outcome:o,result:lt(t,"result")};case"processing":return{...r,outcome:o,leaseExpiresAt:H(t,"lease_expires_at")};default:throw new TypeError(`store: ${e} returned unknown outcome ${o}`)}}function me(n){let e=_(n,"finish_intake_key");return{finished:e.finished===!0,auditId:q(e,"audit_id")}}function ye(n){let e=_(n,"cleanup_expired_state");return{intakeKeys:k(e,"intake_keys"),otherKeys:k(e,"other_keys"),tokenBuckets:k(e,"token_buckets")}}function he(n){return{id:n.id,name:n.name,role:n.role,key_sha256:n.keySha256,created_at:n.createdAt,created_by:n.createdBy,revoked_at:n.revokedAt}}function B(n){let e=_(n,"api key"),t=u(e,"role");if(t!=="reader"&&t!=="writer")throw new TypeError(`store row: api key role ${t} is unknown`);return{id:u(e,"id"),name:u(e,"name"),role:t,keySha256:u(e,"key_sha256"),createdAt:b(e,"created_at"),createdBy:u(e,"created_by"),revokedAt:H(e,"revoked_at")}}function be(n){let{keySha256:e,...t}=n;return t}var yr={text:"text",int:"bigint",float:"double precision",bool:"boolean",time:"timestamptz",json:"jsonb"},hr=n=>typeof n=="object"&&n!==null?JSON.stringify(n):n,fe=class{constructor(e){this.db=e}db;async page(e){let t=E[e.table],r=[],o=[],a=(p,y)=>{r.push(y),o.push(p(`$${r.length}`))},{filter:i}=e;if(i.repository!==void 0&&a(p=>`repository = ${p}`,i.repository),i.workflow!==void 0&&a(p=>`workflow = ${p}`,i.workflow),i.since&&a(p=>`${t.time} >= ${p}::timestamptz`,i.since.toISOString()),i.until&&a(p=>`${t.time} < ${p}::timestamptz`,i.until.toISOString()),e.cursor!==null){let p=le(e.table,t,e.cursor),y=t.cursor.map((f,F)=>(r.push(hr(p[F]??null)),`$${r.length}::${yr[t.columns[f]??"text"]}`));o.push(`(${t.cursor.join(", ")}) > (${y.join(", ")})`)}let s=Math.max(1,Math.floor(e.limit));r.push(s+1);let c=await this.db.query(`select ${Object.keys(t.columns).join(", ")} from api.${t.view}${o.length?` where ${o.join(" and ")}`:""} order by ${t.cursor.join(", ")} limit $${r.length}`,r),l=c.slice(0,s).map(p=>S(p,t.columns)),d=l.at(-1);return{rows:l,nextCursor:c.length>s&&d?ce(e.table,t,d):null}}async jobsOfRuns(e){if(e.length===0)return[];let t=E.jobs;return(await this.db.query(`select ${Object.keys(t.columns).join(", ")} from api.${t.view}
       where (repository, run_id, attempt) in (
         select x.repository, x.run_id, x.attempt
         from jsonb_to_recordset($1::jsonb) as x(repository text, run_id bigint, attempt integer))
       order by ${t.cursor.join(", ")}`,[JSON.stringify(e.map(o=>({repository:o.repository,run_id:o.runId,attempt:o.attempt})))])).map(o=>S(o,t.columns))}async kpi(e){let t=Object.entries(_e(e).args);return(await this.db.query(`select * from public.api_kpi(${t.map(([o],a)=>`${o} => $${a+1}`).join(", ")})`,t.map(([,o])=>o))).map(o=>S(o,Q))}};var ge=class{constructor(e,t){this.call=e;this.options=t;if(!(t.maxBatch>=1&&t.maxInFlight>=1))throw new RangeError("CallBatcher: maxBatch and maxInFlight must be at least 1")}call;options;#e=[];#t=0;submit(e){return new Promise((t,r)=>{this.#e.push({request:e,resolve:t,reject:r}),this.#n()})}get inFlight(){return this.#t}#n(){for(;this.#t<this.options.maxInFlight&&this.#e.length>0;)this.#t++,this.#r(this.#e.splice(0,this.options.maxBatch)).finally(()=>{this.#t--,this.#n()})}async#r(e){let t;try{if(t=await this.call(e.map(r=>r.request)),t.length!==e.length)throw new TypeError(`batch call answered ${t.length} times for ${e.length} requests`)}catch(r){if(e.length>1&&this.options.retrySingly(r))await Promise.all(e.map(o=>this.#r([o])));else for(let o of e)o.reject(r);return}e.forEach((r,o)=>r.resolve(t[o]))}};function we(n){return{id:n.id,at:n.now.toISOString(),action:"intake-refuse",service:`intake:${n.source}`,target:`intake:${n.source}`,idempotencyKey:n.key??"",outcome:"SKIPPED",reason:n.reason,dryRun:!1,actor:n.actor,attempts:0,durationMs:0,details:{...n.details,status:n.status}}}var br=n=>typeof n=="object"&&n!==null?JSON.stringify(n):n;async function W(n,e){let t=Object.entries(e.args),r=t.map(([a],i)=>`${a} => $${i+1}`).join(", ");return(await n.query(`select public.${e.fn}(${r}) as result`,t.map(([,a])=>br(a))))[0]?.result}var fr={maxBatch:64,maxInFlight:1,retrySingly:n=>!De(n)},ke=class{constructor(e,t=fr){this.db=e;this.#e=new ge(async r=>pn(await W(this.db,dn(r)),r),t)}db;#e;async claimIntakeKey(e){return z(await W(this.db,ue(e)))}acceptIntakeEvent(e){return this.#e.submit(e)}async finishIntakeKey(e){return me(await W(this.db,de(e)))}async recordRefusal(e){await W(this.db,P(we(e)))}async cleanupExpired(e,t){return ye(await W(this.db,pe(e,t)))}},xe=class{constructor(e){this.db=e}db;async insertApiKey(e){let t=he(e),r=Object.keys(t);await this.db.query(`insert into public.api_keys (${r.join(", ")}) values (${r.map((o,a)=>`$${a+1}`).join(", ")})`,Object.values(t))}async listApiKeys(){return(await this.db.query("select * from public.api_keys order by created_at, id")).map(t=>be(B(t)))}async revokeApiKey(e,t){return(await this.db.query("update public.api_keys set revoked_at = $2 where id = $1 and revoked_at is null returning id",[e,t.toISOString()])).length===1}async findApiKey(e){let t=await this.db.query("select * from public.api_keys where id = $1",[e]);return t[0]?B(t[0]):null}};function et(n){return`"${(typeof n=="object"&&n!==null?JSON.stringify(n):String(n)).replaceAll("\\","\\\\").replaceAll('"','\\"')}"`}function gr(n,e){return n.map((r,o)=>{let a=n.slice(0,o).map((s,c)=>`${s}.eq.${et(e[c]??null)}`),i=`${r}.gt.${et(e[o]??null)}`;return a.length===0?i:`and(${[...a,i].join(",")})`}).join(",")}async function D(n,e){let t=await n.client.rpc(e.fn,e.args);return n.check(`rpc ${e.fn}`,t)}var ve=class{constructor(e){this.handle=e}handle;async page(e){let t=E[e.table],r=Math.max(1,Math.floor(e.limit)),o=this.handle.client.schema("api").from(t.view).select(Object.keys(t.columns).join(",")),{filter:a}=e;a.repository!==void 0&&(o=o.eq("repository",a.repository)),a.workflow!==void 0&&(o=o.eq("workflow",a.workflow)),a.since&&(o=o.gte(t.time,a.since.toISOString())),a.until&&(o=o.lt(t.time,a.until.toISOString())),e.cursor!==null&&(o=o.or(gr(t.cursor,le(e.table,t,e.cursor))));for(let d of t.cursor)o=o.order(d,{ascending:!0});let i=await o.limit(r+1).retry(this.handle.retry),s=this.handle.check(`select api.${t.view}`,i);if(!Array.isArray(s))throw new m(`select api.${t.view}`,"supabase returned no rows array");let c=s.slice(0,r).map(d=>S(d,t.columns)),l=c.at(-1);return{rows:c,nextCursor:s.length>r&&l?ce(e.table,t,l):null}}async jobsOfRuns(e){let t=E.jobs,r=[];for(let o=0;o<e.length;o+=40){let i=e.slice(o,o+40).map(l=>`and(repository.eq.${et(l.repository)},run_id.eq.${l.runId},attempt.eq.${l.attempt})`).join(","),s=this.handle.client.schema("api").from(t.view).select(Object.keys(t.columns).join(",")).or(i);for(let l of t.cursor)s=s.order(l,{ascending:!0});let c=this.handle.check(`select api.${t.view}`,await s.retry(this.handle.retry));Array.isArray(c)&&r.push(...c.map(l=>S(l,t.columns)))}return r}async kpi(e){let t=await D(this.handle,_e(e));return Array.isArray(t)?t.map(r=>S(r,Q)):[]}},Se=class{constructor(e){this.handle=e}handle;async claimIntakeKey(e){return z(await D(this.handle,ue(e)))}async acceptIntakeEvent(e){return z(await D(this.handle,un(e)),"accept_intake_event")}async finishIntakeKey(e){return me(await D(this.handle,de(e)))}async recordRefusal(e){await D(this.handle,P(we(e)))}async cleanupExpired(e,t){return ye(await D(this.handle,pe(e,t)))}},Re=class{constructor(e){this.handle=e}handle;async insertApiKey(e){let t=he(e);this.handle.check("insert api_keys",await this.handle.client.from("api_keys").insert(t))}async listApiKeys(){let e=await this.handle.client.from("api_keys").select("*").order("created_at",{ascending:!0}).order("id",{ascending:!0}).retry(this.handle.retry),t=this.handle.check("select api_keys",e);return Array.isArray(t)?t.map(r=>be(B(r))):[]}async revokeApiKey(e,t){let r=await this.handle.client.from("api_keys").update({revoked_at:t.toISOString()}).eq("id",e).is("revoked_at",null).select("id"),o=this.handle.check("update api_keys",r);return Array.isArray(o)&&o.length===1}async findApiKey(e){let t=await this.handle.client.from("api_keys").select("*").eq("id",e).limit(1).retry(this.handle.retry),r=this.handle.check("select api_keys",t);return Array.isArray(r)&&r[0]?B(r[0]):null}};function wr(n){let e=g(n);if(!e)throw new TypeError(`the ${n.kind} store has no API capabilities (open it with openStore)`);return e.kind==="sql"?{reader:new fe(e.db),intake:new ke(e.db),keys:new xe(e.db)}:{reader:new ve(e),intake:new Se(e),keys:new Re(e)}}function je(n){let e=_(n,"audit ticket"),t=v(e,"ticket");if(t.schemaVersion!==1||typeof t.id!="string"||typeof t.fingerprint!="string")throw new TypeError(`store row: audit ticket ${JSON.stringify(e.ticket_id)} is not a version-1 ticket`);return{ticket:t,version:k(e,"version")}}function _n(n){let e=typeof n=="string"?JSON.parse(n):n,t=_(e,"save_audit_ticket");if(t.saved===!0)return{saved:!0,version:k(t,"version")};if(t.reason==="conflict"||t.reason==="id_taken")return{saved:!1,reason:t.reason};throw new m("save_audit_ticket",`save_audit_ticket answered ${JSON.stringify(e)}`)}var Ae="ticket, version, ticket_id";function mn(n){return{async findTickets(e,t){if(t.length===0)return new Map;let r=await n.query(`select ${Ae} from public.audit_tickets
         where repo = $1 and fingerprint in (select jsonb_array_elements_text($2::jsonb))`,[e,JSON.stringify(t)]);return new Map(r.map(je).map(o=>[o.ticket.fingerprint,o]))},async saveTicket(e,t,r,o){let a=await n.query("select public.save_audit_ticket(p_repo => $1, p_expected_version => $2, p_ticket => $3, p_at => $4) as result",[e,r,JSON.stringify(t),o.toISOString()]);return _n(a[0]?.result)},async listTickets(e){return(await n.query(`select ${Ae} from public.audit_tickets where repo = $1 order by last_seen_at desc, ticket_id`,[e])).map(je)}}}function yn({client:n,check:e}){let t=(r,o)=>{let a=e(r,o);if(!Array.isArray(a))throw new m(r,`supabase ${r} returned no rows array`);return a};return{async findTickets(r,o){let a=new Map;for(let i=0;i<o.length;i+=50){let s=o.slice(i,i+50),c=await n.from("audit_tickets").select(Ae).eq("repo",r).in("fingerprint",s);for(let l of t("select audit_tickets",c).map(je))a.set(l.ticket.fingerprint,l)}return a},async saveTicket(r,o,a,i){let s=await n.rpc("save_audit_ticket",{p_repo:r,p_expected_version:a,p_ticket:o,p_at:i.toISOString()});return _n(e("rpc save_audit_ticket",s))},async listTickets(r){let o=await n.from("audit_tickets").select(Ae).eq("repo",r).order("last_seen_at",{ascending:!1}).order("ticket_id",{ascending:!0});return t("select audit_tickets",o).map(je)}}}function kr(n){let e=g(n);return e?e.kind==="sql"?mn(e.db):yn(e):null}var xr=["global","service","action"];function hn(n){let e=_(n,"kill switch log"),t=u(e,"scope");if(!xr.includes(t))throw new TypeError(`store row: kill switch log scope ${t}`);return{id:k(e,"id"),scope:t,target:u(e,"target"),active:ct(e,"active"),reason:u(e,"reason"),actor:u(e,"actor"),at:b(e,"at")}}function bn(n){return{async listKillSwitchLog(e={}){return(await n.query(`select * from public.kill_switch_log
         where ($1::timestamptz is null or at >= $1) and ($2::timestamptz is null or at < $2)
         order by at, id`,[e.since?.toISOString()??null,e.until?.toISOString()??null])).map(hn)}}}function fn({client:n,check:e}){return{async listKillSwitchLog(t={}){let r=n.from("kill_switch_log").select("*");t.since&&(r=r.gte("at",t.since.toISOString())),t.until&&(r=r.lt("at",t.until.toISOString()));let o=e("select kill_switch_log",await r.order("at").order("id").limit(1e3));if(!Array.isArray(o))throw new m("select kill_switch_log","returned no rows array");return o.map(hn)}}}function vr(n){let e=g(n);return e?e.kind==="sql"?bn(e.db):fn(e):null}var Sr={record_guardrail_execution:["p_execution","p_now"],fail_guardrail_execution:["p_id","p_error","p_expire_now","p_now"],claim_expired_guardrail_executions:["p_now","p_limit","p_lease_ms","p_owner"],finish_guardrail_rollback:["p_id","p_owner","p_outcome","p_error","p_now"]};function Ee(n,e){return{fn:n,args:e}}var $e=(n,e)=>Ee("record_guardrail_execution",{p_execution:{id:n.id,plan_hash:n.planHash,policy_id:n.policyId,mode:n.mode,account_id:n.accountId,budget_name:n.budgetName,principals:n.principals.map(t=>({arn:t.arn,kind:t.kind,name:t.name})),deny_actions:[...n.denyActions],policy_arn:n.policyArn,policy_document:n.policyDocument,executed_by:n.executedBy,executed_at:n.executedAt.toISOString(),ttl_expires_at:n.ttlExpiresAt.toISOString()},p_now:e.toISOString()}),qe=(n,e,t,r)=>Ee("fail_guardrail_execution",{p_id:n,p_error:e,p_expire_now:t,p_now:r.toISOString()}),Pe=n=>Ee("claim_expired_guardrail_executions",{p_now:n.now.toISOString(),p_limit:n.limit,p_lease_ms:Math.max(0,Math.round(n.leaseMs)),p_owner:n.owner}),Ce=(n,e,t,r,o)=>Ee("finish_guardrail_rollback",{p_id:n,p_owner:e,p_outcome:t,p_error:r,p_now:o.toISOString()}),Rr=["executed","rolled_back","failed"];function jr(n){let e=typeof n=="string"?JSON.parse(n):n;if(!Array.isArray(e))throw new TypeError("store row: column principals should be a json array");return e.map(t=>{let r=_(t,"principals"),o=u(r,"kind");if(o!=="role"&&o!=="user"&&o!=="group")throw new TypeError(`store row: principal kind should be role, user or group, got ${o}`);return{arn:u(r,"arn"),kind:o,name:u(r,"name")}})}function x(n){let e=_(n,"guardrail_executions"),t=u(e,"status");if(!Rr.includes(t))throw new TypeError(`store row: unknown guardrail status ${t}`);let r=u(e,"mode");if(r!=="manual"&&r!=="auto")throw new TypeError(`store row: unknown guardrail mode ${r}`);return{id:u(e,"id"),planHash:u(e,"plan_hash"),policyId:u(e,"policy_id"),mode:r,accountId:u(e,"account_id"),budgetName:u(e,"budget_name"),principals:jr(e.principals),denyActions:ut(e,"deny_actions"),policyArn:u(e,"policy_arn"),policyDocument:v(e,"policy_document"),status:t,executedBy:u(e,"executed_by"),executedAt:b(e,"executed_at"),ttlExpiresAt:b(e,"ttl_expires_at"),attempts:k(e,"attempts"),consecutiveFailures:k(e,"consecutive_failures"),lastError:q(e,"last_error"),rolledBackAt:H(e,"rolled_back_at"),updatedAt:b(e,"updated_at")}}function Ie(n){let e=_(n,"record_guardrail_execution");if(typeof e.inserted!="boolean")throw new TypeError("record_guardrail_execution: no inserted flag");return{inserted:e.inserted,execution:x(e.execution)}}function Te(n,e){let t=typeof n=="string"?JSON.parse(n):n;if(!Array.isArray(t))throw new TypeError(`store: ${e} returned ${typeof t}, expected a list`);return t.map(x)}function N(n){return n==null?null:x(n)}var gn=`id, plan_hash, policy_id, mode, account_id, budget_name, principals, deny_actions, policy_arn,
  policy_document, status, executed_by, executed_at, ttl_expires_at, attempts, consecutive_failures, last_error,
  rolled_back_at, updated_at`,X=class{constructor(e){this.db=e}db;async rpc(e){let t=Object.entries(e.args),r=t.map(([a],i)=>`${a} => $${i+1}`).join(", "),o=t.map(([,a])=>typeof a=="object"&&a!==null?JSON.stringify(a):a);try{return(await this.db.query(`select public.${e.fn}(${r}) as result`,o))[0]?.result}catch(a){throw h(a,e.fn)}}async recordExecution(e,t){return Ie(await this.rpc($e(e,t)))}async failExecution(e,t,r,o){return N(await this.rpc(qe(e,t,r,o)))}async claimExpiredExecutions(e){return Te(await this.rpc(Pe(e)),"claim_expired_guardrail_executions")}async finishRollback(e,t,r,o,a){return N(await this.rpc(Ce(e,t,r,o,a)))}async getExecution(e){let t=await this.db.query(`select ${gn} from public.guardrail_executions where id = $1`,[e]);return t[0]?x(t[0]):null}async listExecutions(e={}){let t=[],r=[];e.status!==void 0&&r.push(`status = $${t.push(e.status)}`),e.planHash!==void 0&&r.push(`plan_hash = $${t.push(e.planHash)}`);let o=r.length?` where ${r.join(" and ")}`:"",a=e.limit!==void 0?` limit $${t.push(Math.max(0,Math.floor(e.limit)))}`:"";return(await this.db.query(`select ${gn} from public.guardrail_executions${o} order by executed_at, id${a}`,t)).map(x)}};var Oe=class{constructor(e){this.handle=e}handle;#e(e,t){return this.handle.check(e,t)}async#t(e){return this.#e(`rpc ${e.fn}`,await this.handle.client.rpc(e.fn,e.args))}async recordExecution(e,t){return Ie(await this.#t($e(e,t)))}async failExecution(e,t,r,o){return N(await this.#t(qe(e,t,r,o)))}async claimExpiredExecutions(e){return Te(await this.#t(Pe(e)),"claim_expired_guardrail_executions")}async finishRollback(e,t,r,o,a){return N(await this.#t(Ce(e,t,r,o,a)))}async getExecution(e){let t=await this.handle.client.from("guardrail_executions").select("*").eq("id",e).limit(1).retry(this.handle.retry),r=this.#e("select guardrail_executions",t);return Array.isArray(r)&&r[0]?x(r[0]):null}async listExecutions(e={}){let r=e.limit??Number.POSITIVE_INFINITY,o=[];for(;o.length<r;){let a=o.length,i=a+Math.min(1e3,r-a)-1,s=this.handle.client.from("guardrail_executions").select("*");e.status!==void 0&&(s=s.eq("status",e.status)),e.planHash!==void 0&&(s=s.eq("plan_hash",e.planHash)),s=s.order("executed_at",{ascending:!0}).order("id",{ascending:!0});let c=this.#e("select guardrail_executions",await s.range(a,i).retry(this.handle.retry));if(!Array.isArray(c))throw new m("select guardrail_executions","no rows array returned");if(o.push(...c),c.length<i-a+1)break}return o.map(x)}};function Ar(n){let e=g(n);if(!e)throw new TypeError(`the ${n.kind} store cannot keep guardrail executions (open it with openStore)`);return e.kind==="sql"?new X(e.db):new Oe(e)}var Er={create_rollback_record:["p_record","p_now"],merge_rollback_prior_state:["p_id","p_prior","p_now"],record_rollback_step:["p_id","p_step","p_now"],set_rollback_record_status:["p_id","p_status","p_now"]};function $r(n){let e=_(n,"rollback step"),t=u(e,"status");if(!Jt.includes(t))throw new TypeError(`store row: rollback step status ${t}`);let r=e.detail;return{id:u(e,"id"),kind:u(e,"kind"),target:u(e,"target"),status:t,detail:typeof r=="string"?r:null,at:u(e,"at")}}function Z(n){let e=typeof n=="string"?JSON.parse(n):n,t=_(e,"rollback record"),r=u(t,"kind"),o=u(t,"status");if(r!=="kill-switch"&&r!=="rollback")throw new TypeError(`store row: rollback record kind ${r}`);if(!Ut.includes(o))throw new TypeError(`store row: rollback record status ${o}`);let a=v(t,"prior_state"),i=typeof t.steps=="string"?JSON.parse(t.steps):t.steps;if(!Array.isArray(i))throw new TypeError("store row: rollback record steps should be an array");return{id:u(t,"id"),kind:r,repo:u(t,"repo"),scope:u(t,"scope"),reason:u(t,"reason"),priorState:Object.fromEntries(Object.entries(a).map(([s,c])=>[s,String(c)])),steps:i.map($r),status:o,createdBy:u(t,"created_by"),createdAt:b(t,"created_at"),updatedAt:b(t,"updated_at")}}function qr(n){return{id:n.id,kind:n.kind,repo:n.repo,scope:n.scope,reason:n.reason,prior_state:{...n.priorState},created_by:n.createdBy}}function Pr(n){return{...n}}function Cr(n){let e=typeof n=="string"?JSON.parse(n):n,t=_(e,"create_rollback_record");return{inserted:t.inserted===!0,record:Z(t.record)}}function tt(n,e,t){if(t==null)throw new m(n,`no rollback record ${e}`);return Z(t)}var Me={create:(n,e)=>({fn:"create_rollback_record",args:{p_record:qr(n),p_now:e.toISOString()}}),merge:(n,e,t)=>({fn:"merge_rollback_prior_state",args:{p_id:n,p_prior:{...e},p_now:t.toISOString()}}),step:(n,e,t)=>({fn:"record_rollback_step",args:{p_id:n,p_step:Pr(e),p_now:t.toISOString()}}),status:(n,e,t)=>({fn:"set_rollback_record_status",args:{p_id:n,p_status:e,p_now:t.toISOString()}})},kn="id, kind, repo, scope, reason, prior_state, steps, status, created_by, created_at, updated_at";function xn(n,e){return{createRecord:async(t,r)=>Cr(await n(Me.create(t,r))),mergePriorState:async(t,r,o)=>tt("merge_rollback_prior_state",t,await n(Me.merge(t,r,o))),recordStep:async(t,r,o)=>tt("record_rollback_step",t,await n(Me.step(t,r,o))),setStatus:async(t,r,o)=>tt("set_rollback_record_status",t,await n(Me.status(t,r,o))),getRecord:async t=>{let[r]=await e({id:t});return r===void 0?null:Z(r)},listRecords:async(t={})=>(await e(t)).map(Z)}}function vn(n){return xn(async e=>{let t=Object.entries(e.args),r=t.map(([a],i)=>`${a} => $${i+1}`).join(", "),o=t.map(([,a])=>typeof a=="object"&&a!==null?JSON.stringify(a):a);try{return(await n.query(`select public.${e.fn}(${r}) as result`,o))[0]?.result}catch(a){throw h(a,e.fn)}},async e=>n.query(`select ${kn} from public.rollback_records
         where ($1::text is null or id = $1) and ($2::text is null or kind = $2)
           and ($3::text is null or repo = $3) and ($4::text is null or scope = $4)
           and ($5::timestamptz is null or created_at >= $5)
           and ($6::jsonb is null or status in (select jsonb_array_elements_text($6::jsonb)))
         order by created_at desc, id`,[e.id??null,e.kind??null,e.repo??null,e.scope??null,e.since?.toISOString()??null,e.statuses?JSON.stringify(e.statuses):null]))}function Sn({client:n,check:e}){return xn(async t=>e(`rpc ${t.fn}`,await n.rpc(t.fn,t.args)),async t=>{let r=n.from("rollback_records").select(kn);t.id!==void 0&&(r=r.eq("id",t.id)),t.kind!==void 0&&(r=r.eq("kind",t.kind)),t.repo!==void 0&&(r=r.eq("repo",t.repo)),t.scope!==void 0&&(r=r.eq("scope",t.scope)),t.since!==void 0&&(r=r.gte("created_at",t.since.toISOString())),t.statuses!==void 0&&(r=r.in("status",[...t.statuses]));let o=e("select rollback_records",await r.order("created_at",{ascending:!1}).order("id").limit(1e3));if(!Array.isArray(o))throw new m("select rollback_records","returned no rows array");return o})}var Ke=class{#e=new Map;#t(e,t){let r=this.#e.get(t);if(!r)throw new m(e,`no rollback record ${t}`);return r}#n(e){return this.#e.set(e.id,e),e}async createRecord(e,t){let r=this.#e.get(e.id);if(r)return{inserted:!1,record:r};let o=t.toISOString(),a={...e,priorState:{...e.priorState},steps:[],status:"open",createdAt:o,updatedAt:o};return{inserted:!0,record:this.#n(a)}}async mergePriorState(e,t,r){let o=this.#t("merge_rollback_prior_state",e);return this.#n({...o,priorState:Vt(o.priorState,t),updatedAt:r.toISOString()})}async recordStep(e,t,r){let o=this.#t("record_rollback_step",e);return this.#n({...o,steps:Yt(o.steps,t),updatedAt:r.toISOString()})}async setStatus(e,t,r){let o=this.#t("set_rollback_record_status",e);return this.#n({...o,status:t,updatedAt:r.toISOString()})}async getRecord(e){return this.#e.get(e)??null}async listRecords(e={}){return[...this.#e.values()].filter(t=>(e.kind===void 0||t.kind===e.kind)&&(e.repo===void 0||t.repo===e.repo)&&(e.scope===void 0||t.scope===e.scope)&&(e.since===void 0||Date.parse(t.createdAt)>=e.since.getTime())&&(e.statuses===void 0||e.statuses.includes(t.status))).sort((t,r)=>r.createdAt.localeCompare(t.createdAt)||t.id.localeCompare(r.id))}load(e){this.#e.set(e.id,e)}},wn=new WeakMap;function Ir(n){let e=g(n);if(e)return e.kind==="sql"?vn(e.db):Sn(e);let t=wn.get(n);return t||(t=new Ke,wn.set(n,t)),t}function jn(n){let e=_(n,"rollback history entry"),t=u(e,"event");if(!Qt.includes(t))throw new TypeError(`store row: rollback history event ${t}`);return{id:u(e,"id"),at:b(e,"at"),repo:u(e,"repo"),planHash:u(e,"plan_hash"),event:t,step:q(e,"step"),actor:u(e,"actor"),detail:u(e,"detail"),data:v(e,"data")}}function An(n){return{id:n.id,at:n.at,repo:n.repo,plan_hash:n.planHash,event:n.event,step:n.step,actor:n.actor,detail:n.detail,data:n.data}}var En="id, at, repo, plan_hash, event, step, actor, detail, data";function $n(n){return{async append(e){try{return(await n.query("select public.append_rollback_history(p_entry => $1) as inserted",[JSON.stringify(An(e))]))[0]?.inserted===!0}catch(t){throw h(t,"append_rollback_history")}},async list(e={}){return(await n.query(`select ${En} from public.rollback_history
         where ($1::text is null or repo = $1) and ($2::text is null or plan_hash = $2)
           and ($3::timestamptz is null or at >= $3) and ($4::timestamptz is null or at < $4)
         order by at, seq`,[e.repo??null,e.planHash??null,e.since?.toISOString()??null,e.until?.toISOString()??null])).map(jn)}}}function qn({client:n,check:e}){return{append:async t=>e("rpc append_rollback_history",await n.rpc("append_rollback_history",{p_entry:An(t)}))===!0,async list(t={}){let r=n.from("rollback_history").select(En);t.repo!==void 0&&(r=r.eq("repo",t.repo)),t.planHash!==void 0&&(r=r.eq("plan_hash",t.planHash)),t.since!==void 0&&(r=r.gte("at",t.since.toISOString())),t.until!==void 0&&(r=r.lt("at",t.until.toISOString()));let o=e("select rollback_history",await r.order("at",{ascending:!0}).order("seq").limit(5e3));if(!Array.isArray(o))throw new m("select rollback_history","returned no rows array");return o.map(jn)}}}var ze=class{#e=new Map;async append(e){return this.#e.has(e.id)?!1:(this.#e.set(e.id,{...e,data:{...e.data}}),!0)}async list(e={}){return[...this.#e.values()].filter(t=>(e.repo===void 0||t.repo===e.repo)&&(e.planHash===void 0||t.planHash===e.planHash)&&(e.since===void 0||Date.parse(t.at)>=e.since.getTime())&&(e.until===void 0||Date.parse(t.at)<e.until.getTime())).sort((t,r)=>t.at.localeCompare(r.at))}},Rn=new WeakMap;function Tr(n){let e=g(n);if(e)return e.kind==="sql"?$n(e.db):qn(e);let t=Rn.get(n);return t||(t=new ze,Rn.set(n,t)),t}function nt(n){let t=typeof n=="string"?JSON.parse(n):n;if(t?.kind!=="opsguard.aws-restore-record")throw new TypeError("store row: not an AWS restore record");return t}var Or=`select record from public.aws_restore_records
  where account = $1 and region = $2 and status <> 'recovered' order by created_at desc limit 1`;function Pn(n){return{async save(e,t){try{await n.query("select public.save_aws_restore_record(p_record => $1, p_now => $2)",[JSON.stringify(e),t.toISOString()])}catch(r){throw h(r,"save_aws_restore_record")}},async load(e){let[t]=await n.query("select record from public.aws_restore_records where plan_sha256 = $1",[e]);return t===void 0?void 0:nt(t.record)},async latestOpen(e,t){let[r]=await n.query(Or,[e,t]);return r===void 0?void 0:nt(r.record)}}}function Cn({client:n,check:e}){let t=(o,a)=>{if(!Array.isArray(a))throw new m(o,"returned no rows array");return a},r=o=>{let a=o[0];return a===void 0?void 0:nt(a.record)};return{async save(o,a){let i={p_record:o,p_now:a.toISOString()};e("rpc save_aws_restore_record",await n.rpc("save_aws_restore_record",i))},async load(o){let a="select aws_restore_records";return r(t(a,e(a,await n.from("aws_restore_records").select("record").eq("plan_sha256",o))))},async latestOpen(o,a){let i="select aws_restore_records",s=await n.from("aws_restore_records").select("record").eq("account",o).eq("region",a).neq("status","recovered").order("created_at",{ascending:!1}).limit(1);return r(t(i,e(i,s)))}}}function Mr(n){let e=g(n);return e?e.kind==="sql"?Pn(e.db):Cn(e):null}export{J as a,O as b,Ve as c,Ln as d,po as e,_o as f,yo as g,ee as h,zn as i,Bt as j,ne as k,re as l,te as m,Dn as n,C as o,nn as p,Qe as q,Xe as r,rr as s,Ze as t,or as u,Y as v,sr as w,cr as x,lr as y,A as z,ur as A,E as B,Q as C,mr as D,wr as E,mn as F,yn as G,kr as H,bn as I,fn as J,vr as K,Sr as L,X as M,Ar as N,Er as O,Z as P,vn as Q,Sn as R,Ke as S,Ir as T,$n as U,qn as V,ze as W,Tr as X,Pn as Y,Cn as Z,Mr as _};
