import {
  closeIssue,
  createIssue,
  createIssueComment,
  listIssues,
  type GitHubRequester,
  type RepoRef,
} from '@opsguard/github';
import type { IssueApi } from '@opsguard/notify';

/** The issue channel's four calls over the GitHub client. */
export function githubIssueApi(client: GitHubRequester, repo: RepoRef): IssueApi {
  return {
    async listOpenIssues(label) {
      const issues = await listIssues(client, repo, { labels: [label], state: 'open' });
      return issues.map((i) => ({ number: i.number, body: i.body ?? null, html_url: i.html_url }));
    },
    async createIssue(input) {
      const issue = await createIssue(client, repo, { title: input.title, body: input.body, labels: input.labels });
      return { number: issue.number, html_url: issue.html_url };
    },
    async createComment(issueNumber, body) {
      await createIssueComment(client, repo, issueNumber, body);
    },
    async closeIssue(issueNumber) {
      await closeIssue(client, repo, issueNumber);
    },
  };
}
