-- Runs, jobs and retry history. GitHub keeps run_id across re-runs and grows run_attempt, so a
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
