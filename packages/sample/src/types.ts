// The sample speaks GitHub's own shapes: every record is typed by the REST API's OpenAPI schema,
// so code that reads the sample reads exactly what Octokit returns.
import type { components } from '@octokit/openapi-types';

type Schemas = components['schemas'];

export type FullRepository = Schemas['full-repository'];
export type MinimalRepository = Schemas['minimal-repository'];
export type SimpleUser = Schemas['simple-user'];
export type Workflow = Schemas['workflow'];
export type WorkflowRun = Schemas['workflow-run'];
export type Job = Schemas['job'];
export type JobStep = NonNullable<Job['steps']>[number];
export type CheckAnnotation = Schemas['check-annotation'];
export type Issue = Schemas['issue'];
export type IssueComment = Schemas['issue-comment'];
export type ActionsVariable = Schemas['actions-variable'];
export type RateLimitOverview = Schemas['rate-limit-overview'];
export type BasicError = Schemas['basic-error'];

/**
 * A run attempt as stored in runs.json. `repository` and `head_repository` are the same object
 * for every run (this sample has no forks), so the file leaves them out to stay small and
 * loadSample puts them back from repository.json.
 */
export type StoredWorkflowRun = Omit<WorkflowRun, 'repository' | 'head_repository'>;

/** workflows.json: the body of GET /repos/{owner}/{repo}/actions/workflows. */
export interface WorkflowList {
  total_count: number;
  workflows: Workflow[];
}

/** jobs.json: run id → attempt number → the jobs that ran in that attempt. */
export type JobsByRun = Record<string, Record<string, Job[]>>;

/** annotations.json: check run id (= job id) → its annotations (failed and cancelled jobs). */
export type AnnotationsByCheckRun = Record<string, CheckAnnotation[]>;

/** What re-running a failed attempt does: the generator knows, it planted the failure. */
export type RerunOutcome = 'success' | 'failure';

/** sample.json: what the sample holds, the anchor time it ends at, and how it was generated. */
export interface SampleManifest {
  generator: string;
  seed: number;
  /** `owner/name` of the recorded repository. */
  repo: string;
  defaultBranch: string;
  /** The anchor: the sample was "recorded" at this instant (UTC ISO-8601). Same as `end`. */
  now: string;
  /** IANA zone of the team, for daily report folders. */
  timeZone: string;
  /** created_at of the oldest run. */
  start: string;
  end: string;
  /** Whole days between start and end. */
  days: number;
  counts: {
    /** Distinct run ids. */
    runs: number;
    /** Run attempts (runs plus re-runs). */
    attempts: number;
    jobs: number;
    logs: number;
    annotations: number;
    /** Failed runs of the last 24 hours nobody has re-run yet (attempt 1, completed/failure). */
    failedRunsAwaitingDecision: number;
  };
  scenario: {
    durationRegression: { workflow: string; since: string; factor: number };
    failureSpike: { since: string; factor: number };
    registryOutage: { since: string; until: string; rate: number };
    noHumanRerunSince: string;
  };
  /**
   * Ground truth for re-runs: run id → how a re-run of its last attempt ends, for every run whose
   * last attempt failed. Transient failures mostly succeed, deterministic ones fail again the
   * same way; the replay concludes re-run attempts by it (a run not listed succeeds).
   */
  rerunOutcomes: Record<string, RerunOutcome>;
}

/** A loaded sample: every run attempt, job, annotation and stored log of one repository. */
export interface Sample {
  readonly manifest: SampleManifest;
  readonly repository: FullRepository;
  readonly workflows: readonly Workflow[];
  /** Every attempt of every run, oldest run first, attempts in order. */
  readonly runs: readonly WorkflowRun[];
  readonly jobs: JobsByRun;
  readonly annotations: AnnotationsByCheckRun;
  /** Job id → log text, for the jobs whose logs the sample stores (the failed ones). */
  readonly logs: ReadonlyMap<number, string>;
}
