import type { GitHubRequester } from './client-types.js';
import { createRepositoryDispatch } from './dispatch.js';
import { closeIssue, createIssue, createIssueComment, listIssues, updateIssue } from './issues.js';
import { listAnnotations, listJobsForRun, listJobsForRunAttempt } from './jobs.js';
import { downloadJobLogs } from './logs.js';
import type { RepoRef } from './repo.js';
import {
  cancelWorkflowRun,
  forceCancelWorkflowRun,
  getWorkflowRun,
  getWorkflowRunAttempt,
  listUnfinishedRuns,
  listWorkflowRuns,
  rerunFailedJobs,
  rerunWorkflowRun,
} from './runs.js';
import { getRepoVariable, setRepoVariable } from './variables.js';
import { disableWorkflow, enableWorkflow, getWorkflow, listWorkflows } from './workflows.js';

const helpers = {
  listWorkflowRuns,
  getWorkflowRun,
  getWorkflowRunAttempt,
  rerunFailedJobs,
  rerunWorkflowRun,
  cancelWorkflowRun,
  forceCancelWorkflowRun,
  listJobsForRun,
  listJobsForRunAttempt,
  listAnnotations,
  downloadJobLogs,
  listWorkflows,
  getWorkflow,
  listUnfinishedRuns,
  disableWorkflow,
  enableWorkflow,
  getRepoVariable,
  setRepoVariable,
  createRepositoryDispatch,
  listIssues,
  createIssue,
  createIssueComment,
  updateIssue,
  closeIssue,
} as const;

type BoundHelper<F> = F extends (client: GitHubRequester, repo: RepoRef, ...args: infer A) => infer R
  ? (...args: A) => R
  : never;

/** Every helper with the client and repository filled in: `api.listWorkflowRuns({ status: 'failure' })`. */
export type RepoApi = { readonly [K in keyof typeof helpers]: BoundHelper<(typeof helpers)[K]> } & {
  readonly repo: RepoRef;
};

export function repoApi(client: GitHubRequester, repo: RepoRef): RepoApi {
  const bound: Record<string, unknown> = { repo };
  for (const [name, helper] of Object.entries(helpers)) {
    bound[name] = (...args: unknown[]) => (helper as (...all: unknown[]) => unknown)(client, repo, ...args);
  }
  return bound as RepoApi;
}
