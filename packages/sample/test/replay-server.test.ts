import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  defaultSampleDir,
  loadSample,
  startReplayServer,
  type ReplayServer,
  type Sample,
  type WorkflowRun,
} from '../src/index.js';

const DAY = 86_400_000;
let sample: Sample;
let server: ReplayServer;
let clock: Date;
let repo: string;

beforeAll(async () => {
  sample = await loadSample(defaultSampleDir());
  clock = new Date(sample.manifest.now);
  server = await startReplayServer({ sample, host: '127.0.0.1', port: 0, now: () => clock });
  repo = `${server.url}/repos/acme/webshop`;
});

afterAll(async () => {
  await server.close();
});

async function getJson<T>(url: string): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

async function send(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

function nextLink(headers: Headers): string | undefined {
  return /<([^>]+)>; rel="next"/.exec(headers.get('link') ?? '')?.[1];
}

interface RunsPage {
  total_count: number;
  workflow_runs: WorkflowRun[];
}

function latestRuns(): WorkflowRun[] {
  return [...new Map(sample.runs.map((r) => [r.id, r])).values()];
}

describe('replay server', () => {
  test('serves the repository with GitHub headers', async () => {
    const { status, body, headers } = await getJson<{ full_name: string; default_branch: string }>(repo);
    expect(status).toBe(200);
    expect(body).toMatchObject({ full_name: 'acme/webshop', default_branch: 'main' });
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    for (const name of [
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-ratelimit-used',
      'x-github-request-id',
    ]) {
      expect(headers.get(name)).toMatch(/\S/);
    }
  });

  test('lists every run once, newest first, by walking the Link header', async () => {
    let url: string | undefined = `${repo}/actions/runs?per_page=100`;
    const seen: WorkflowRun[] = [];
    let pages = 0;
    let total = 0;
    while (url) {
      const page: { status: number; body: RunsPage; headers: Headers } = await getJson<RunsPage>(url);
      expect(page.status).toBe(200);
      total = page.body.total_count;
      seen.push(...page.body.workflow_runs);
      pages += 1;
      if (pages === 1)
        expect(page.headers.get('link')).toMatch(
          /^<[^>]+[?&]page=2[^>]*>; rel="next", <[^>]+[?&]page=\d+[^>]*>; rel="last"$/,
        );
      url = nextLink(page.headers);
    }
    expect(total).toBe(sample.manifest.counts.runs);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((r) => r.id)).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 100));
    const created = seen.map((r) => r.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    // Only the latest attempt of each run, like GitHub.
    const latest = new Map(latestRuns().map((r) => [r.id, r.run_attempt]));
    for (const run of seen) expect(run.run_attempt).toBe(latest.get(run.id));
  });

  test('clamps per_page to 100 and links prev/first on later pages', async () => {
    const { body, headers } = await getJson<RunsPage>(`${repo}/actions/runs?per_page=500&page=2`);
    expect(body.workflow_runs).toHaveLength(100);
    expect(headers.get('link')).toMatch(/rel="prev".*rel="next".*rel="last".*rel="first"/);
  });

  test('filters by created range, status, branch and event', async () => {
    const now = Date.parse(sample.manifest.now);
    const from = new Date(now - 2 * DAY).toISOString().slice(0, 10);
    const { body } = await getJson<RunsPage>(
      `${repo}/actions/runs?per_page=100&created=${encodeURIComponent(`>=${from}`)}`,
    );
    const expected = latestRuns().filter((r) => r.created_at >= `${from}T00:00:00Z`);
    expect(body.total_count).toBe(expected.length);
    expect(body.workflow_runs.every((r) => r.created_at >= from)).toBe(true);

    const range = `${from}..${from}`;
    const oneDay = await getJson<RunsPage>(`${repo}/actions/runs?per_page=100&created=${range}`);
    expect(oneDay.body.total_count).toBe(expected.filter((r) => r.created_at.startsWith(from)).length);

    const failed = await getJson<RunsPage>(`${repo}/actions/runs?status=failure&branch=main&event=push&per_page=100`);
    expect(failed.body.total_count).toBe(
      latestRuns().filter((r) => r.conclusion === 'failure' && r.head_branch === 'main' && r.event === 'push').length,
    );
    expect(failed.body.workflow_runs.every((r) => r.conclusion === 'failure' && r.event === 'push')).toBe(true);
  });

  test('serves attempts, jobs per attempt and the latest jobs of a re-run run', async () => {
    const rerun = sample.runs.find((r) => r.run_attempt === 2);
    if (!rerun) throw new Error('the sample has no re-run');
    const first = await getJson<WorkflowRun>(`${repo}/actions/runs/${rerun.id}/attempts/1`);
    expect(first.body).toMatchObject({
      id: rerun.id,
      run_attempt: 1,
      conclusion: 'failure',
      previous_attempt_url: null,
    });
    const second = await getJson<WorkflowRun>(`${repo}/actions/runs/${rerun.id}/attempts/2`);
    expect(second.body.previous_attempt_url).toBe(`${repo}/actions/runs/${rerun.id}/attempts/1`);
    const all = await getJson<{ total_count: number; jobs: { run_attempt: number; name: string }[] }>(
      `${repo}/actions/runs/${rerun.id}/jobs?filter=all`,
    );
    const latest = await getJson<{ total_count: number; jobs: { run_attempt: number; name: string }[] }>(
      `${repo}/actions/runs/${rerun.id}/jobs`,
    );
    expect(all.body.total_count).toBeGreaterThan(latest.body.total_count - 1);
    expect(new Set(all.body.jobs.map((j) => j.run_attempt))).toContain(1);
    expect(new Set(latest.body.jobs.map((j) => j.name)).size).toBe(latest.body.jobs.length);
    const attemptJobs = await getJson<{ jobs: { run_attempt: number }[] }>(
      `${repo}/actions/runs/${rerun.id}/attempts/1/jobs`,
    );
    expect(attemptJobs.body.jobs.every((j) => j.run_attempt === 1)).toBe(true);
    expect((await fetch(`${repo}/actions/runs/${rerun.id}/attempts/9`)).status).toBe(404);
  });

  test('serves annotations of a failed check run and redirects its log to a text blob', async () => {
    const jobId = [...sample.logs.keys()][0];
    const annotations = await getJson<{ message: string; annotation_level: string }[]>(
      `${repo}/check-runs/${jobId}/annotations`,
    );
    expect(annotations.body.length).toBeGreaterThan(0);
    expect(annotations.body[0]?.annotation_level).toBe('failure');

    const redirect = await fetch(`${repo}/actions/jobs/${jobId}/logs`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location.startsWith(`${server.url}/_blobs/`)).toBe(true);
    const blob = await fetch(location);
    expect(blob.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await blob.text()).toBe(sample.logs.get(jobId ?? 0));
  });

  test('re-runs failed jobs as the next attempt, queued, and records the request', async () => {
    const target = latestRuns().find(
      (r) =>
        r.conclusion === 'failure' &&
        r.run_attempt === 1 &&
        Date.parse(r.updated_at) > Date.parse(sample.manifest.now) - DAY,
    );
    if (!target) throw new Error('no recent failure');
    const answer = await send('POST', `${repo}/actions/runs/${target.id}/rerun-failed-jobs`);
    expect(answer).toEqual({ status: 201, body: {} });
    const run = await getJson<WorkflowRun>(`${repo}/actions/runs/${target.id}`);
    expect(run.body).toMatchObject({
      run_attempt: 2,
      status: 'queued',
      conclusion: null,
      run_number: target.run_number,
    });
    expect(run.body.previous_attempt_url).toBe(`${repo}/actions/runs/${target.id}/attempts/1`);
    const jobs = await getJson<{ jobs: { status: string; run_attempt: number; conclusion: string | null }[] }>(
      `${repo}/actions/runs/${target.id}/attempts/2/jobs`,
    );
    expect(jobs.body.jobs.length).toBeGreaterThan(0);
    expect(jobs.body.jobs.every((j) => j.status === 'queued' && j.run_attempt === 2)).toBe(true);
    const listed = await getJson<RunsPage>(`${repo}/actions/runs?per_page=100&status=queued`);
    expect(listed.body.workflow_runs.map((r) => r.id)).toContain(target.id);
    expect(
      server
        .requests()
        .some(
          (r) => r.method === 'POST' && r.path === `/repos/acme/webshop/actions/runs/${target.id}/rerun-failed-jobs`,
        ),
    ).toBe(true);
    // While attempt 2 is queued, GitHub refuses another re-run.
    const again = await send('POST', `${repo}/actions/runs/${target.id}/rerun`);
    expect(again.status).toBe(403);
  });

  test('refuses to re-run a run older than 30 days', async () => {
    const oldest = latestRuns().find((r) => r.conclusion === 'failure');
    if (!oldest) throw new Error('no failure');
    const saved = clock;
    clock = new Date(Date.parse(oldest.created_at) + 31 * DAY);
    try {
      const answer = await send('POST', `${repo}/actions/runs/${oldest.id}/rerun-failed-jobs`);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ message: 'This workflow run cannot be retried' });
    } finally {
      clock = saved;
    }
  });

  test('refuses a 51st attempt', async () => {
    const target = latestRuns().find((r) => r.conclusion === 'failure' && r.run_attempt === 1);
    if (!target) throw new Error('no failure');
    const tired = { ...sample, runs: sample.runs.map((r) => (r.id === target.id ? { ...r, run_attempt: 50 } : r)) };
    const other = await startReplayServer({ sample: tired, now: () => clock });
    try {
      const answer = await send('POST', `${other.url}/repos/acme/webshop/actions/runs/${target.id}/rerun-failed-jobs`);
      expect(answer).toMatchObject({ status: 403, body: { message: 'This workflow run cannot be retried' } });
    } finally {
      await other.close();
    }
  });

  test('lets a log URL expire after a minute', async () => {
    const jobId = [...sample.logs.keys()][1];
    const redirect = await fetch(`${repo}/actions/jobs/${jobId}/logs`, { redirect: 'manual' });
    const location = redirect.headers.get('location') ?? '';
    const saved = clock;
    clock = new Date(clock.getTime() + 61_000);
    try {
      expect((await fetch(location)).status).toBe(403);
    } finally {
      clock = saved;
    }
    expect((await fetch(location)).status).toBe(200);
  });

  test('creates, lists, comments on and closes issues', async () => {
    const created = await send('POST', `${repo}/issues`, {
      title: 'OpsGuard: failure spike in CI',
      body: 'details',
      labels: ['opsguard', 'incident'],
    });
    expect(created.status).toBe(201);
    const issue = created.body as { number: number; state: string; labels: { name: string }[] };
    expect(issue.state).toBe('open');
    expect(issue.labels.map((l) => l.name)).toEqual(['opsguard', 'incident']);
    const open = await getJson<{ number: number }[]>(`${repo}/issues?labels=opsguard&state=open`);
    expect(open.body.map((i) => i.number)).toContain(issue.number);
    const comment = await send('POST', `${repo}/issues/${issue.number}/comments`, { body: 'still failing' });
    expect(comment.status).toBe(201);
    const closed = await send('PATCH', `${repo}/issues/${issue.number}`, { state: 'closed' });
    expect(closed.body).toMatchObject({ state: 'closed', comments: 1, state_reason: 'completed' });
    const stillOpen = await getJson<{ number: number }[]>(`${repo}/issues?labels=opsguard`);
    expect(stillOpen.body.map((i) => i.number)).not.toContain(issue.number);
    expect((await send('POST', `${repo}/issues`, { body: 'no title' })).status).toBe(422);
  });

  test('answers variables (404 unless set), dispatches (204), workflows', async () => {
    expect((await fetch(`${repo}/actions/variables/OPSGUARD_KILL`)).status).toBe(404);
    expect((await send('POST', `${repo}/actions/variables`, { name: 'OPSGUARD_KILL', value: 'true' })).status).toBe(
      201,
    );
    const variable = await getJson<{ name: string; value: string }>(`${repo}/actions/variables/OPSGUARD_KILL`);
    expect(variable.body).toMatchObject({ name: 'OPSGUARD_KILL', value: 'true' });
    expect((await send('DELETE', `${repo}/actions/variables/OPSGUARD_KILL`)).status).toBe(204);
    expect(
      (await send('POST', `${repo}/dispatches`, { event_type: 'opsguard-budget', client_payload: {} })).status,
    ).toBe(204);
    const workflows = await getJson<{ total_count: number; workflows: { name: string }[] }>(
      `${repo}/actions/workflows`,
    );
    expect(workflows.body.total_count).toBe(sample.workflows.length);
  });

  test('answers unknown routes and repositories with GitHub 404 JSON', async () => {
    for (const url of [`${server.url}/nope`, `${server.url}/repos/acme/other/actions/runs`, `${repo}/actions/runs/1`]) {
      const { status, body, headers } = await getJson<{ message: string; documentation_url: string }>(url);
      expect(status).toBe(404);
      expect(body.message).toBe('Not Found');
      expect(body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\//);
      expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
  });
});
