import type { GitHubRequester } from './client-types.js';
import { collectPages, validLimit } from './paginate.js';
import type { RepoRef } from './repo.js';
import type { Issue, IssueComment } from './schemas.js';

export interface ListIssuesOptions {
  /** Issues carrying every one of these labels. */
  readonly labels: readonly string[];
  readonly state?: 'open' | 'closed' | 'all';
  readonly limit?: number;
}

/** Issues only: the issues endpoint also returns pull requests, which are dropped. */
export async function listIssues(client: GitHubRequester, repo: RepoRef, options: ListIssuesOptions): Promise<Issue[]> {
  const params = { ...repo, labels: options.labels.join(','), state: options.state ?? 'open' };
  const items = await collectPages(async (page, perPage) => {
    const { data } = await client.request<Issue[]>('GET /repos/{owner}/{repo}/issues', {
      ...params,
      per_page: perPage,
      page,
    });
    return { items: data };
  }, validLimit(options.limit));
  return items.filter((issue) => issue.pull_request === undefined);
}

export interface NewIssue {
  readonly title: string;
  readonly body?: string;
  readonly labels?: readonly string[];
  readonly assignees?: readonly string[];
}

export async function createIssue(client: GitHubRequester, repo: RepoRef, issue: NewIssue): Promise<Issue> {
  const { data } = await client.request<Issue>('POST /repos/{owner}/{repo}/issues', { ...repo, ...issue });
  return data;
}

export async function createIssueComment(
  client: GitHubRequester,
  repo: RepoRef,
  issueNumber: number,
  body: string,
): Promise<IssueComment> {
  const { data } = await client.request<IssueComment>('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...repo,
    issue_number: issueNumber,
    body,
  });
  return data;
}

export interface IssueUpdate {
  readonly title?: string;
  readonly body?: string;
  readonly state?: 'open' | 'closed';
  readonly state_reason?: 'completed' | 'not_planned' | 'reopened';
  readonly labels?: readonly string[];
}

export async function updateIssue(
  client: GitHubRequester,
  repo: RepoRef,
  issueNumber: number,
  update: IssueUpdate,
): Promise<Issue> {
  const { data } = await client.request<Issue>('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
    ...repo,
    issue_number: issueNumber,
    ...update,
  });
  return data;
}

export function closeIssue(
  client: GitHubRequester,
  repo: RepoRef,
  issueNumber: number,
  reason: 'completed' | 'not_planned' = 'completed',
): Promise<Issue> {
  return updateIssue(client, repo, issueNumber, { state: 'closed', state_reason: reason });
}
