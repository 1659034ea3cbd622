import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  defaultSampleDir,
  loadSample,
  startReplayServer,
  type Job,
  type ReplayServer,
  type Sample,
  type WorkflowRun,
} from '../src/index.js';
import { shiftLog } from '../src/replay/rerun-lifecycle.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
let sample: Sample;
let server: ReplayServer;
let anchor: number;
let clock: number;
let repo: string;

beforeAll(async () => {
  sample = await loadSample(defaultSampleDir());
  anchor = Date.parse(sample.manifest.now);
  clock = anchor;
  server = await startReplayServer({ sample, host: '127.0.0.1', port: 0, now: () => new Date(clock) });
  repo = `${server.url}/repos/acme/webshop`;
});

afterAll(async () => {
  await server.close();
});

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${repo}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const run = (id: number) => get<WorkflowRun>(`/actions/runs/${id}`);
const jobs = async (id: number, attempt: number) =>
  (await get<{ jobs: Job[] }>(`/actions/runs/${id}/attempts/${attempt}/jobs`)).jobs;

/** A run of the last 24 h whose first attempt failed and whose re-run, by the ground truth, ends so. */
function recentFailure(outcome: 'success' | 'failure', except: readonly number[] = []): WorkflowRun {
  const latest = [...new Map(sample.runs.map((r) => [r.id, r])).values()];
  const found = latest.find(
    (r) =>
      r.conclusion === 'failure' &&
      r.run_attempt === 1 &&
      Date.parse(r.updated_at) >= anchor - DAY &&
      sample.manifest.rerunOutcomes[String(r.id)] === outcome &&
      !except.includes(Number(r.id)),
  );
  if (!found) throw new Error(`no recent failure whose re-run ends ${outcome}`);
  return found;
}

async function rerunAt(id: number, at: number): Promise<void> {
  clock = at;
  const response = await fetch(`${repo}/actions/runs/${id}/rerun-failed-jobs`, { method: 'POST' });
  expect(response.status).toBe(201);
}

describe('a re-run attempt over time', () => {
  test('goes queued → in_progress → completed success as the clock passes, jobs and steps too', async () => {
    const target = recentFailure('success');
    const id = Number(target.id);
    const requested = anchor + MINUTE;
    await rerunAt(id, requested);

    expect(await run(id)).toMatchObject({ run_attempt: 2, status: 'queued', conclusion: null });
    const [queued] = await jobs(id, 2);
    expect(queued).toMatchObject({ status: 'queued', conclusion: null, completed_at: null, steps: [] });

    clock = Date.parse(queued?.created_at ?? '') + 2 * MINUTE;
    const going = await run(id);
    expect(going).toMatchObject({ status: 'in_progress', conclusion: null });
    const [running] = await jobs(id, 2);
    expect(running?.status).toBe('in_progress');
    expect(running?.runner_name).toEqual(expect.any(String));
    expect(running?.steps?.some((s) => s.status === 'completed')).toBe(true);
    expect(running?.steps?.some((s) => s.status !== 'completed')).toBe(true);

    clock = requested + 45 * MINUTE;
    const done = await run(id);
    expect(done).toMatchObject({ run_attempt: 2, status: 'completed', conclusion: 'success' });
    expect(Date.parse(done.updated_at)).toBeGreaterThan(requested);
    expect(Date.parse(done.updated_at)).toBeLessThan(requested + 45 * MINUTE);
    const finished = await jobs(id, 2);
    for (const job of finished) {
      expect(job).toMatchObject({ status: 'completed', conclusion: 'success', run_attempt: 2 });
      expect(Date.parse(job.completed_at ?? '')).toBeLessThanOrEqual(Date.parse(done.updated_at));
      expect(job.steps?.every((s) => s.conclusion === 'success' && s.completed_at !== null)).toBe(true);
    }
    // Attempt 1 is untouched, and the run is listed as completed.
    expect(await get<WorkflowRun>(`/actions/runs/${id}/attempts/1`)).toMatchObject({ conclusion: 'failure' });
    const listed = await get<{ workflow_runs: WorkflowRun[] }>(`/actions/runs?status=success&per_page=100`);
    expect(listed.workflow_runs.find((r) => r.id === id)).toMatchObject({ run_attempt: 2 });

    // A pure function of the clock: turned back, the attempt is queued again.
    clock = requested;
    expect((await run(id)).status).toBe('queued');
  });

  test('fails again the same way when the ground truth says so, with annotations and a log to diagnose', async () => {
    const target = recentFailure('failure');
    const id = Number(target.id);
    const firstJobs = await jobs(id, 1);
    const failed = firstJobs.find((j) => j.conclusion === 'failure');
    if (!failed) throw new Error('attempt 1 has no failed job');
    const requested = anchor + 50 * MINUTE;
    await rerunAt(id, requested);
    const again = (await jobs(id, 2)).find((j) => j.name === failed.name);
    if (!again) throw new Error('the failed job was not re-run');
    // Nothing to read before it has failed.
    expect(await get<unknown[]>(`/check-runs/${again.id}/annotations`)).toEqual([]);

    clock = requested + 3 * 60 * MINUTE;
    expect(await run(id)).toMatchObject({ run_attempt: 2, status: 'completed', conclusion: 'failure' });
    const after = (await jobs(id, 2)).find((j) => j.name === failed.name);
    expect(after).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const tookBefore = Date.parse(failed.completed_at ?? '') - Date.parse(failed.started_at ?? '');
    const tookNow = Date.parse(after?.completed_at ?? '') - Date.parse(after?.started_at ?? '');
    expect(tookNow).toBe(tookBefore);

    const annotations = await get<{ message: string }[]>(`/check-runs/${again.id}/annotations`);
    const original = await get<{ message: string }[]>(`/check-runs/${failed.id}/annotations`);
    expect(annotations.map((a) => a.message)).toEqual(original.map((a) => a.message));
    const originalLog = sample.logs.get(Number(failed.id));
    const log = await fetch(`${repo}/actions/jobs/${again.id}/logs`);
    expect(log.ok).toBe(originalLog !== undefined);
    if (originalLog !== undefined) {
      const text = await log.text();
      expect(text.split('\n').length).toBe(originalLog.split('\n').length);
      expect(Date.parse(text.slice(0, 19) + 'Z')).toBeGreaterThanOrEqual(Math.floor(requested / 1000) * 1000);
    }
  });

  test('a cancel request stops a re-run that is still going', async () => {
    const first = recentFailure('success');
    const target = recentFailure('success', [Number(first.id)]);
    const id = Number(target.id);
    const requested = anchor + 4 * 60 * MINUTE;
    await rerunAt(id, requested);
    const response = await fetch(`${repo}/actions/runs/${id}/cancel`, { method: 'POST' });
    expect(response.status).toBe(202);
    clock = requested + 60 * MINUTE;
    expect(await run(id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect((await jobs(id, 2)).every((j) => j.conclusion === 'cancelled')).toBe(true);
  });
});

test('shiftLog moves every line stamp and keeps the rest', () => {
  const log = '2026-11-20T10:00:00.1234567Z one\n2026-11-20T10:00:59.0000001Z two\nno stamp';
  expect(shiftLog(log, 90_500)).toBe('2026-11-20T10:01:30.1234567Z one\n2026-11-20T10:02:29.0000001Z two\nno stamp');
});
