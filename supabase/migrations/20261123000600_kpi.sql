-- KPIs in SQL, the same definitions as computeKpis in packages/core (docs/kpi.md), so a
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
