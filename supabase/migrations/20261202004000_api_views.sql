-- The metrics API as SQL: versioned views in their own schema (`api`), readable by a
-- `metrics_reader` role and by nobody else. On Supabase, exposing the `api` schema makes these
-- views the REST API through PostgREST (docs/api.md); `opsguard serve` reads the same views on
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
  -- PostgREST switches to the JWT's role from `authenticator` (Supabase); elsewhere there is none.
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

-- The guard names GitHub services `github:<owner>/<repo>:<workflow>`; repository and workflow
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
-- ending at p_until, through kpi_window (the same definitions as computeKpis). `opsguard serve`
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
