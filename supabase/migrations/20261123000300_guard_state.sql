-- The guard's state: kill switches, token buckets, circuit breakers, idempotency keys, metrics.
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
