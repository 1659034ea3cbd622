import { describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@opsguard/core';
import nock from 'nock';
import {
  cannotBeRetried,
  classifyGitHubError,
  createIssue,
  createIssueComment,
  createRepositoryDispatch,
  disableWorkflow,
  isAlreadyRunning,
  isGitHubApiError,
  isMissingPermission,
  mayResendBlindly,
  missingPermissionError,
  requiredPermission,
  rerunFailedJobs,
  rerunWorkflowRun,
  type GitHubApiError,
} from '../src/index.js';
import { anIssue, createTestGitHubClient } from '@opsguard/testing';

const API = 'https://api.github.com';
const REPO = { owner: 'octo-org', repo: 'app' } as const;
const RERUN_FAILED = '/repos/octo-org/app/actions/runs/42/rerun-failed-jobs';

async function failureOf(promise: Promise<unknown>): Promise<GitHubApiError> {
  try {
    await promise;
  } catch (error) {
    if (isGitHubApiError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('re-run endpoints', () => {
  test('rerun-failed-jobs posts to the run, with debug logging when asked', async () => {
    const scope = nock(API).post(RERUN_FAILED, { enable_debug_logging: true }).reply(201, {});
    const client = await createTestGitHubClient();

    await rerunFailedJobs(client, REPO, 42, { enableDebugLogging: true });

    expect(client.requests().byRoute).toEqual({
      'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs': 1,
    });
    scope.done();
  });

  test('rerun posts to /rerun with a bigint id', async () => {
    const scope = nock(API).post('/repos/octo-org/app/actions/runs/19000000001/rerun').reply(201, {});
    const client = await createTestGitHubClient();

    await rerunWorkflowRun(client, REPO, 19_000_000_001n);

    scope.done();
  });

  test('403 "already running" is recognised, not retried and not a permission problem', async () => {
    const scope = nock(API).post(RERUN_FAILED).reply(403, {
      message: 'This workflow is already running',
      documentation_url: 'https://docs.github.com/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run',
      status: '403',
    });
    const client = await createTestGitHubClient();

    const error = await failureOf(rerunFailedJobs(client, REPO, 42));

    expect(isAlreadyRunning(error)).toBe(true);
    expect(cannotBeRetried(error)).toBe(false);
    expect(error.kind).toBe('conflict');
    expect(classifyGitHubError(error).kind).toBe('conflict');
    expect(client.requests().total).toBe(1);
    scope.done();
  });

  test.each([
    'This workflow run cannot be retried',
    'Unable to retry this workflow run because it was created over a month ago',
    'This workflow run has reached the maximum number of attempts',
  ])('403 "%s" is recognised as never worth another try', async (message) => {
    const scope = nock(API).post(RERUN_FAILED).reply(403, { message, status: '403' });
    const client = await createTestGitHubClient();

    const error = await failureOf(rerunFailedJobs(client, REPO, 42));

    expect(cannotBeRetried(error)).toBe(true);
    expect(isAlreadyRunning(error)).toBe(false);
    expect(error.kind).toBe('validation');
    expect(client.requests().total).toBe(1);
    scope.done();
  });

  test('a permission refusal of a re-run says which permission the token lacks', async () => {
    const scope = nock(API)
      .post(RERUN_FAILED)
      .reply(403, { message: 'Resource not accessible by integration', status: '403' });
    const client = await createTestGitHubClient();

    const error = await failureOf(rerunFailedJobs(client, REPO, 42));

    expect(error.kind).toBe('permission');
    expect(error.message).toMatch(/actions: write/);
    expect(isMissingPermission(error)).toBe(true);
    expect(isAlreadyRunning(error)).toBe(false);
    const configuration = missingPermissionError(error);
    expect(isConfigurationError(configuration)).toBe(true);
    expect(configuration?.message).toBe(
      'GitHub refused POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs (403 Resource not accessible): the token needs "actions: write": grant it in the workflow’s permissions: block (or to the App / token)',
    );
    expect(client.requests().total).toBe(1);
    scope.done();
  });
});

describe('a create is never re-sent blindly', () => {
  const creates: ReadonlyArray<
    readonly [string, string, (client: Awaited<ReturnType<typeof createTestGitHubClient>>) => Promise<unknown>]
  > = [
    ['re-run failed jobs', RERUN_FAILED, (c) => rerunFailedJobs(c, REPO, 42)],
    ['re-run', '/repos/octo-org/app/actions/runs/42/rerun', (c) => rerunWorkflowRun(c, REPO, 42)],
    ['issue', '/repos/octo-org/app/issues', (c) => createIssue(c, REPO, { title: 'OpsGuard: CI failing' })],
    ['comment', '/repos/octo-org/app/issues/7/comments', (c) => createIssueComment(c, REPO, 7, 'still failing')],
    [
      'dispatch',
      '/repos/octo-org/app/dispatches',
      (c) => createRepositoryDispatch(c, REPO, 'budget-alert', { budget: 'prod' }),
    ],
  ];

  test.each(creates)('%s: a 5xx is reported, not re-sent', async (_name, path, send) => {
    const scope = nock(API).post(path).reply(502, 'Bad Gateway');
    const client = await createTestGitHubClient();

    const error = await failureOf(send(client));

    expect(error.status).toBe(502);
    expect(error.reachedGitHub).toBe(true);
    expect(error.mayHaveActed).toBe(true);
    expect(classifyGitHubError(error)).toEqual({ kind: 'transient', status: 502, mayHaveActed: true });
    expect(client.requests().total).toBe(1);
    scope.done();
  });

  test.each(creates)('%s: a network error is reported, not re-sent', async (_name, path, send) => {
    const scope = nock(API).post(path).replyWithError('socket hang up');
    const client = await createTestGitHubClient();

    const error = await failureOf(send(client));

    expect(error.reachedGitHub).toBe(false);
    expect(error.mayHaveActed).toBe(true);
    expect(error.status).toBeUndefined();
    expect(client.requests().total).toBe(1);
    scope.done();
  });

  test('a secondary rate-limit refusal of a create is waited out and re-sent (GitHub did not act)', async () => {
    const scope = nock(API)
      .post('/repos/octo-org/app/issues', { title: 'OpsGuard: CI failing', labels: ['opsguard'] })
      .reply(
        403,
        {
          message: 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation.',
        },
        { 'retry-after': '3' },
      )
      .post('/repos/octo-org/app/issues', { title: 'OpsGuard: CI failing', labels: ['opsguard'] })
      .reply(201, anIssue({ number: 8, title: 'OpsGuard: CI failing' }));
    const client = await createTestGitHubClient();

    const issue = await createIssue(client, REPO, { title: 'OpsGuard: CI failing', labels: ['opsguard'] });

    expect(issue.number).toBe(8);
    expect(client.waits).toEqual([3000]);
    expect(client.requests().total).toBe(2);
    scope.done();
  });

  test('a 429 on a re-run is waited out and re-sent', async () => {
    const scope = nock(API)
      .post(RERUN_FAILED)
      .reply(429, { message: 'Too Many Requests' }, { 'retry-after': '1' })
      .post(RERUN_FAILED)
      .reply(201, {});
    const client = await createTestGitHubClient();

    await rerunFailedJobs(client, REPO, 42);

    expect(client.waits).toEqual([1000]);
    scope.done();
  });

  test('an idempotent PUT (disable workflow) is retried after a 5xx', async () => {
    const path = '/repos/octo-org/app/actions/workflows/ci.yml/disable';
    const scope = nock(API).put(path).reply(503).put(path).reply(204);
    const client = await createTestGitHubClient();

    await disableWorkflow(client, REPO, 'ci.yml');

    expect(client.requests().total).toBe(2);
    expect(mayResendBlindly('PUT')).toBe(true);
    expect(mayResendBlindly('POST')).toBe(false);
    scope.done();
  });
});

describe('missingPermissionError', () => {
  test('is undefined for anything but a missing permission', async () => {
    const scope = nock(API).post(RERUN_FAILED).reply(403, { message: 'This workflow is already running' });
    const client = await createTestGitHubClient();

    const error = await failureOf(rerunFailedJobs(client, REPO, 42));

    expect(missingPermissionError(error)).toBeUndefined();
    expect(missingPermissionError(new Error('boom'))).toBeUndefined();
    scope.done();
  });

  test('names the permission of each route family', () => {
    expect(requiredPermission('GET /repos/{owner}/{repo}/actions/runs')).toBe('actions: read');
    expect(requiredPermission('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations')).toBe('checks: read');
    expect(requiredPermission('POST /repos/{owner}/{repo}/issues')).toBe('issues: write');
    expect(requiredPermission('POST /repos/{owner}/{repo}/dispatches')).toBe('contents: write');
    expect(requiredPermission('GET /repos/{owner}/{repo}/actions/variables/{name}')).toMatch(
      /^Variables: read \(GITHUB_TOKEN cannot/,
    );
  });
});
