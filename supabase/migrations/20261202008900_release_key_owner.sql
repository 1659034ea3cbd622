-- release_idempotency_key (20261202001000) was created before opsguard_owner existed: like every
-- SECURITY DEFINER function (20261202008100_append_only_owner.sql) it runs as that role.
alter function public.release_idempotency_key(text, text) owner to opsguard_owner;
