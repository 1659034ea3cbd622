// Issue 10, "Done when": one test over every action that mutates. With the global kill switch on,
// the GitHub API receives no mutating request but the brake's own (the kill switch's disable,
// cancel, variable and notice); after deactivation the next check lets them through. Evidence
// (its bundle commit) and rollback (the apply of a plan) are held too.
import { describe, expect, it } from '@jest/globals';
import type { Sample, WorkflowRun } from '@opsguard/sample';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useActionHarness, useReplay } from '@opsguard/testing';
import { run as audit } from '../../audit/src/main.js';
import { run as ciGuard } from '../../ci-guard/src/main.js';
import { run as detect } from '../../detect/src/main.js';
import { run as killswitch } from '../src/main.js';
import { run as retry } from '../../retry/src/main.js';
import { run as rollback } from '../../rollback/src/main.js';
import { run as evidence } from '../../evidence/src/main.js';

const harness = useActionHarness();
const replay = useReplay();
const TOKEN = 'ghs_replayTokenForTests000';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A failed first attempt whose failed job was stopped by a runner shutdown: the retry re-runs it. */
function transientFailure(sample: Sample): WorkflowRun {
  const latest = [...new Map(sample.runs.map((r) => [Number(r.id), r])).values()];
  const found = latest
    .filter((r) => r.conclusion === 'failure' && r.run_attempt === 1)
    .reverse()
    .find((r) =>
      (sample.jobs[String(r.id)]?.['1'] ?? []).some((j) =>
        (sample.annotations[String(j.id)] ?? []).some((a) => /received a shutdown signal/.test(a.message ?? '')),
      ),
    );
  if (!found) throw new Error('the sample has no runner-shutdown failure');
  return found;
}

function inRepository(): Record<string, string> {
  process.env['GITHUB_API_URL'] = replay.server().url;
  process.env['GITHUB_REPOSITORY'] = replay.server().sample.repository.full_name;
  process.env['GITHUB_WORKFLOW'] = 'CI';
  process.env['GITHUB_WORKFLOW_REF'] = 'acme/webshop/.github/workflows/release.yml@refs/heads/main';
  return { token: TOKEN, 'out-dir': join(harness.dir(), 'docs') };
}

async function noBackoff(): Promise<string> {
  const path = join(harness.dir(), 'retry-policy.json');
  await writeFile(path, JSON.stringify({ backoffSeconds: [0], maxBackoffSeconds: 0 }));
  return path;
}

const writesSince = (mark: number) =>
  replay
    .server()
    .requests()
    .slice(mark)
    .filter((r) => MUTATING.has(r.method))
    .map((r) => `${r.method} ${r.path}`);

/** Every action that changes something, as a workflow runs it, with the brake as given. */
async function everyMutatingAction(kill: string, runId: number): Promise<Record<string, string[]>> {
  const writes: Record<string, string[]> = {};
  const steps: [string, () => Promise<void>, Record<string, string>][] = [
    ['retry', retry, { 'run-id': String(runId), policy: await noBackoff() }],
    ['detect', detect, { apply: 'true', days: '8' }],
    ['audit', audit, { issues: 'true', days: '8' }],
    ['ci-guard', ciGuard, {}],
    ['evidence', evidence, { days: '8', 'commit-branch': 'opsguard-evidence' }],
  ];
  for (const [name, run, inputs] of steps) {
    const mark = replay.server().requests().length;
    await harness.runStep(run, { ...inRepository(), ...inputs, 'kill-variable': kill });
    writes[name] = writesSince(mark);
  }
  // Rollback: the plan reads only; the apply of that plan is what would change things.
  const mark = replay.server().requests().length;
  const rollbackInputs = {
    ...inRepository(),
    'kill-variable': kill,
    workflow: 'CI',
    'stop-workflow': 'true',
    'force-after': '0',
  };
  const planned = await harness.runStep(rollback, { ...rollbackInputs, command: 'plan' });
  expect(planned.errors).toEqual([]);
  await harness.runStep(rollback, {
    ...rollbackInputs,
    command: 'apply',
    'plan-sha256': planned.outputs['plan-sha256'] ?? '',
    'plan-file': planned.outputs['plan-file'] ?? '',
  });
  writes['rollback'] = writesSince(mark);
  return writes;
}

describe('the brake holds for every mutating action, and only the brake acts while it is on', () => {
  it('switch on: zero mutating requests but the brake’s own; switch off: they go through', async () => {
    const failed = transientFailure(replay.server().sample);

    // The brake is pulled (store-less: OPSGUARD_KILL through the API) and stops what runs.
    const before = replay.server().requests().length;
    const on = await harness.runStep(killswitch, {
      ...inRepository(),
      command: 'activate',
      reason: 'brake test',
      'force-after': '0',
    });
    expect(on.errors).toEqual([]);
    const brakeWrites = writesSince(before);
    // The brake's own: OPSGUARD_KILL and its record, the disables, the notice issue.
    expect(brakeWrites).toEqual(expect.arrayContaining([expect.stringMatching(/\/actions\/variables/)]));
    expect(brakeWrites).toEqual(expect.arrayContaining([expect.stringMatching(/\/actions\/workflows\/\d+\/disable$/)]));
    expect(
      brakeWrites.every((w) =>
        /\/actions\/(variables|workflows\/\d+\/disable|runs\/\d+\/(force-)?cancel)|\/issues/.test(w),
      ),
    ).toBe(true);

    const held = await everyMutatingAction('true', Number(failed.id));
    // The CI guard's own stop is the brake's too: one notice issue (audited as the brake's).
    expect(held).toEqual({
      retry: [],
      detect: [],
      audit: [],
      'ci-guard': ['POST /repos/acme/webshop/issues'],
      evidence: [],
      rollback: [],
    });

    const off = await harness.runStep(killswitch, {
      ...inRepository(),
      command: 'deactivate',
      reason: 'brake test over',
      restore: 'true',
    });
    expect(off.errors).toEqual([]);

    const free = await everyMutatingAction('false', Number(failed.id));
    expect(free['retry']).toEqual([expect.stringMatching(new RegExp(`/actions/runs/${failed.id}/rerun-failed-jobs$`))]);
    expect(free['detect']?.some((w) => w.endsWith('/issues'))).toBe(true);
    expect(free['ci-guard']).toEqual([]);
    expect(free['evidence']?.some((w) => w.includes('/git/'))).toBe(true);
    expect(free['rollback']).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/actions\/workflows\/\d+\/disable$/)]),
    );
  }, 600_000);
});
