-- Notifications of the safety controls (issue 10): a kill switch pulled or released, an alarm,
-- a CI guard's refusal, and a rollback (h10b's engine) are recorded like the others.
alter table public.notifications drop constraint if exists notifications_kind_check;
alter table public.notifications add constraint notifications_kind_check
  check (kind in ('anomaly', 'failure', 'recovery', 'kill-switch', 'alarm', 'ci-guard', 'rollback'));
