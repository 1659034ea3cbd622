import { describe, expect, test } from '@jest/globals';
import nock from 'nock';
import {
  checkRunIdOf,
  getWorkflowRunAttempt,
  listAnnotations,
  listIssues,
  listJobsForRun,
  listJobsForRunAttempt,
  listWorkflowRuns,
  repoApi,
} from '../src/index.js';
import { aJob, anAnnotation, anIssue, aWorkflowRun, createTestGitHubClient } from '@opsguard/testing';

const API = 'https://api.github.com';
const REPO = { owner: 'octo-org', repo: 'app' } as const;

function runs(count: number) {
  return Array.from({ length: count }, () => aWorkflowRun({ conclusion: 'failure' }));
}

describe('workflow runs', () => {
  test('250 runs in a created window cost 3 requests of 100', async () => {
    const created = '2026-11-01T00:00:00Z..2026-11-02T00:00:00Z';
    const all = runs(250);
    const scope = nock(API);
    for (const page of [1, 2, 3]) {
      scope
        .get('/repos/octo-org/app/actions/runs')
        .query({ created, status: 'failure', per_page: '100', page: String(page) })
        .reply(200, { total_count: 250, workflow_runs: all.slice((page - 1) * 100, page * 100) });
    }
    const client = await createTestGitHubClient();

    const listed = await listWorkflowRuns(client, REPO, { created, status: 'failure' });

    expect(listed.map((r) => Number(r.id))).toEqual(all.map((r) => Number(r.id)));
    expect(client.requests().total).toBe(3);
    scope.done();
  });

  test('a created range over GitHub’s 1,000-result cap is split in halves, newer first, and nothing is lost', async () => {
    const newer = runs(800);
    const older = runs(700);
    const scope = nock(API);
    const pages = (created: string, all: readonly unknown[], total: number) => {
      for (let page = 1; (page - 1) * 100 < all.length; page += 1) {
        scope
          .get('/repos/octo-org/app/actions/runs')
          .query({ created, per_page: '100', page: String(page) })
          .reply(200, { total_count: total, workflow_runs: all.slice((page - 1) * 100, page * 100) });
      }
    };
    // The whole window answers its first page with the true total, 1,500: too many to page through.
    scope
      .get('/repos/octo-org/app/actions/runs')
      .query({ created: '2026-11-01..2026-11-02', per_page: '100', page: '1' })
      .reply(200, { total_count: 1500, workflow_runs: newer.slice(0, 100) });
    pages('2026-11-02T00:00:00Z..2026-11-02T23:59:59Z', newer, 800);
    pages('2026-11-01T00:00:00Z..2026-11-01T23:59:59Z', older, 700);
    const client = await createTestGitHubClient();

    const listed = await listWorkflowRuns(client, REPO, { created: '2026-11-01..2026-11-02' });

    expect(listed.map((r) => Number(r.id))).toEqual([...newer, ...older].map((r) => Number(r.id)));
    expect(client.requests().total).toBe(1 + 8 + 7);
    scope.done();
  });

  test('a split range still stops at the limit, without asking for the older half', async () => {
    const newer = runs(100);
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/runs')
      .query({ created: '2026-11-01T00:00:00Z..2026-11-01T00:00:09Z', per_page: '100', page: '1' })
      .reply(200, { total_count: 2400, workflow_runs: newer })
      .get('/repos/octo-org/app/actions/runs')
      .query({ created: '2026-11-01T00:00:05Z..2026-11-01T00:00:09Z', per_page: '100', page: '1' })
      .reply(200, { total_count: 900, workflow_runs: newer });
    const client = await createTestGitHubClient();

    const listed = await listWorkflowRuns(client, REPO, {
      created: '2026-11-01T00:00:00Z..2026-11-01T00:00:09Z',
      limit: 50,
    });

    expect(listed.map((r) => Number(r.id))).toEqual(newer.slice(0, 50).map((r) => Number(r.id)));
    expect(client.requests().total).toBe(2);
    scope.done();
  });

  test('an exact multiple of 100 stops at the reported total (no empty last page)', async () => {
    const all = runs(200);
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/runs')
      .query({ per_page: '100', page: '1' })
      .reply(200, { total_count: 200, workflow_runs: all.slice(0, 100) })
      .get('/repos/octo-org/app/actions/runs')
      .query({ per_page: '100', page: '2' })
      .reply(200, { total_count: 200, workflow_runs: all.slice(100) });
    const client = await createTestGitHubClient();

    expect(await listWorkflowRuns(client, REPO)).toHaveLength(200);
    expect(client.requests().total).toBe(2);
    scope.done();
  });

  test('limit stops early; a workflow id picks that workflow’s runs', async () => {
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/workflows/ci.yml/runs')
      .query({ branch: 'main', event: 'push', per_page: '100', page: '1' })
      .reply(200, { total_count: 500, workflow_runs: runs(100) });
    const client = await createTestGitHubClient();

    const listed = await listWorkflowRuns(client, REPO, {
      workflowId: 'ci.yml',
      branch: 'main',
      event: 'push',
      limit: 30,
    });

    expect(listed).toHaveLength(30);
    expect(client.requests().total).toBe(1);
    scope.done();
  });

  test('a malformed created filter is refused before any request', async () => {
    const client = await createTestGitHubClient();
    await expect(listWorkflowRuns(client, REPO, { created: 'yesterday' })).rejects.toMatchObject({
      name: 'ConfigurationError',
    });
    expect(client.requests().total).toBe(0);
  });

  test('a run attempt', async () => {
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/runs/42/attempts/2')
      .reply(200, aWorkflowRun({ id: 42, run_attempt: 2 }));
    const client = await createTestGitHubClient();

    const attempt = await getWorkflowRunAttempt(client, REPO, 42, 2);

    expect(attempt.run_attempt).toBe(2);
    expect(attempt.previous_attempt_url).toBe('https://api.github.com/repos/octo-org/app/actions/runs/42/attempts/1');
    scope.done();
  });
});

