-- AWS restore records: what a budget shutdown changed, with every resource's prior state (the
-- plan's), written BEFORE the first change and after each step; recovery reads it and updates it
-- too, so a second recovery resumes where one stopped. One row per plan (its SHA-256). Written
-- only through the SECURITY DEFINER function below, which takes the time as an argument.
create table if not exists public.aws_restore_records (
  plan_sha256 text        primary key check (plan_sha256 ~ '^[0-9a-f]{64}$'),
  account     text        not null check (account ~ '^[0-9]{12}$'),
  region      text        not null check (length(region) between 1 and 40),
  status      text        not null check (status in
                ('shutdown-in-progress', 'shut-down', 'recovery-in-progress', 'recovery-failed', 'recovered')),
  -- The whole record (prior state, steps) as OpsGuard wrote it.
  record      jsonb       not null check (jsonb_typeof(record) = 'object'),
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);
create index if not exists aws_restore_records_open_idx
  on public.aws_restore_records (account, region, created_at desc) where status <> 'recovered';

-- Insert or replace the record of a plan; the account, region and creation time of the first
-- write stand (a record never moves to another account).
create or replace function public.save_aws_restore_record(p_record jsonb, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  r public.aws_restore_records;
begin
  if jsonb_typeof(p_record) is distinct from 'object' then
    raise exception 'save_aws_restore_record: p_record must be an object' using errcode = 'invalid_parameter_value';
  end if;
  insert into public.aws_restore_records (plan_sha256, account, region, status, record, created_at, updated_at)
  values (p_record->>'planSha256', p_record->>'account', p_record->>'region', p_record->>'status', p_record,
          coalesce((p_record->>'createdAt')::timestamptz, p_now), p_now)
  on conflict (plan_sha256) do update
    set status = excluded.status, record = excluded.record, updated_at = p_now
    where aws_restore_records.account = excluded.account and aws_restore_records.region = excluded.region
  returning * into r;
  if not found then
    raise exception 'save_aws_restore_record: record % belongs to another account or region', p_record->>'planSha256'
      using errcode = 'invalid_parameter_value';
  end if;
  return r.record;
end
$$;

-- Access: the service role reads and writes through the function; a signed-in dashboard reads.
alter table public.aws_restore_records enable row level security;

revoke all on table public.aws_restore_records from public, anon, authenticated;
grant select on table public.aws_restore_records to service_role, authenticated;

drop policy if exists aws_restore_records_service_role_read on public.aws_restore_records;
create policy aws_restore_records_service_role_read on public.aws_restore_records for select to service_role using (true);
drop policy if exists aws_restore_records_authenticated_read on public.aws_restore_records;
create policy aws_restore_records_authenticated_read on public.aws_restore_records for select to authenticated using (true);

revoke all on function public.save_aws_restore_record(jsonb, timestamptz) from public, anon, authenticated;
grant execute on function public.save_aws_restore_record(jsonb, timestamptz) to service_role;

alter table public.aws_restore_records owner to opsguard_owner;
alter function public.save_aws_restore_record(jsonb, timestamptz) owner to opsguard_owner;
