import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Sample, WorkflowRun } from '@opsguard/sample';
import { useActionHarness, useReplay } from '@opsguard/testing';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { run } from '../src/main.js';

const harness = useActionHarness();
const replay = useReplay();

/**
 * A "database" on 127.0.0.1 that only counts who connects: the job's own DATABASE_URL points
 * here, and OpsGuard must never touch it (its store comes from its inputs alone).
 */
let hostile: Server;
let connections = 0;
const sockets: Socket[] = [];
beforeAll(async () => {
  hostile = createServer((socket) => {
    connections += 1;
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => hostile.close(() => resolve()));
});
const hostileUrl = () => {
  const address = hostile.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `postgres://consumer:secret@127.0.0.1:${port}/their_app`;
};

function failedFirstAttempt(sample: Sample, pattern: RegExp): WorkflowRun {
  const latest = [...new Map(sample.runs.map((r) => [Number(r.id), r])).values()];
  const found = latest
    .filter((r) => r.conclusion === 'failure' && r.run_attempt === 1)
    .reverse()
    .find((r) =>
      (sample.jobs[String(r.id)]?.['1'] ?? []).some((j) =>
        (sample.annotations[String(j.id)] ?? []).some((a) => pattern.test(a.message ?? '')),
      ),
    );
  if (!found) throw new Error(`no failed first attempt annotated ${String(pattern)}`);
  return found;
}

/** A retry policy without backoff: the action sleeps on the system clock. */
async function noBackoff(): Promise<string> {
  const path = join(harness.dir(), 'retry-policy.json');
  await writeFile(path, JSON.stringify({ backoffSeconds: [0], maxBackoffSeconds: 0 }));
  return path;
}

describe('retry action without a store (store-less on a runner)', () => {
  it('ignores a hostile DATABASE_URL, re-runs from GitHub’s own record, writes its audit to the bundle and lists the guarantees', async () => {
    const failed = failedFirstAttempt(replay.server().sample, /lost communication with the server/);
    process.env['GITHUB_API_URL'] = replay.server().url;
    process.env['GITHUB_REPOSITORY'] = replay.server().sample.repository.full_name;
    // The consumer's own database and Supabase project, in the job's environment.
    process.env['DATABASE_URL'] = hostileUrl();
    process.env['SUPABASE_URL'] = 'http://127.0.0.1:9/never';
    process.env['SUPABASE_SERVICE_ROLE_KEY'] = 'their-service-role-key';
    const outDir = join(harness.dir(), 'docs');
    const mark = replay.server().requests().length;

    const step = await harness.runStep(run, {
      token: 'ghs_replayTokenForTests000',
      'run-id': String(failed.id),
      'out-dir': outDir,
      'kill-variable': 'false',
      policy: await noBackoff(),
    });

    expect(step.errors).toEqual([]);
    expect(step.outputs).toMatchObject({ decision: 'rerun', act: 'requested' });
    expect(connections).toBe(0);
    const posts = replay
      .server()
      .requests()
      .slice(mark)
      .filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.path)).toEqual([
      expect.stringMatching(new RegExp(`/actions/runs/${String(failed.id)}/rerun-failed-jobs$`)),
    ]);
    // No embedded database was started in the workspace.
    expect(await readdir(harness.cwd())).not.toContain('.opsguard');
    // The job's audit record is in the evidence bundle.
    const [day] = await readdir(join(outDir, 'reports'));
    const trail = JSON.parse(await readFile(join(outDir, 'reports', day ?? '', 'AUDIT_TRAIL.json'), 'utf8')) as {
      entries: { action: string; outcome: string; idempotencyKey: string }[];
    };
    expect(trail.entries).toEqual([
      expect.objectContaining({
        action: 'rerun-failed-jobs',
        outcome: 'SUCCESS',
        idempotencyKey: `${String(failed.id)}:1`,
      }),
    ]);
    // The summary names every guarantee and whether it holds without a store.
    for (const line of [
      '| Kill switches in the store | needs a store |',
      '| OPSGUARD_KILL repository variable | holds | read from the kill-variable input |',
      '| Rate limits (global, service, action) | partly |',
      '| Circuit breaker per workflow | partly |',
      '| Daily re-run budget | partly |',
      '| One decision per run attempt | holds |',
      '| Append-only audit trail | partly |',
      '| Retry history and KPIs over time | needs a store |',
    ]) {
      expect(step.summary).toContain(line);
    }

    // A second trigger for the same attempt finds the re-run in GitHub's record: nothing is sent.
    const again = replay.server().requests().length;
    const second = await harness.runStep(run, {
      token: 'ghs_replayTokenForTests000',
      'run-id': String(failed.id),
      'out-dir': outDir,
      'kill-variable': 'false',
      policy: await noBackoff(),
    });
    expect(second.errors).toEqual([]);
    expect(
      replay
        .server()
        .requests()
        .slice(again)
        .filter((r) => r.method === 'POST'),
    ).toEqual([]);
  });

  it('without kill-variable or OPSGUARD_KILL the summary warns that the brake is not visible', async () => {
    const failed = failedFirstAttempt(replay.server().sample, /@typescript-eslint\//);
    process.env['GITHUB_API_URL'] = replay.server().url;
    process.env['GITHUB_REPOSITORY'] = replay.server().sample.repository.full_name;
    const step = await harness.runStep(run, {
      token: 'ghs_replayTokenForTests000',
      'run-id': String(failed.id),
      'out-dir': join(harness.dir(), 'docs'),
    });
    expect(step.errors).toEqual([]);
    expect(step.summary).toMatch(
      /\| OPSGUARD_KILL repository variable \| (partly \| not visible|holds \| read from the API)/,
    );
  });

  it('OPSGUARD_KILL in the job environment stops a direct `uses:` of the action (no input needed)', async () => {
    const failed = failedFirstAttempt(replay.server().sample, /received a shutdown signal/);
    process.env['GITHUB_API_URL'] = replay.server().url;
    process.env['GITHUB_REPOSITORY'] = replay.server().sample.repository.full_name;
    process.env['OPSGUARD_KILL'] = 'true';
    const mark = replay.server().requests().length;
    const step = await harness.runStep(run, {
      token: 'ghs_replayTokenForTests000',
      'run-id': String(failed.id),
      'out-dir': join(harness.dir(), 'docs'),
      policy: await noBackoff(),
    });
    expect(step.exitCode).toBe(1);
    expect(step.outputs).toMatchObject({ act: 'refused' });
    expect(step.errors[0]).toMatch(/refused \(kill_switch\).*OPSGUARD_KILL/);
    expect(
      replay
        .server()
        .requests()
        .slice(mark)
        .filter((r) => r.method === 'POST'),
    ).toEqual([]);
    expect(step.summary).toContain('| OPSGUARD_KILL repository variable | holds | read from the job environment |');
  });
});
