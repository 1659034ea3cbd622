import type { GitHubRequester } from './client-types.js';
import { collectPages } from './paginate.js';
import type { RepoRef } from './repo.js';
import type { Workflow } from './schemas.js';

interface WorkflowsPage {
  readonly total_count: number;
  readonly workflows: Workflow[];
}

export async function listWorkflows(client: GitHubRequester, repo: RepoRef): Promise<Workflow[]> {
  return collectPages(async (page, perPage) => {
    const { data } = await client.request<WorkflowsPage>('GET /repos/{owner}/{repo}/actions/workflows', {
      ...repo,
      per_page: perPage,
      page,
    });
    return { items: data.workflows, totalCount: data.total_count };
  });
}

/** `workflowId`: the numeric id or the file name (`ci.yml`). GITHUB_TOKEN needs `actions: write`. */
export async function disableWorkflow(
  client: GitHubRequester,
  repo: RepoRef,
  workflowId: number | string,
): Promise<void> {
  await client.request('PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/disable', {
    ...repo,
    workflow_id: workflowId,
  });
}

export async function enableWorkflow(
  client: GitHubRequester,
  repo: RepoRef,
  workflowId: number | string,
): Promise<void> {
  await client.request('PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable', {
    ...repo,
    workflow_id: workflowId,
  });
}

/** A workflow's state now: `active`, `disabled_manually`, `disabled_inactivity`, … */
export async function getWorkflow(
  client: GitHubRequester,
  repo: RepoRef,
  workflowId: number | string,
): Promise<Workflow> {
  const { data } = await client.request<Workflow>('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}', {
    ...repo,
    workflow_id: workflowId,
  });
  return data;
}
