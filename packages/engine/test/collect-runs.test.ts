import { describe, expect, it } from '@jest/globals';
import { aJob, aWorkflowRun, createTestGitHubClient } from '@opsguard/testing';
import nock from 'nock';
import { collectRuns } from '../src/index.js';

const API = 'https://api.github.com';
const REPO = '/repos/octo-org/app';

describe('collectRuns', () => {
  it('costs ceil(N/100) list requests plus one jobs request per failed or re-run run', async () => {
    const client = await createTestGitHubClient();
    const runs = Array.from({ length: 230 }, (_, i) =>
      aWorkflowRun({
        id: 50_000 + i,
        conclusion: i % 50 === 0 ? 'failure' : 'success',
        run_attempt: i === 7 ? 2 : 1,
        created_at: new Date(Date.parse('2026-11-02T00:00:00Z') - i * 60_000).toISOString(),
      }),
    );
    const page = (n: number) => runs.slice((n - 1) * 100, n * 100);
    nock(API)
      .get(`${REPO}/actions/runs`)
      .query((q) => q['page'] === '1' && q['per_page'] === '100')
      .reply(200, { total_count: runs.length, workflow_runs: page(1) })
      .get(`${REPO}/actions/runs`)
      .query((q) => q['page'] === '2')
      .reply(200, { total_count: runs.length, workflow_runs: page(2) })
      .get(`${REPO}/actions/runs`)
      .query((q) => q['page'] === '3')
      .reply(200, { total_count: runs.length, workflow_runs: page(3) });
    const needJobs = runs.filter((r) => r.conclusion === 'failure' || (r.run_attempt ?? 1) > 1);
    for (const run of needJobs) {
      const attempts = run.run_attempt ?? 1;
      const jobs = Array.from({ length: attempts }, (_, a) =>
        aJob({
          run_id: Number(run.id),
          run_attempt: a + 1,
          conclusion: a + 1 === attempts && run.conclusion === 'success' ? 'success' : 'failure',
        }),
      );
      nock(API)
        .get(`${REPO}/actions/runs/${String(run.id)}/jobs`)
        .query(true)
        .reply(200, { total_count: jobs.length, jobs });
    }
    const collected = await collectRuns(
      client,
      { owner: 'octo-org', repo: 'app' },
      { since: new Date('2026-10-01T00:00:00Z'), until: new Date('2026-11-02T00:00:00Z') },
    );
    expect(needJobs).toHaveLength(6); // 5 failures + 1 re-run
    expect(client.requests().total).toBe(Math.ceil(230 / 100) + needJobs.length);
    expect(collected.runs).toHaveLength(230);
    // The re-run run contributes its earlier attempt too, rebuilt from the jobs.
    expect(collected.attempts).toHaveLength(231);
    expect(nock.isDone()).toBe(true);
  });
});