describe('jobs', () => {
  test.each(['latest', 'all'] as const)('jobs of a run with filter=%s, 100 per page', async (filter) => {
    const jobs = Array.from({ length: 130 }, () => aJob({ run_id: 42 }));
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/runs/42/jobs')
      .query({ filter, per_page: '100', page: '1' })
      .reply(200, { total_count: 130, jobs: jobs.slice(0, 100) })
      .get('/repos/octo-org/app/actions/runs/42/jobs')
      .query({ filter, per_page: '100', page: '2' })
      .reply(200, { total_count: 130, jobs: jobs.slice(100) });
    const client = await createTestGitHubClient();

    expect(await listJobsForRun(client, REPO, 42, { filter })).toHaveLength(130);
    expect(client.requests().total).toBe(2);
    scope.done();
  });

  test('filter defaults to latest', async () => {
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/runs/42/jobs')
      .query({ filter: 'latest', per_page: '100', page: '1' })
      .reply(200, { total_count: 1, jobs: [aJob()] });
    const client = await createTestGitHubClient();

    expect(await listJobsForRun(client, REPO, 42)).toHaveLength(1);
    scope.done();
  });

  test('jobs of one attempt', async () => {
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/runs/42/attempts/3/jobs')
      .query({ per_page: '100', page: '1' })
      .reply(200, { total_count: 2, jobs: [aJob({ run_attempt: 3 }), aJob({ run_attempt: 3 })] });
    const client = await createTestGitHubClient();

    const jobs = await listJobsForRunAttempt(client, REPO, 42, 3);

    expect(jobs.map((j) => j.run_attempt)).toEqual([3, 3]);
    scope.done();
  });
});

describe('annotations', () => {
  test('a job’s check run annotations, 100 per page until a short page', async () => {
    const job = aJob({ conclusion: 'failure' });
    const checkRunId = checkRunIdOf(job);
    const lost = anAnnotation({ message: 'The runner has received a shutdown signal.' });
    const scope = nock(API)
      .get(`/repos/octo-org/app/check-runs/${checkRunId}/annotations`)
      .query({ per_page: '100', page: '1' })
      .reply(
        200,
        Array.from({ length: 100 }, () => anAnnotation()),
      )
      .get(`/repos/octo-org/app/check-runs/${checkRunId}/annotations`)
      .query({ per_page: '100', page: '2' })
      .reply(200, [lost]);
    const client = await createTestGitHubClient();

    const annotations = await listAnnotations(client, REPO, checkRunId);

    expect(annotations).toHaveLength(101);
    expect(annotations.at(-1)?.message).toBe('The runner has received a shutdown signal.');
    scope.done();
  });

  test('checkRunIdOf reads the check run id from check_run_url', () => {
    expect(checkRunIdOf(aJob({ check_run_url: 'https://ghe.example.com/api/v3/repos/o/r/check-runs/987' }))).toBe(987);
    expect(() => checkRunIdOf(aJob({ check_run_url: 'https://api.github.com/repos/o/r' }))).toThrow(/check run id/);
  });
});

describe('issues', () => {
  test('by label, 100 per page, pull requests dropped', async () => {
    const issues = Array.from({ length: 100 }, (_, i) => anIssue({ number: i + 1 }));
    const pr = anIssue({
      number: 500,
      pull_request: {
        url: 'https://api.github.com/repos/octo-org/app/pulls/500',
        html_url: null,
        diff_url: null,
        patch_url: null,
      },
    });
    const scope = nock(API)
      .get('/repos/octo-org/app/issues')
      .query({ labels: 'opsguard,incident', state: 'open', per_page: '100', page: '1' })
      .reply(200, issues)
      .get('/repos/octo-org/app/issues')
      .query({ labels: 'opsguard,incident', state: 'open', per_page: '100', page: '2' })
      .reply(200, [pr]);
    const client = await createTestGitHubClient();

    const listed = await listIssues(client, REPO, { labels: ['opsguard', 'incident'] });

    expect(listed).toHaveLength(100);
    expect(listed.some((i) => i.number === 500)).toBe(false);
    expect(client.requests().total).toBe(2);
    scope.done();
  });
});

describe('repoApi', () => {
  test('binds client and repository', async () => {
    const scope = nock(API)
      .get('/repos/octo-org/app/actions/runs')
      .query(true)
      .reply(200, { total_count: 1, workflow_runs: runs(1) });
    const api = repoApi(await createTestGitHubClient(), REPO);

    expect(await api.listWorkflowRuns({ status: 'failure' })).toHaveLength(1);
    expect(api.repo).toEqual(REPO);
    scope.done();
  });
});
