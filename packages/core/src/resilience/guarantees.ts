/**
 * What the guard can promise for one job, by where its state lives (DESIGN.md "State"). The job
 * summary lists each one, so nobody mistakes the store-less mode for the durable one.
 */
export type GuaranteeId =
  | 'kill-switch'
  | 'kill-variable'
  | 'rate-limits'
  | 'circuit-breaker'
  | 'daily-budget'
  | 'idempotency'
  | 'audit-trail'
  | 'history';

export type GuaranteeStatus = 'holds' | 'partly' | 'needs-store';

export interface Guarantee {
  readonly id: GuaranteeId;
  readonly name: string;
  readonly status: GuaranteeStatus;
  readonly how: string;
}

/** Where OPSGUARD_KILL was read this job; null when the job cannot see it. */
export type KillVariableVisibility = 'input' | 'environment' | 'api' | null;

function killVariable(visibility: KillVariableVisibility): Guarantee {
  const name = 'OPSGUARD_KILL repository variable';
  if (visibility === null) {
    return {
      id: 'kill-variable',
      name,
      status: 'partly',
      how: 'not visible to this job: pass `kill-variable: ${{ vars.OPSGUARD_KILL }}` or set `env: OPSGUARD_KILL: ${{ vars.OPSGUARD_KILL }}` on the workflow (GITHUB_TOKEN cannot read variables through the API)',
    };
  }
  const from = {
    input: 'the kill-variable input',
    environment: 'the job environment',
    api: 'the API, before every change',
  }[visibility];
  return { id: 'kill-variable', name, status: 'holds', how: `read from ${from}` };
}

/** The guarantees with a durable store (Supabase, Postgres, PGlite on a machine that keeps it). */
export function durableGuarantees(visibility: KillVariableVisibility): Guarantee[] {
  return [
    { id: 'kill-switch', name: 'Kill switches in the store', status: 'holds', how: 'read fresh before every change' },
    killVariable(visibility),
    {
      id: 'rate-limits',
      name: 'Rate limits (global, service, action)',
      status: 'holds',
      how: 'token buckets in the store, shared by every job',
    },
    { id: 'circuit-breaker', name: 'Circuit breaker per workflow', status: 'holds', how: 'persisted in the store' },
    { id: 'daily-budget', name: 'Daily re-run budget', status: 'holds', how: 'a token bucket in the store' },
    { id: 'idempotency', name: 'One decision per run attempt', status: 'holds', how: 'an atomic claim in the store' },
    {
      id: 'audit-trail',
      name: 'Append-only audit trail',
      status: 'holds',
      how: 'automation_audit in the store, and the evidence bundle',
    },
    { id: 'history', name: 'Retry history and KPIs over time', status: 'holds', how: 'kept in the store' },
  ];
}

/** Store-less on a runner: what GitHub's own record can stand in for, and what it cannot. */
export function storelessGuarantees(visibility: KillVariableVisibility): Guarantee[] {
  return [
    {
      id: 'kill-switch',
      name: 'Kill switches in the store',
      status: 'needs-store',
      how: 'no store: only the OPSGUARD_KILL variable can stop this job',
    },
    killVariable(visibility),
    {
      id: 'rate-limits',
      name: 'Rate limits (global, service, action)',
      status: 'partly',
      how: 'within this job only; across jobs they need a store',
    },
    {
      id: 'circuit-breaker',
      name: 'Circuit breaker per workflow',
      status: 'partly',
      how: "derived from the workflow's recent re-runs that failed again (GitHub's run list)",
    },
    {
      id: 'daily-budget',
      name: 'Daily re-run budget',
      status: 'partly',
      how: 'derived from the re-run attempts GitHub lists for the last 24 h (manual re-runs count too)',
    },
    {
      id: 'idempotency',
      name: 'One decision per run attempt',
      status: 'holds',
      how: "the run's own record (a newer attempt means the re-run was requested) and the workflow's concurrency group",
    },
    {
      id: 'audit-trail',
      name: 'Append-only audit trail',
      status: 'partly',
      how: "this job's records, written to the evidence bundle (AUDIT_TRAIL.json); a trail across jobs needs a store",
    },
    {
      id: 'history',
      name: 'Retry history and KPIs over time',
      status: 'needs-store',
      how: 'nothing outlives the runner without a store',
    },
  ];
}
