/**
 * Test-data builders typed as GitHub's own schemas, with every required field filled the way the
 * API fills it, so tests in any package read `aWorkflowRun({ conclusion: 'failure' })` instead of
 * copied JSON. Ids come from a counter (deterministic within a test file); pass `id` to pin one.
 */
import type {
  CheckAnnotation,
  Issue,
  IssueComment,
  Job,
  JobStep,
  MinimalRepository,
  SimpleUser,
  Workflow,
  WorkflowRun,
} from '@opsguard/github';

const API = 'https://api.github.com';
const WEB = 'https://github.com';
const OWNER = 'octo-org';
const REPO = 'app';

let nextId = 1;

/** Restarts the id counter; call in `beforeEach` when a test asserts ids. */
export function resetBuilderIds(start = 1): void {
  nextId = start;
}

function id(base: number): number {
  return base + nextId++;
}

export function aUser(overrides: Partial<SimpleUser> = {}): SimpleUser {
  const login = overrides.login ?? 'octocat';
  const url = `${API}/users/${login}`;
  return {
    login,
    id: 583231,
    node_id: 'MDQ6VXNlcjU4MzIzMQ==',
    avatar_url: 'https://avatars.githubusercontent.com/u/583231?v=4',
    gravatar_id: '',
    url,
    html_url: `${WEB}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    site_admin: false,
    ...overrides,
  };
}

export function aMinimalRepository(overrides: Partial<MinimalRepository> = {}): MinimalRepository {
  const url = `${API}/repos/${OWNER}/${REPO}`;
  return {
    id: 700000001,
    node_id: 'R_kgDOKbcdEf',
    name: REPO,
    full_name: `${OWNER}/${REPO}`,
    owner: aUser({ login: OWNER, type: 'Organization' }),
    private: false,
    html_url: `${WEB}/${OWNER}/${REPO}`,
    description: 'Example application',
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    hooks_url: `${url}/hooks`,
    ...overrides,
  };
}

const HEAD_SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';

/** A completed, successful push run of `.github/workflows/ci.yml`, attempt 1, unless overridden. */
export function aWorkflowRun(overrides: Partial<WorkflowRun> = {}): WorkflowRun {
  const runId = overrides.id ?? id(19_000_000_000);
  const url = `${API}/repos/${OWNER}/${REPO}/actions/runs/${runId}`;
  const attempt = overrides.run_attempt ?? 1;
  const workflowId = overrides.workflow_id ?? 161335;
  const created = overrides.created_at ?? '2026-11-02T03:00:00Z';
  return {
    id: runId,
    name: 'CI',
    node_id: `WFR_kwLOA${String(runId)}`,
    check_suite_id: 40_000_000_000 + (Number(runId) % 1_000_000),
    check_suite_node_id: `CS_kwDOA${String(runId)}`,
    head_branch: 'main',
    head_sha: HEAD_SHA,
    path: '.github/workflows/ci.yml',
    run_number: 562,
    run_attempt: attempt,
    referenced_workflows: [],
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    workflow_id: workflowId,
    url,
    html_url: `${WEB}/${OWNER}/${REPO}/actions/runs/${runId}`,
    pull_requests: [],
    created_at: created,
    updated_at: '2026-11-02T03:06:30Z',
    actor: aUser(),
    triggering_actor: aUser(),
    run_started_at: created,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${API}/repos/${OWNER}/${REPO}/check-suites/${40_000_000_000 + (Number(runId) % 1_000_000)}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: attempt > 1 ? `${url}/attempts/${attempt - 1}` : null,
    workflow_url: `${API}/repos/${OWNER}/${REPO}/actions/workflows/${workflowId}`,
    head_commit: {
      id: HEAD_SHA,
      tree_id: 'd23f6eedb1e1b9610bbc754ddb5197bfe7271223',
      message: 'Fix flaky integration test',
      timestamp: '2026-11-02T02:59:41Z',
      author: { name: 'Mona Octocat', email: 'mona@example.com' },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
    },
    repository: aMinimalRepository(),
    head_repository: aMinimalRepository(),
    display_title: 'Fix flaky integration test',
    ...overrides,
  };
}

export function aStep(overrides: Partial<JobStep> = {}): JobStep {
  return {
    name: 'Run npm test',
    status: 'completed',
    conclusion: 'success',
    number: 1,
    started_at: '2026-11-02T03:00:20Z',
    completed_at: '2026-11-02T03:04:10Z',
    ...overrides,
  };
}

/** A completed, successful `test` job with three steps, unless overridden. */
export function aJob(overrides: Partial<Job> = {}): Job {
  const jobId = overrides.id ?? id(52_000_000_000);
  const runId = overrides.run_id ?? 19_000_000_001;
  const checkRunId = jobId;
  return {
    id: jobId,
    run_id: runId,
    run_url: `${API}/repos/${OWNER}/${REPO}/actions/runs/${runId}`,
    run_attempt: 1,
    node_id: `CR_kwDOA${String(jobId)}`,
    head_sha: HEAD_SHA,
    url: `${API}/repos/${OWNER}/${REPO}/actions/jobs/${jobId}`,
    html_url: `${WEB}/${OWNER}/${REPO}/actions/runs/${runId}/job/${jobId}`,
    status: 'completed',
    conclusion: 'success',
    created_at: '2026-11-02T03:00:05Z',
    started_at: '2026-11-02T03:00:12Z',
    completed_at: '2026-11-02T03:04:15Z',
    name: 'test',
    steps: [
      aStep({
        name: 'Set up job',
        number: 1,
        started_at: '2026-11-02T03:00:12Z',
        completed_at: '2026-11-02T03:00:14Z',
      }),
      aStep({
        name: 'Run actions/checkout@v5',
        number: 2,
        started_at: '2026-11-02T03:00:14Z',
        completed_at: '2026-11-02T03:00:20Z',
      }),
      aStep({ name: 'Run npm test', number: 3 }),
    ],
    check_run_url: `${API}/repos/${OWNER}/${REPO}/check-runs/${checkRunId}`,
    labels: ['ubuntu-24.04'],
    runner_id: 1000001,
    runner_name: 'GitHub Actions 1000001',
    runner_group_id: 0,
    runner_group_name: 'GitHub Actions',
    workflow_name: 'CI',
    head_branch: 'main',
    ...overrides,
  };
}

/** A failure annotation on the workflow file, as the runner writes for a lost runner by default. */
export function anAnnotation(overrides: Partial<CheckAnnotation> = {}): CheckAnnotation {
  return {
    path: '.github',
    start_line: 1,
    end_line: 1,
    start_column: null,
    end_column: null,
    annotation_level: 'failure',
    title: '',
    message: 'Process completed with exit code 1.',
    raw_details: '',
    blob_href: `${WEB}/${OWNER}/${REPO}/blob/${HEAD_SHA}/.github`,
    ...overrides,
  };
}

export function aWorkflow(overrides: Partial<Workflow> = {}): Workflow {
  const workflowId = overrides.id ?? id(161_000);
  const path = overrides.path ?? '.github/workflows/ci.yml';
  return {
    id: workflowId,
    node_id: `MDg6V29ya2Zsb3cx${String(workflowId)}`,
    name: 'CI',
    path,
    state: 'active',
    created_at: '2026-01-10T09:00:00.000Z',
    updated_at: '2026-10-20T09:00:00.000Z',
    url: `${API}/repos/${OWNER}/${REPO}/actions/workflows/${workflowId}`,
    html_url: `${WEB}/${OWNER}/${REPO}/blob/main/${path}`,
    badge_url: `${WEB}/${OWNER}/${REPO}/workflows/CI/badge.svg`,
    ...overrides,
  };
}

/** An open issue opened by `github-actions[bot]`, numbered from the id counter unless overridden. */
export function anIssue(overrides: Partial<Issue> = {}): Issue {
  const number = overrides.number ?? id(0);
  const issueId = overrides.id ?? id(3_000_000_000);
  const url = `${API}/repos/${OWNER}/${REPO}/issues/${number}`;
  return {
    id: issueId,
    node_id: `I_kwDOA${String(issueId)}`,
    url,
    repository_url: `${API}/repos/${OWNER}/${REPO}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${WEB}/${OWNER}/${REPO}/issues/${number}`,
    number,
    state: 'open',
    state_reason: null,
    title: 'CI is failing on main',
    body: 'Opened by OpsGuard.',
    user: aUser({ login: 'github-actions[bot]', id: 41898282, type: 'Bot' }),
    labels: [],
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    closed_at: null,
    created_at: '2026-11-02T03:10:00Z',
    updated_at: '2026-11-02T03:10:00Z',
    closed_by: null,
    author_association: 'NONE',
    ...overrides,
  };
}

/** A comment by `github-actions[bot]` on issue 1 unless `issue_url` says otherwise. */
export function anIssueComment(overrides: Partial<IssueComment> = {}): IssueComment {
  const commentId = overrides.id ?? id(2_500_000_000);
  const issueUrl = overrides.issue_url ?? `${API}/repos/${OWNER}/${REPO}/issues/1`;
  return {
    id: commentId,
    node_id: `IC_kwDOA${String(commentId)}`,
    url: `${API}/repos/${OWNER}/${REPO}/issues/comments/${commentId}`,
    html_url: `${WEB}/${OWNER}/${REPO}/issues/1#issuecomment-${commentId}`,
    body: 'Still failing.',
    user: aUser({ login: 'github-actions[bot]', id: 41898282, type: 'Bot' }),
    created_at: '2026-11-02T03:20:00Z',
    updated_at: '2026-11-02T03:20:00Z',
    issue_url: issueUrl,
    author_association: 'NONE',
    ...overrides,
  };
}
