import { describe, expect, test, beforeAll } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSampleDir, generateSample, loadSample, type Job, type Sample, type WorkflowRun } from '../src/index.js';

const DAY = 86_400_000;
let sample: Sample;
let dir: string;

beforeAll(async () => {
  dir = defaultSampleDir();
  sample = await loadSample(dir);
});

function latestRuns(runs: readonly WorkflowRun[]): WorkflowRun[] {
  return [...new Map(runs.map((r) => [r.id, r])).values()];
}

function jobsOf(run: WorkflowRun): Job[] {
  return sample.jobs[String(run.id)]?.[String(run.run_attempt)] ?? [];
}

describe('the committed sample', () => {
  test('is what the generator writes, byte for byte', async () => {
    const { files } = generateSample();
    const logNames = (await readdir(join(dir, 'logs'))).map((n) => `logs/${n}`);
    const onDisk = [...(await readdir(dir)).filter((n) => n.endsWith('.json')), ...logNames].sort();
    expect(onDisk).toEqual([...files.keys()].sort());
    const hash = createHash('sha256');
    const expected = createHash('sha256');
    for (const name of [...files.keys()].sort()) {
      hash.update(await readFile(join(dir, ...name.split('/'))));
      expected.update(files.get(name) ?? '');
    }
    expect(hash.digest('hex')).toBe(expected.digest('hex'));
  });

  test('stays small', async () => {
    const { files } = generateSample();
    const bytes = [...files.values()].reduce((n, text) => n + Buffer.byteLength(text), 0);
    expect(bytes).toBeLessThan(8 * 1024 * 1024);
  });

  test('describes itself in sample.json: repo, anchor time, time zone, counts', () => {
    const m = sample.manifest;
    expect(m).toMatchObject({ repo: 'acme/webshop', defaultBranch: 'main', timeZone: 'Asia/Tokyo', end: m.now });
    expect(sample.repository.full_name).toBe(m.repo);
    expect(sample.repository.default_branch).toBe('main');
    expect(m.counts.attempts).toBe(sample.runs.length);
    expect(m.counts.runs).toBe(latestRuns(sample.runs).length);
    expect(m.counts.logs).toBe(sample.logs.size);
  });

  test('holds at least 500 runs over at least 21 days ending at the anchor', () => {
    const runs = latestRuns(sample.runs);
    expect(runs.length).toBeGreaterThanOrEqual(500);
    const created = runs.map((r) => Date.parse(r.created_at));
    const now = Date.parse(sample.manifest.now);
    expect(now - Math.min(...created)).toBeGreaterThanOrEqual(21 * DAY);
    expect(Math.max(...sample.runs.map((r) => Date.parse(r.updated_at)))).toBeLessThanOrEqual(now);
    expect(Math.max(...created)).toBeGreaterThan(now - 6 * 3_600_000);
  });

  test('has the five workflows of the story, and every run belongs to one', () => {
    const names = sample.workflows.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['CI', 'Lint', 'E2E', 'Nightly', 'Deploy']));
    const ids = new Set(sample.workflows.map((w) => w.id));
    for (const run of sample.runs) {
      expect(ids.has(run.workflow_id)).toBe(true);
      expect(run.path).toBe(sample.workflows.find((w) => w.id === run.workflow_id)?.path);
    }
  });

  test('keeps re-runs as attempts of the same run id, linked by previous_attempt_url', () => {
    const byId = new Map<number, WorkflowRun[]>();
    for (const run of sample.runs) byId.set(Number(run.id), [...(byId.get(Number(run.id)) ?? []), run]);
    let rerun = 0;
    for (const [id, attempts] of byId) {
      attempts.forEach((run, i) => {
        expect(run.run_attempt).toBe(i + 1);
        expect(run.run_number).toBe(attempts[0]?.run_number);
        expect(run.created_at).toBe(attempts[0]?.created_at);
        expect(run.previous_attempt_url).toBe(
          i === 0 ? null : `https://api.github.com/repos/acme/webshop/actions/runs/${id}/attempts/${i}`,
        );
        expect(Object.keys(sample.jobs[String(id)] ?? {})).toContain(String(i + 1));
      });
      if (attempts.length > 1) rerun += 1;
      expect(attempts.every((a) => a.status === 'completed')).toBe(true);
    }
    expect(rerun).toBeGreaterThanOrEqual(10);
    expect(sample.runs.some((r) => r.run_attempt === 3)).toBe(true);
  });

  test('gives every job steps and times, and every failed job annotations and a log', () => {
    let failed = 0;
    for (const run of sample.runs) {
      for (const job of jobsOf(run)) {
        expect(job.run_id).toBe(run.id);
        expect(job.run_attempt).toBe(run.run_attempt);
        expect(job.check_run_url.endsWith(`/check-runs/${job.id}`)).toBe(true);
        if (job.conclusion === 'skipped') continue;
        expect(job.steps?.length).toBeGreaterThan(3);
        expect(Date.parse(job.completed_at ?? '')).toBeGreaterThanOrEqual(Date.parse(job.started_at));
        if (job.conclusion === 'failure') {
          failed += 1;
          expect(sample.annotations[String(job.id)]?.length).toBeGreaterThan(0);
          expect(sample.logs.get(Number(job.id))).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z /);
        }
      }
      const conclusions = jobsOf(run).map((j) => j.conclusion);
      if (run.conclusion === 'failure') expect(conclusions).toContain('failure');
      if (run.conclusion === 'success') expect(conclusions.every((c) => c === 'success')).toBe(true);
    }
    expect(failed).toBe(sample.logs.size);
  });

  test('mixes transient and deterministic failures, and cancellations', () => {
    const text = [...sample.logs.values()].join('\n') + JSON.stringify(sample.annotations);
    for (const needle of [
      'lost communication with the server',
      'The runner has received a shutdown signal',
      'ECONNRESET',
      'ETIMEDOUT',
      'EAI_AGAIN',
      '503 Service Unavailable',
      'toomanyrequests',
      'Tests:       ',
      'error TS2322',
      '@typescript-eslint/',
    ]) {
      expect(text).toContain(needle);
    }
    expect(latestRuns(sample.runs).some((r) => r.conclusion === 'cancelled')).toBe(true);
  });

  test('leaves recent failures without a re-run, transient and deterministic ones', () => {
    const now = Date.parse(sample.manifest.now);
    const waiting = latestRuns(sample.runs).filter(
      (r) => r.conclusion === 'failure' && r.run_attempt === 1 && now - Date.parse(r.updated_at) < DAY,
    );
    expect(waiting.length).toBe(sample.manifest.counts.failedRunsAwaitingDecision);
    const logs = waiting.flatMap((r) =>
      jobsOf(r)
        .filter((j) => j.conclusion === 'failure')
        .map((j) => sample.logs.get(Number(j.id)) ?? ''),
    );
    const transient = logs.filter((l) =>
      /ECONNRESET|ETIMEDOUT|EAI_AGAIN|E50[23]|toomanyrequests|rate limit|Server Error/.test(l),
    );
    const deterministic = logs.filter((l) => /error TS\d+|Tests: .*failed|problems \(|\d+ failed/.test(l));
    expect(transient.length).toBeGreaterThanOrEqual(3);
    expect(deterministic.length).toBeGreaterThanOrEqual(3);
  });

  test('knows what a re-run of each failed run would do: deterministic failures fail again', () => {
    const failedRuns = latestRuns(sample.runs).filter((r) => r.conclusion === 'failure');
    const outcomes = sample.manifest.rerunOutcomes;
    expect(Object.keys(outcomes).sort()).toEqual(failedRuns.map((r) => String(r.id)).sort());
    const failedLogs = (r: WorkflowRun) =>
      jobsOf(r)
        .filter((j) => j.conclusion === 'failure')
        .map((j) => sample.logs.get(Number(j.id)) ?? '')
        .join('\n');
    for (const run of failedRuns) {
      if (/error TS\d+|Tests: .*failed|problems \(|Resource not accessible/.test(failedLogs(run)))
        expect(outcomes[String(run.id)]).toBe('failure');
    }
    const now = Date.parse(sample.manifest.now);
    const recent = failedRuns.filter((r) => now - Date.parse(r.updated_at) < DAY).map((r) => outcomes[String(r.id)]);
    // The demo's story: most recent re-runs recover, and one transient failure happens again.
    expect(recent.filter((o) => o === 'success').length).toBeGreaterThanOrEqual(5);
    const transientAgain = failedRuns.filter(
      (r) =>
        now - Date.parse(r.updated_at) < DAY &&
        outcomes[String(r.id)] === 'failure' &&
        jobsOf(r).some((j) => /lost communication/.test(JSON.stringify(sample.annotations[String(j.id)] ?? []))),
    );
    expect(transientAgain.length).toBeGreaterThanOrEqual(1);
  });

  test('records a failure spike in the last 24 h and slower CI tests in the last 3 days', () => {
    const now = Date.parse(sample.manifest.now);
    const firstAttempts = sample.runs.filter((r) => r.run_attempt === 1);
    const rate = (from: number, to: number) => {
      const inside = firstAttempts.filter((r) => Date.parse(r.created_at) >= from && Date.parse(r.created_at) < to);
      return inside.filter((r) => r.conclusion === 'failure').length / Math.max(1, inside.length);
    };
    expect(rate(now - DAY, now)).toBeGreaterThan(2 * rate(now - 21 * DAY, now - DAY));
    const testSeconds = (from: number, to: number) => {
      const durations = sample.runs
        .filter((r) => r.name === 'CI' && Date.parse(r.created_at) >= from && Date.parse(r.created_at) < to)
        .flatMap(jobsOf)
        .filter((j) => j.name === 'test' && j.conclusion === 'success')
        .map((j) => (Date.parse(j.completed_at ?? '') - Date.parse(j.started_at)) / 1000);
      return durations.reduce((a, b) => a + b, 0) / durations.length;
    };
    expect(testSeconds(now - 3 * DAY, now)).toBeGreaterThan(1.4 * testSeconds(now - 21 * DAY, now - 4 * DAY));
  });
});
