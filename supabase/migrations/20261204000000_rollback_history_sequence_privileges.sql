-- The seq column's identity sequence of rollback_history gets Supabase's default privileges too:
-- nobody uses it directly (rows are written only through append_rollback_history).
revoke all on sequence public.rollback_history_seq_seq from public, anon, authenticated;
