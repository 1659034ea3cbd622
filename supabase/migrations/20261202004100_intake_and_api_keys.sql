-- Signed intake (POST /api/v1/hooks/:source) and API keys for `opsguard serve`.
--
-- Intake keys live in public.idempotency_keys beside the retry engine's, under their own
-- prefix (`intake:<source>:<key>`), so one clean-up and one TTL rule cover both. The retry
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

-- Claims `intake:<p_source>:<p_key>` for one delivery and, in the same transaction, appends the
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

-- `opsguard cleanup`: expired idempotency keys (intake and retry alike; claims already treat
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

-- API keys of `opsguard serve`: only a SHA-256 of the key is stored (keys are 192 random bits,
-- so a fast hash is enough); the key itself is shown once by `opsguard keys create`.
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
