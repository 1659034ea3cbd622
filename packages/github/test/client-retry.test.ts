import { describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { getWorkflowRun, isGitHubApiError, listWorkflowRuns, type GitHubApiError } from '../src/index.js';
import { aWorkflowRun, createTestGitHubClient } from '@opsguard/testing';

const API = 'https://api.github.com';
const REPO = { owner: 'octo-org', repo: 'app' } as const;
const RUN_PATH = '/repos/octo-org/app/actions/runs/42';

async function failureOf(promise: Promise<unknown>): Promise<GitHubApiError> {
  try {
    await promise;
  } catch (error) {
    if (isGitHubApiError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('transient failures of reads', () => {
  test.each([500, 502, 503, 504, 408])('%i is retried, then the answer is returned', async (status) => {
    const scope = nock(API)
      .get(RUN_PATH)
      .reply(status, { message: 'Server Error' })
      .get(RUN_PATH)
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createTestGitHubClient();

    const run = await getWorkflowRun(client, REPO, 42);

    expect(Number(run.id)).toBe(42);
    expect(client.requests().total).toBe(2);
    scope.done();
  });

  test('a network error (no response) is retried', async () => {
    const scope = nock(API)
      .get(RUN_PATH)
      .replyWithError('socket hang up')
      .get(RUN_PATH)
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createTestGitHubClient();

    const run = await getWorkflowRun(client, REPO, 42);

    expect(Number(run.id)).toBe(42);
    expect(client.requests().total).toBe(2);
    scope.done();
  });

  test('gives up after maxRetries and reports a transient error with the status', async () => {
    const scope = nock(API).get(RUN_PATH).times(3).reply(502, 'Bad Gateway');
    const client = await createTestGitHubClient({ maxRetries: 2 });

    const error = await failureOf(getWorkflowRun(client, REPO, 42));

    expect(error).toMatchObject({
      status: 502,
      kind: 'transient',
      reachedGitHub: true,
      mayHaveActed: false,
      route: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
    });
    expect(client.requests().total).toBe(3);
    scope.done();
  });

  test('a request that never reached GitHub has no status and is transient', async () => {
    const scope = nock(API).get(RUN_PATH).times(2).replyWithError('connect ECONNREFUSED 140.82.112.6:443');
    const client = await createTestGitHubClient({ maxRetries: 1 });

    const error = await failureOf(getWorkflowRun(client, REPO, 42));

    expect(error).toMatchObject({ status: undefined, kind: 'transient', reachedGitHub: false });
    scope.done();
  });
});

describe('answers that will not change are never retried', () => {
  test.each([
    [400, 'validation'],
    [401, 'auth'],
    [404, 'not_found'],
    [410, 'not_found'],
    [422, 'validation'],
  ] as const)('%i → one request, kind %s', async (status, kind) => {
    const scope = nock(API)
      .get(RUN_PATH)
      .reply(status, { message: 'No', documentation_url: 'https://docs.github.com/rest' });
    const client = await createTestGitHubClient();

    const error = await failureOf(getWorkflowRun(client, REPO, 42));

    expect(error).toMatchObject({ status, kind });
    expect(client.requests().total).toBe(1);
    expect(client.waits).toEqual([]);
    scope.done();
  });
});

describe('rate limits', () => {
  const now = Date.parse('2026-11-02T03:00:00Z');

  test('primary limit (remaining 0): waits until one second after x-ratelimit-reset, then retries', async () => {
    const reset = now / 1000 + 30;
    const scope = nock(API)
      .get(RUN_PATH)
      .reply(
        403,
        { message: 'API rate limit exceeded for installation ID 123.' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-limit': '1000' },
      )
      .get(RUN_PATH)
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createTestGitHubClient();

    const run = await getWorkflowRun(client, REPO, 42);

    expect(Number(run.id)).toBe(42);
    expect(client.waits).toEqual([31_000]);
    expect(client.requests().total).toBe(2);
    scope.done();
  });

  test('secondary limit: honours retry-after', async () => {
    const scope = nock(API)
      .get(RUN_PATH)
      .reply(
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '7' },
      )
      .get(RUN_PATH)
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createTestGitHubClient();

    await getWorkflowRun(client, REPO, 42);

    expect(client.waits).toEqual([7000]);
    scope.done();
  });

  test('secondary limit without headers: waits at least a minute', async () => {
    const scope = nock(API)
      .get(RUN_PATH)
      .reply(403, {
        message: 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation.',
      })
      .get(RUN_PATH)
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createTestGitHubClient();

    await getWorkflowRun(client, REPO, 42);

    expect(client.waits).toEqual([60_000]);
    scope.done();
  });

  test('429 with retry-after is waited for', async () => {
    const scope = nock(API)
      .get(RUN_PATH)
      .reply(429, { message: 'Too Many Requests' }, { 'retry-after': '2' })
      .get(RUN_PATH)
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createTestGitHubClient();

    await getWorkflowRun(client, REPO, 42);

    expect(client.waits).toEqual([2000]);
    scope.done();
  });

  test('a wait longer than maxRateLimitWaitMs fails at once with a clear rate_limit error', async () => {
    const reset = now / 1000 + 3600;
    const scope = nock(API)
      .get(RUN_PATH)
      .reply(
        403,
        { message: 'API rate limit exceeded for installation ID 123.' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      );
    const client = await createTestGitHubClient({ maxRateLimitWaitMs: 60_000 });

    const error = await failureOf(getWorkflowRun(client, REPO, 42));

    expect(error.kind).toBe('rate_limit');
    expect(error.status).toBe(403);
    expect(error.retryAfterMs).toBe(3_601_000);
    expect(error.message).toMatch(/rate limit/i);
    expect(error.message).toMatch(/3601 s/);
    expect(error.message).toMatch(/60 s/);
    expect(client.waits).toEqual([]);
    expect(client.requests().total).toBe(1);
    scope.done();
  });

  test('gives up after maxRetries rate-limited answers', async () => {
    const scope = nock(API).get(RUN_PATH).times(3).reply(429, { message: 'Too Many Requests' }, { 'retry-after': '1' });
    const client = await createTestGitHubClient({ maxRetries: 2 });

    const error = await failureOf(getWorkflowRun(client, REPO, 42));

    expect(error.kind).toBe('rate_limit');
    expect(client.waits).toEqual([1000, 1000]);
    expect(client.requests().total).toBe(3);
    scope.done();
  });
});

describe('missing permission', () => {
  test('"Resource not accessible by integration" is never retried and names the problem', async () => {
    const scope = nock(API).get(RUN_PATH).reply(
      403,
      {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run',
        status: '403',
      },
      { 'x-ratelimit-remaining': '0', 'retry-after': '5' },
    );
    const client = await createTestGitHubClient();

    const error = await failureOf(getWorkflowRun(client, REPO, 42));

    expect(error.kind).toBe('permission');
    expect(error.message).toMatch(/Resource not accessible by integration/);
    expect(error.message).toMatch(/permission/);
    expect(client.requests().total).toBe(1);
    expect(client.waits).toEqual([]);
    scope.done();
  });
});

describe('requests() counts every request sent', () => {
  test('pages and retries each count, per route template', async () => {
    const runs = Array.from({ length: 100 }, () => aWorkflowRun());
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/runs')
      .query(true)
      .reply(503)
      .get('/repos/octo-org/app/actions/runs')
      .query({ per_page: '100', page: '1' })
      .reply(200, { total_count: 101, workflow_runs: runs })
      .get('/repos/octo-org/app/actions/runs')
      .query({ per_page: '100', page: '2' })
      .reply(200, { total_count: 101, workflow_runs: [aWorkflowRun()] })
      .get(RUN_PATH)
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createTestGitHubClient();

    expect(await listWorkflowRuns(client, REPO)).toHaveLength(101);
    await getWorkflowRun(client, REPO, 42);

    expect(client.requests()).toEqual({
      total: 4,
      byRoute: {
        'GET /repos/{owner}/{repo}/actions/runs': 3,
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}': 1,
      },
    });
    client.resetRequests();
    expect(client.requests()).toEqual({ total: 0, byRoute: {} });
    scope.done();
  });

  test('requests through the octokit escape hatch are counted too', async () => {
    const scope = nock(API).get('/rate_limit').reply(200, { resources: {} });
    const client = await createTestGitHubClient();

    await client.octokit.request('GET /rate_limit');

    expect(client.requests().total).toBe(1);
    scope.done();
  });
});
