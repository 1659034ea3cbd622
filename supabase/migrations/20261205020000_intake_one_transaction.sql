-- Intake throughput (issue 12's bench): one transaction per delivery where it can be one.
--
-- accept_intake_event: for an action that is local and synchronous (`record`: keeping the event
-- is the whole action), the claim, its acceptance audit record, the settlement (`done`) and the
-- `intake-process` audit record are one SQL call, so one commit. There is no `processing`
-- window: a crash before the commit leaves nothing (the redelivery runs as a first attempt), and
-- a concurrent delivery of the same key waits on the row lock, then sees `done` (a duplicate).
-- Actions that call out (repository_dispatch) keep claim_intake_key + finish_intake_key and the
-- `processing | done | failed` state machine: the claim must be durable before the call.
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

-- Claims `intake:<p_source>:<p_key>` and settles it `done` with p_result in the same transaction,
-- appending both audit records (`intake-accept`, whose id is the audit_id, and `intake-process`,
-- with the ids finish_intake_key would give them). Answers as claim_intake_key does; `claimed`
-- means claimed and already done. The same keys are free as for claim_intake_key: new, expired,
-- failed, or a `processing` claim of the same payload whose lease ran out.
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
