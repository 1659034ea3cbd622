import { describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { aWorkflow, aWorkflowRun, createTestGitHubClient } from '@opsguard/testing';
import { getWorkflow, isGitHubApiError, listUnfinishedRuns, setRepoVariable } from '../src/index.js';

const API = 'https://api.github.com';
const REPO = { owner: 'octo-org', repo: 'app' } as const;
const RUNS = '/repos/octo-org/app/actions/workflows/161335/runs';

describe('the brake’s GitHub calls', () => {
  test('unfinished runs: one listing per status, each run once, newest first', async () => {
    const queued = aWorkflowRun({ id: 11, status: 'queued', conclusion: null, created_at: '2026-11-02T03:01:00Z' });
    const moving = aWorkflowRun({
      id: 12,
      status: 'in_progress',
      conclusion: null,
      created_at: '2026-11-02T03:02:00Z',
    });
    const scope = nock(API)
      .get(RUNS)
      .query((q) => q['status'] === 'queued')
      .reply(200, { total_count: 2, workflow_runs: [queued, moving] })
      .get(RUNS)
      .query((q) => q['status'] === 'in_progress')
      .reply(200, { total_count: 1, workflow_runs: [{ ...moving, status: 'in_progress' }] });
    const client = await createTestGitHubClient();

    const runs = await listUnfinishedRuns(client, REPO, 161335, ['queued', 'in_progress']);

    expect(runs.map((r) => r.id)).toEqual([12, 11]);
    scope.done();
  });

  test('a workflow’s state is read back from GET …/workflows/{id}', async () => {
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/workflows/7')
      .reply(200, aWorkflow({ id: 7, state: 'disabled_manually' }));
    const client = await createTestGitHubClient();

    expect((await getWorkflow(client, REPO, 7)).state).toBe('disabled_manually');
    scope.done();
  });

  test('setting a variable PATCHes an existing one', async () => {
    const scope = nock(API).patch('/repos/octo-org/app/actions/variables/OPSGUARD_KILL', { value: 'true' }).reply(204);
    const client = await createTestGitHubClient();

    expect(await setRepoVariable(client, REPO, 'OPSGUARD_KILL', 'true')).toBe('updated');
    scope.done();
  });

  test('setting a variable that does not exist POSTs it', async () => {
    const scope = nock(API)
      .patch('/repos/octo-org/app/actions/variables/OPSGUARD_KILL')
      .reply(404, { message: 'Not Found', status: '404' })
      .post('/repos/octo-org/app/actions/variables', { name: 'OPSGUARD_KILL', value: 'true' })
      .reply(201, {});
    const client = await createTestGitHubClient();

    expect(await setRepoVariable(client, REPO, 'OPSGUARD_KILL', 'true')).toBe('created');
    scope.done();
  });

  test('GITHUB_TOKEN’s 403 is not turned into a create', async () => {
    const scope = nock(API)
      .patch('/repos/octo-org/app/actions/variables/OPSGUARD_KILL')
      .reply(403, { message: 'Resource not accessible by integration', status: '403' });
    const client = await createTestGitHubClient();

    const error = await setRepoVariable(client, REPO, 'OPSGUARD_KILL', 'true').catch((e: unknown) => e);

    expect(isGitHubApiError(error) && error.status).toBe(403);
    scope.done();
  });
});
