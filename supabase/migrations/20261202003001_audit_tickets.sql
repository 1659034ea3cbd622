-- Audit tickets: one row per failure cluster (repo + fingerprint), the whole ticket as jsonb plus
-- the columns a dashboard filters on. A cluster seen again on a later day updates the same row
-- (same ticket id, occurrences counted once each). Writers never lose an update to a concurrent
-- writer: save_audit_ticket is a compare-and-set on `version`, and a loser reads and merges again.
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
-- `conflict` when another writer saved first (read again and merge), `id_taken` when a new
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
