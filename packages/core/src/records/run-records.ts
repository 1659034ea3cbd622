/**
 * One run attempt, the record every capability shares (the store's `runs` table, the KPI pass,
 * the evidence bundle): GitHub keeps `run_id` across re-runs and grows `run_attempt`, so an
 * attempt — never a run number — is what is counted.
 */
export interface RunRecord {
  readonly repo: string;
  readonly runId: number;
  readonly attempt: number;
  readonly workflowId: number;
  readonly workflowName: string;
  readonly event: string;
  readonly branch: string | null;
  readonly headSha: string;
  /** Who triggered the attempt (`triggering_actor`, else `actor`); null when GitHub did not say. */
  readonly actor: string | null;
  readonly status: string;
  readonly conclusion: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly updatedAt: string;
  readonly durationMs: number | null;
  readonly queueMs: number | null;
  readonly url: string;
  readonly cause: string | null;
}

export interface JobRecord {
  readonly repo: string;
  readonly jobId: number;
  readonly runId: number;
  readonly attempt: number;
  readonly name: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly createdAt: string | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly runnerName: string | null;
}
