// The replay answers a real Octokit the way GitHub does: the client the demo uses must not
// notice the difference.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/core';
import { defaultSampleDir, startReplayServer, type ReplayServer } from '../src/index.js';

let server: ReplayServer;
let octokit: Octokit;
const repo = { owner: 'acme', repo: 'webshop' };

beforeAll(async () => {
  server = await startReplayServer({ sampleDir: defaultSampleDir(), host: '127.0.0.1', port: 0 });
  octokit = new Octokit({ baseUrl: server.url, auth: 'demo-token' });
});

afterAll(async () => {
  await server.close();
});

test('lists runs in a created range and gets a run', async () => {
  const since = new Date(Date.parse(server.sample.manifest.now) - 86_400_000).toISOString();
  const { status, data, headers } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs', {
    ...repo,
    per_page: 100,
    created: `>=${since}`,
  });
  expect(status).toBe(200);
  expect(data.total_count).toBeGreaterThan(10);
  expect(data.workflow_runs.every((r) => r.created_at >= since.slice(0, 19))).toBe(true);
  expect(headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
  const first = data.workflow_runs[0];
  if (!first) throw new Error('no runs');
  const run = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
    ...repo,
    run_id: Number(first.id),
  });
  expect(run.data.id).toBe(first.id);
});

test('follows the logs redirect, and shows it when asked not to', async () => {
  const [jobId, text] = [...server.sample.logs][0] ?? [0, ''];
  const followed = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
    ...repo,
    job_id: jobId,
  });
  expect(followed.status).toBe(200);
  expect(followed.data).toBe(text);
  const manual = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
    ...repo,
    job_id: jobId,
    request: { redirect: 'manual' },
  });
  expect(manual.status).toBe(302);
  expect(String(manual.headers.location)).toContain(`${server.url}/_blobs/logs/${jobId}`);
});

test("throws a RequestError with GitHub's body for a 404", async () => {
  await expect(
    octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { ...repo, run_id: 1 }),
  ).rejects.toMatchObject({
    status: 404,
    response: { data: { message: 'Not Found' } },
  });
});
