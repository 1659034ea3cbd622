-- Notifications: one row per notification the engine sent through the fallback chain
-- (Slack → GitHub issue → log), with where it was delivered (channel null when nowhere) and
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
