import { describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@opsguard/core';
import nock from 'nock';
import { createGitHubClient, DEFAULT_API_URL, getWorkflowRun } from '../src/index.js';
import { aWorkflowRun } from '@opsguard/testing';

const REPO = { owner: 'octo-org', repo: 'app' } as const;
const GHES = 'https://ghe.example.com';

describe('API root', () => {
  test('GITHUB_API_URL (GHES) is where requests go', async () => {
    const scope = nock(GHES)
      .get('/api/v3/repos/octo-org/app/actions/runs/42')
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createGitHubClient({
      token: 't',
      env: { GITHUB_API_URL: `${GHES}/api/v3/` },
      paceRequests: false,
      retryBaseMs: 0,
    });

    const run = await getWorkflowRun(client, REPO, 42);

    expect(client.baseUrl).toBe(`${GHES}/api/v3`);
    expect(Number(run.id)).toBe(42);
    expect(client.requests().byRoute).toEqual({ 'GET /repos/{owner}/{repo}/actions/runs/{run_id}': 1 });
    scope.done();
  });

  test('an explicit baseUrl wins over GITHUB_API_URL', async () => {
    const client = await createGitHubClient({
      token: 't',
      baseUrl: `${GHES}/api/v3`,
      env: { GITHUB_API_URL: 'https://other.example.com/api/v3' },
      paceRequests: false,
    });
    expect(client.baseUrl).toBe(`${GHES}/api/v3`);
  });

  test('without either, api.github.com', async () => {
    const client = await createGitHubClient({ token: 't', env: {}, paceRequests: false });
    expect(client.baseUrl).toBe(DEFAULT_API_URL);
  });

  test('a malformed GITHUB_API_URL or an empty token is a configuration error', async () => {
    const badUrl = await createGitHubClient({ token: 't', env: { GITHUB_API_URL: 'ghe.example.com' } }).catch(
      (error: unknown) => error,
    );
    const noToken = await createGitHubClient({ token: ' ', env: {} }).catch((error: unknown) => error);
    expect(isConfigurationError(badUrl)).toBe(true);
    expect(isConfigurationError(noToken)).toBe(true);
  });

  test('the token is sent to the API host', async () => {
    const scope = nock(GHES, { reqheaders: { authorization: 'token ghs_secret' } })
      .get('/api/v3/repos/octo-org/app/actions/runs/42')
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createGitHubClient({
      token: 'ghs_secret',
      baseUrl: `${GHES}/api/v3`,
      paceRequests: false,
      retryBaseMs: 0,
    });

    await getWorkflowRun(client, REPO, 42);

    scope.done();
  });
});
