import { describe, expect, it } from '@jest/globals';
import type { Sample, WorkflowRun } from '@opsguard/sample';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../src/main.js';
import { useActionHarness, useReplay } from '@opsguard/testing';

const harness = useActionHarness();
const replay = useReplay();

/** The newest attempt of every run. */
function latestRuns(sample: Sample): WorkflowRun[] {
  return [...new Map(sample.runs.map((r) => [Number(r.id), r])).values()];
}

/** A failed first attempt (nobody has re-run it yet) whose failed job carries an annotation matching `pattern`. */
function failedRunAnnotated(sample: Sample, pattern: RegExp): WorkflowRun {
  const found = latestRuns(sample)
    .filter((r) => r.conclusion === 'failure' && r.run_attempt === 1)
    .reverse()
    .find((r) =>
      (sample.jobs[String(r.id)]?.['1'] ?? []).some(
        (j) =>
          j.conclusion === 'failure' &&
          (sample.annotations[String(j.id)] ?? []).some((a) => pattern.test(a.message ?? '')),
      ),
    );
  if (!found) throw new Error(`the sample has no failed first attempt annotated ${String(pattern)}`);
  return found;
}

/** A workflow_run event payload as the runner writes it to GITHUB_EVENT_PATH. */
async function workflowRunEvent(runId: number): Promise<string> {
  const path = join(harness.dir(), 'event.json');
  await writeFile(
    path,
    JSON.stringify({
      action: 'completed',
      workflow_run: { id: runId },
      repository: { full_name: replay.server().sample.repository.full_name, default_branch: 'main' },
    }),
  );
  return path;
}

/** A retry policy without backoff: the action sleeps on the system clock. */
async function noBackoffPolicy(): Promise<string> {
  const path = join(harness.dir(), 'retry-policy.json');
  await writeFile(path, JSON.stringify({ backoffSeconds: [0], maxBackoffSeconds: 0 }));
  return path;
}

/** Points the step at the replayed repository, the run given by a workflow_run event. */
async function onWorkflowRun(runId: number): Promise<Record<string, string>> {
  process.env['GITHUB_API_URL'] = replay.server().url;
  process.env['GITHUB_REPOSITORY'] = replay.server().sample.repository.full_name;
  process.env['GITHUB_EVENT_NAME'] = 'workflow_run';
  process.env['GITHUB_EVENT_PATH'] = await workflowRunEvent(runId);
  return {
    token: 'ghs_replayTokenForTests000',
    policy: await noBackoffPolicy(),
    'out-dir': join(harness.dir(), 'docs'),
  };
}

const requestsSince = (mark: number) => replay.server().requests().slice(mark);
const rerunsOf = (mark: number, runId: number) =>
  requestsSince(mark).filter((r) => r.method === 'POST' && r.path.endsWith(`/actions/runs/${runId}/rerun-failed-jobs`));

async function manifestEntries(outDir: string): Promise<{ runId: number; decision: string }[]> {
  const days = await readdir(join(outDir, 'reports'));
  expect(days).toHaveLength(1);
  const text = await readFile(join(outDir, 'reports', days[0] ?? '', 'AUTO_RETRY_MANIFEST.json'), 'utf8');
  return (JSON.parse(text) as { entries: { runId: number; decision: string }[] }).entries;
}

describe('retry action: configuration errors', () => {
  it.each([
    ['no run id and no workflow_run event', {}, 'input "run-id" is required'],
    ['a run id that is not a number', { 'run-id': 'latest' }, 'input "run-id" must be a run\'s numeric id'],
    ['max-attempts out of range', { 'run-id': '1', 'max-attempts': '11' }, 'input "max-attempts" must be between 1'],
    ['shadow not a boolean', { 'run-id': '1', shadow: 'maybe' }, 'input "shadow" must be true or false'],
    ['an unknown time zone', { 'run-id': '1', 'time-zone': 'Mars/Olympus' }, 'Mars/Olympus'],
    [
      'a repository that is not owner/name',
      { 'run-id': '1', repository: 'webshop' },
      'input "repository" must be owner/name',
    ],
    ['no token', { 'run-id': '1', token: '' }, 'input "token" is required'],
  ])('%s: one line, exit code 1, no request', async (_case, inputs, message) => {
    process.env['GITHUB_API_URL'] = replay.server().url;
    process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { token: 'ghs_replayTokenForTests000', ...inputs });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toHaveLength(1);
    expect(step.errors[0]).toMatch(/^Configuration error: /);
    expect(step.errors[0]).toContain(message);
    expect(step.errors[0]).not.toContain('%0A');
    expect(requestsSince(mark)).toEqual([]);
    expect(step.outputs).toEqual({});
  });
});

