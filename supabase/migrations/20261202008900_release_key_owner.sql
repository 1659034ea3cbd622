-- Objects created by migrations that sort before 20261202008100_append_only_owner.sql but were
-- written after it: like every OpsGuard table and SECURITY DEFINER function, opsguard_owner owns
-- them, so the role OpsGuard connects as cannot replace or disable what guards them.
alter function public.release_idempotency_key(text, text) owner to opsguard_owner;

alter table public.guardrail_executions owner to opsguard_owner;
alter function public.guardrail_execution_json(public.guardrail_executions) owner to opsguard_owner;
alter function public.record_guardrail_execution(jsonb, timestamptz) owner to opsguard_owner;
alter function public.fail_guardrail_execution(text, text, boolean, timestamptz) owner to opsguard_owner;
alter function public.claim_expired_guardrail_executions(timestamptz, integer, bigint, text) owner to opsguard_owner;
alter function public.finish_guardrail_rollback(text, text, text, text, timestamptz) owner to opsguard_owner;
