-- Issue 8/16: typed re-run outcomes, the actor of each attempt, and releasing a claim.

-- What acting on a re-run decision did, as data (core's RerunAct): {"kind": "requested",
-- "attempt": n} | {"kind": "refused", "reason", "message"} | {"kind": "failed", "message",
-- "mayHaveActed"}. `result` stays as the line for people and is never read back.
alter table public.retry_history add column if not exists act jsonb
  check (act is null or (jsonb_typeof(act) = 'object' and act->>'kind' in ('requested', 'refused', 'failed')));

-- Rows written before this column: their `result` sentence was the only record of the act.
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

-- KPIs count OpsGuard's re-runs by the typed act, not by the wording of `result`.
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