describe('retry action: outputs are checked before any request (issue 15)', () => {
  it('an out-dir that is a file: one clear error, exit 1, not one request', async () => {
    process.env['GITHUB_API_URL'] = replay.server().url;
    process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
    const file = join(harness.dir(), 'not-a-folder');
    await writeFile(file, 'x');
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { token: 'ghs_replayTokenForTests000', 'run-id': '1', 'out-dir': file });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      `Configuration error: input "out-dir" "${file}" is a file, not a folder: give a folder to write into`,
    ]);
    expect(requestsSince(mark)).toEqual([]);
  });
});

describe('retry action on a completed workflow_run', () => {
  it('a run whose runner was lost: decision rerun, the re-run requested, the manifest written', async () => {
    const failed = failedRunAnnotated(replay.server().sample, /lost communication with the server/);
    const inputs = await onWorkflowRun(Number(failed.id));
    const mark = replay.server().requests().length;

    const step = await harness.runStep(run, inputs);

    expect(step.exitCode).toBeUndefined();
    expect(step.outputs).toMatchObject({
      decision: 'rerun',
      transient: 'true',
      attempt: '1',
      act: 'requested',
      result: 're-run requested (attempt 2)',
    });
    expect(step.outputs['cause']).not.toBe('unknown');
    const reruns = rerunsOf(mark, Number(failed.id));
    expect(reruns).toHaveLength(1);
    expect(reruns[0]?.status).toBe(201);
    expect(step.summary).toContain('### OpsGuard retry: rerun');
    expect(step.summary).toContain(`| Cause | ${step.outputs['cause']} (transient) |`);
    expect(step.summary).toContain('re-run requested (attempt 2)');
    expect(step.summary).toContain('**Evidence** (sanitised):');
    expect(step.summary).toMatch(/lost communication with the server/);
    const entries = await manifestEntries(inputs['out-dir'] ?? '');
    expect(entries).toEqual([expect.objectContaining({ runId: Number(failed.id), decision: 'rerun' })]);
  });

  it('shadow: true decides the same transient failure as shadow and sends no re-run', async () => {
    // Not the lost runner of the test before (that one has been re-run): a runner shut down mid-job.
    const failed = failedRunAnnotated(replay.server().sample, /received a shutdown signal/);
    const inputs = await onWorkflowRun(Number(failed.id));
    const mark = replay.server().requests().length;

    const step = await harness.runStep(run, { ...inputs, shadow: 'true' });

    expect(step.exitCode).toBeUndefined();
    expect(step.outputs).toMatchObject({ decision: 'shadow', transient: 'true' });
    expect(requestsSince(mark).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(step.summary).toContain('### OpsGuard retry: shadow');
    expect(step.summary).toContain('would re-run (shadow mode)');
  });

  it('kill-variable "true" (vars.OPSGUARD_KILL) holds the re-run back, says why, and fails the step', async () => {
    // Shadow decisions leave the replay untouched, so the runner-shutdown run is still attempt 1.
    const failed = failedRunAnnotated(replay.server().sample, /received a shutdown signal/);
    const inputs = await onWorkflowRun(Number(failed.id));
    const mark = replay.server().requests().length;

    const step = await harness.runStep(run, { ...inputs, 'kill-variable': 'true' });

    // A re-run that was due and refused is a failure of the step, with the reason (issue 16).
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringMatching(/refused \(kill_switch\): global kill switch/)]);
    expect(step.outputs).toMatchObject({
      decision: 'rerun',
      transient: 'true',
      act: 'refused',
      result: expect.stringMatching(/^refused \(kill_switch\): /),
    });
    expect(rerunsOf(mark, Number(failed.id))).toEqual([]);
    expect(step.summary).toMatch(
      /\| Result \| refused \(kill_switch\): global kill switch .*OPSGUARD_KILL repository variable/,
    );
  });

  it('a lint failure is deterministic: decision skip, no re-run, the cause and evidence in the summary', async () => {
    const failed = failedRunAnnotated(replay.server().sample, /@typescript-eslint\//);
    const inputs = await onWorkflowRun(Number(failed.id));
    const mark = replay.server().requests().length;

    const step = await harness.runStep(run, inputs);

    expect(step.exitCode).toBeUndefined();
    expect(step.outputs).toMatchObject({ decision: 'skip', transient: 'false', attempt: '1' });
    expect(rerunsOf(mark, Number(failed.id))).toEqual([]);
    expect(requestsSince(mark).filter((r) => r.method === 'POST' && r.path.includes('/rerun'))).toEqual([]);
    expect(step.summary).toContain('### OpsGuard retry: skip');
    expect(step.summary).toContain(`| Cause | ${step.outputs['cause']} (not transient) |`);
    expect(step.summary).toContain('is deterministic: a re-run would fail the same way');
    expect(step.summary).toMatch(/```text\n[\s\S]*@typescript-eslint\/[\s\S]*\n```/);
    const entries = await manifestEntries(inputs['out-dir'] ?? '');
    expect(entries).toEqual([expect.objectContaining({ runId: Number(failed.id), decision: 'skip' })]);
  });

  it('a second attempt that succeeded: decision recovered, nothing re-run', async () => {
    const recovered = latestRuns(replay.server().sample)
      .filter((r) => r.conclusion === 'success' && (r.run_attempt ?? 1) === 2)
      .at(-1);
    if (!recovered) throw new Error('the sample has no run that succeeded on attempt 2');
    const inputs = await onWorkflowRun(Number(recovered.id));
    const mark = replay.server().requests().length;

    const step = await harness.runStep(run, inputs);

    expect(step.exitCode).toBeUndefined();
    expect(step.outputs).toEqual({
      decision: 'recovered',
      cause: 'recovered',
      transient: 'true',
      attempt: '2',
      act: 'none',
      result: expect.stringMatching(/recovered on attempt 2 after \d+ min/),
    });
    expect(requestsSince(mark).filter((r) => r.path.includes('/rerun'))).toEqual([]);
    expect(step.summary).toContain('### OpsGuard retry: recovered');
    expect(step.summary).toContain(`${recovered.name ?? ''} run ${String(recovered.id)} recovered on attempt 2`);
    // No decision to add to the manifest (the job's audit trail is all the bundle gets).
    const days = existsSync(join(inputs['out-dir'] ?? '', 'reports'))
      ? await readdir(join(inputs['out-dir'] ?? '', 'reports'))
      : [];
    for (const day of days)
      expect(existsSync(join(inputs['out-dir'] ?? '', 'reports', day, 'AUTO_RETRY_MANIFEST.json'))).toBe(false);
  });

  it('an explicit run-id input wins over the event, and a first-attempt success is left alone', async () => {
    const success = latestRuns(replay.server().sample).find((r) => r.conclusion === 'success' && r.run_attempt === 1);
    if (!success) throw new Error('the sample has no first-attempt success');
    const inputs = await onWorkflowRun(1);

    const step = await harness.runStep(run, { ...inputs, 'run-id': String(success.id) });

    expect(step.exitCode).toBeUndefined();
    expect(step.outputs).toEqual({
      decision: 'skip',
      cause: 'none',
      transient: 'false',
      attempt: '1',
      act: 'none',
      result: '',
    });
    expect(step.summary).toContain(`Run ${String(success.id)} attempt 1: the run succeeded on its first attempt.`);
  });
});
