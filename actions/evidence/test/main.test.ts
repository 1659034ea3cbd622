import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useActionHarness, useReplay } from '@opsguard/testing';
import { run } from '../src/main.js';

const harness = useActionHarness();
const replay = useReplay();

const INDEX = '_evidence_index.md';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The step as a workflow in the replayed repository runs it. */
function inRepository(): Record<string, string> {
  process.env['GITHUB_API_URL'] = replay.server().url;
  process.env['GITHUB_REPOSITORY'] = replay.server().sample.repository.full_name;
  return { token: 'ghs_replayTokenForTests000', 'out-dir': join(harness.dir(), 'docs') };
}

describe('evidence action: configuration errors', () => {
  it.each([
    ['upload not a boolean', { upload: 'y' }, 'input "upload" must be true or false, not "y"'],
    [
      'a commit-branch git refuses',
      { 'commit-branch': 'evidence..main' },
      'input "commit-branch" is not a valid branch name',
    ],
    [
      'a commit-branch with a space',
      { 'commit-branch': 'ops evidence' },
      'input "commit-branch" is not a valid branch name',
    ],
    ['days out of range', { days: '45' }, 'input "days" must be between 1 and 30, not 45'],
    ['no token', { token: '' }, 'input "token" is required'],
    ['a run id that is not a number', { 'run-ids': '123, abc' }, 'input "run-ids" takes run ids'],
  ])('%s: one line, exit code 1, no request', async (_case, inputs, message) => {
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { ...inRepository(), ...inputs });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringMatching(/^Configuration error: /)]);
    expect(step.errors[0]).toContain(message);
    expect(step.errors[0]).not.toContain('%0A');
    expect(replay.server().requests().slice(mark)).toEqual([]);
    expect(step.outputs).toEqual({});
  });

  it('a bundle-path without an evidence index: says which output to pass, no request', async () => {
    const notABundle = join(harness.dir(), 'empty');
    await mkdir(notABundle);
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { ...inRepository(), 'bundle-path': notABundle, upload: 'false' });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      `Configuration error: no evidence bundle at ${notABundle}: ${INDEX} is missing (pass the bundle-path output of the detect or kpi step)`,
    ]);
    expect(replay.server().requests().slice(mark)).toEqual([]);
  });
});

describe('evidence action over the replayed repository', () => {
  it('upload: false collects a bundle and outputs its path and the digest of its index', async () => {
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { ...inRepository(), upload: 'false' });

    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBeUndefined();
    expect(Object.keys(step.outputs).sort()).toEqual(['bundle-path', 'index-digest']);
    const bundle = step.outputs['bundle-path'] ?? '';
    expect(bundle.startsWith(join(harness.dir(), 'docs', 'reports'))).toBe(true);
    expect(step.outputs['index-digest']).toBe(sha256(await readFile(join(bundle, INDEX), 'utf8')));
    const requests = replay.server().requests().slice(mark);
    expect(requests.some((r) => r.path.endsWith('/actions/runs'))).toBe(true);
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('run-ids bundles those runs only: one request per run, no window listing', async () => {
    const runs = replay.server().sample.runs;
    const ids = [...new Set(runs.slice(-3).map((r) => Number(r.id)))];
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, { ...inRepository(), upload: 'false', 'run-ids': ids.join('\n') });
    expect(step.errors).toEqual([]);
    const requests = replay.server().requests().slice(mark);
    expect(requests.some((r) => r.path.endsWith('/actions/runs'))).toBe(false);
    for (const id of ids) expect(requests.some((r) => r.path.endsWith(`/actions/runs/${id}`))).toBe(true);
    const summary = JSON.parse(
      await readFile(join(step.outputs['bundle-path'] ?? '', 'RUNS_SUMMARY.json'), 'utf8'),
    ) as {
      entries: { runId: number }[];
    };
    expect([...new Set(summary.entries.map((e) => e.runId))].sort()).toEqual([...ids].sort());
  });

  it('with the bundle-path of an earlier step, publishes that bundle without collecting again', async () => {
    const collected = await harness.runStep(run, { ...inRepository(), upload: 'false' });
    const bundle = collected.outputs['bundle-path'] ?? '';
    expect(bundle).not.toBe('');
    const mark = replay.server().requests().length;

    const step = await harness.runStep(run, { ...inRepository(), upload: 'false', 'bundle-path': bundle });

    expect(step.exitCode).toBeUndefined();
    expect(step.outputs).toEqual({ 'bundle-path': bundle, 'index-digest': collected.outputs['index-digest'] });
    expect(replay.server().requests().slice(mark)).toEqual([]);
  });
});
