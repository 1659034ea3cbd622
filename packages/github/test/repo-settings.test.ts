import { describe, expect, test } from '@jest/globals';
import nock from 'nock';
import {
  cancelWorkflowRun,
  closeIssue,
  createRepositoryDispatch,
  enableWorkflow,
  forceCancelWorkflowRun,
  formatRepo,
  getRepoVariable,
  listWorkflows,
  parseRepo,
  updateIssue,
} from '../src/index.js';
import { anIssue, aWorkflow, aWorkflowRun, createTestGitHubClient } from '@opsguard/testing';

const API = 'https://api.github.com';
const REPO = { owner: 'octo-org', repo: 'app' } as const;

describe('repository variables (the OPSGUARD_KILL brake)', () => {
  test('a set variable is its value', async () => {
    const scope = nock(API).get('/repos/octo-org/app/actions/variables/OPSGUARD_KILL').reply(200, {
      name: 'OPSGUARD_KILL',
      value: 'true',
      created_at: '2026-11-01T00:00:00Z',
      updated_at: '2026-11-01T00:00:00Z',
    });
    expect(await getRepoVariable(await createTestGitHubClient(), REPO, 'OPSGUARD_KILL')).toBe('true');
    scope.done();
  });

  test('404 is "not set"', async () => {
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/variables/OPSGUARD_KILL')
      .reply(404, { message: 'Not Found' });
    expect(await getRepoVariable(await createTestGitHubClient(), REPO, 'OPSGUARD_KILL')).toBeNull();
    scope.done();
  });

  test('a refusal is not "not set": it throws, so a fail-closed caller refuses', async () => {
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/variables/OPSGUARD_KILL')
      .reply(403, { message: 'Resource not accessible by integration' });
    await expect(getRepoVariable(await createTestGitHubClient(), REPO, 'OPSGUARD_KILL')).rejects.toMatchObject({
      kind: 'permission',
      message: expect.stringMatching(/Variables: read/),
    });
    scope.done();
  });
});

describe('workflows and runs', () => {
  test('list workflows; enable one by file name', async () => {
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/workflows')
      .query({ per_page: '100', page: '1' })
      .reply(200, {
        total_count: 2,
        workflows: [aWorkflow(), aWorkflow({ path: '.github/workflows/deploy.yml', name: 'Deploy' })],
      })
      .put('/repos/octo-org/app/actions/workflows/deploy.yml/enable')
      .reply(204);
    const client = await createTestGitHubClient();

    expect((await listWorkflows(client, REPO)).map((w) => w.name)).toEqual(['CI', 'Deploy']);
    await enableWorkflow(client, REPO, 'deploy.yml');
    scope.done();
  });

  test('cancel and force-cancel', async () => {
    const run = aWorkflowRun({ status: 'in_progress', conclusion: null });
    const scope = nock(API)
      .post(`/repos/octo-org/app/actions/runs/${run.id}/cancel`)
      .reply(202, {})
      .post(`/repos/octo-org/app/actions/runs/${run.id}/force-cancel`)
      .reply(202, {});
    const client = await createTestGitHubClient();

    await cancelWorkflowRun(client, REPO, run.id);
    await forceCancelWorkflowRun(client, REPO, run.id);
    scope.done();
  });
});

describe('issues', () => {
  test('update and close', async () => {
    const scope = nock(API)
      .patch('/repos/octo-org/app/issues/7', { body: 'recovered' })
      .reply(200, anIssue({ number: 7, body: 'recovered' }))
      .patch('/repos/octo-org/app/issues/7', { state: 'closed', state_reason: 'completed' })
      .reply(
        200,
        anIssue({ number: 7, state: 'closed', state_reason: 'completed', closed_at: '2026-11-02T04:00:00Z' }),
      );
    const client = await createTestGitHubClient();

    expect((await updateIssue(client, REPO, 7, { body: 'recovered' })).body).toBe('recovered');
    expect((await closeIssue(client, REPO, 7)).state).toBe('closed');
    scope.done();
  });
});

describe('repository dispatch', () => {
  test('sends event_type and client_payload', async () => {
    const scope = nock(API)
      .post('/repos/octo-org/app/dispatches', {
        event_type: 'budget-alert',
        client_payload: { budget: 'prod', threshold: 80 },
      })
      .reply(204);
    await createRepositoryDispatch(await createTestGitHubClient(), REPO, 'budget-alert', {
      budget: 'prod',
      threshold: 80,
    });
    scope.done();
  });

  test('GitHub’s limits are checked before sending', async () => {
    const client = await createTestGitHubClient();
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    await expect(createRepositoryDispatch(client, REPO, '', {})).rejects.toThrow(RangeError);
    await expect(createRepositoryDispatch(client, REPO, 'x', eleven)).rejects.toThrow(/10 top-level keys/);
    expect(client.requests().total).toBe(0);
  });
});

describe('parseRepo', () => {
  test('owner/name round-trips; anything else is a configuration error', () => {
    expect(formatRepo(parseRepo(' octo-org/app.js '))).toBe('octo-org/app.js');
    for (const bad of ['octo-org', 'a/b/c', '/app', 'octo org/app', 'octo-org/..']) {
      expect(() => parseRepo(bad)).toThrow(expect.objectContaining({ name: 'ConfigurationError' }));
    }
  });
});

describe('pacing on (production default)', () => {
  test('plugin-throttling leaves rate limits to the policy: one wait, one retry', async () => {
    const path = '/repos/octo-org/app/actions/runs/42';
    const scope = nock(API)
      .get(path)
      .reply(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '4' })
      .get(path)
      .reply(200, aWorkflowRun({ id: 42 }));
    const client = await createTestGitHubClient({ paceRequests: true });

    await client.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { ...REPO, run_id: 42 });

    expect(client.waits).toEqual([4000]);
    expect(client.requests().total).toBe(2);
    scope.done();
  });
});
