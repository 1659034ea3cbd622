import { afterEach, describe, expect, it } from '@jest/globals';
import { aWorkflowRun } from '@opsguard/testing';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { handleRunEvent, runEventDepsOf } from '../src/index.js';
import { API, aRunWith, loopContext, REPO_PATH, repo, serveRepository } from './loop-fixture.js';

const NOW = new Date('2026-11-02T12:00:00Z');
const RUNNER_LOST =
  'The self-hosted runner: ci-runner-12 lost communication with the server. Verify the machine is running and has a healthy network connection.';

afterEach(() => nock.cleanAll());

async function handler(outDir: string | null = null) {
  const { runtime } = await loopContext(NOW);
  const deps = runEventDepsOf(runtime, {
    repo,
    actor: 'test',
    log: () => undefined,
    maxWaits: 0,
    outDir,
    timeZone: 'UTC',
  });
  return { runtime, deps };
}

describe('handleRunEvent: one completed workflow_run, routed by what it concluded', () => {
  it('a failure goes to the retry engine, reads the run once, and writes the manifest and the retry log', async () => {
    const { sent } = serveRepository([
      aRunWith({ id: 401, conclusion: 'failure', updated_at: '2026-11-02T11:00:00Z' }, RUNNER_LOST),
    ]);
    const outDir = await mkdtemp(join(tmpdir(), 'event-'));
    const { runtime, deps } = await handler(outDir);
    const result = await handleRunEvent(deps, 401);
    await runtime.close();
    expect(result).toMatchObject({
      kind: 'decided',
      outcome: { decision: 'rerun', act: { kind: 'requested', attempt: 2 } },
    });
    expect(sent.map((s) => s.path)).toEqual([`${REPO_PATH}/actions/runs/401/rerun-failed-jobs`]);
    // The run is read once (the event handler hands it to the retry engine), and nothing else twice.
    expect(runtime.client.requests().byRoute).toEqual({
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}': 1,
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs': 1,
      'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations': 1,
      'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs': 1,
    });
    const [day] = await readdir(join(outDir, 'reports'));
    const manifest = JSON.parse(
      await readFile(join(outDir, 'reports', day ?? '', 'AUTO_RETRY_MANIFEST.json'), 'utf8'),
    ) as {
      entries: { runId: number; act: unknown }[];
    };
    expect(manifest.entries).toEqual([expect.objectContaining({ runId: 401, act: { kind: 'requested', attempt: 2 } })]);
    expect(await readdir(join(outDir, 'reports', day ?? '', 'logs'))).toEqual([
      expect.stringMatching(/^retry_log_\d{8}\.log$/),
    ]);
  });

  it('a success on attempt 1 is ignored, with the reason', async () => {
    serveRepository([aRunWith({ id: 402, conclusion: 'success' })]);
    const { runtime, deps } = await handler();
    expect(await handleRunEvent(deps, 402)).toEqual({
      kind: 'ignored',
      runId: 402,
      attempt: 1,
      reason: 'the run succeeded on its first attempt',
    });
    await runtime.close();
  });

  it('a cancelled run is ignored: nothing to re-run', async () => {
    serveRepository([aRunWith({ id: 403, conclusion: 'cancelled' })]);
    const { runtime, deps } = await handler();
    expect(await handleRunEvent(deps, 403)).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('cancelled'),
    });
    await runtime.close();
  });

  it('a success on attempt 2 is a recovery: recorded with its time to recover', async () => {
    serveRepository([aRunWith({ id: 404, run_attempt: 2, conclusion: 'success', updated_at: '2026-11-02T11:30:00Z' })]);
    nock(API)
      .get(`${REPO_PATH}/actions/runs/404/attempts/1`)
      .reply(200, aWorkflowRun({ id: 404, run_attempt: 1, conclusion: 'failure', updated_at: '2026-11-02T11:00:00Z' }));
    const { runtime, deps } = await handler();
    const result = await handleRunEvent(deps, 404);
    expect(result).toMatchObject({
      kind: 'recovered',
      recovery: { runId: 404, attempt: 2, timeToRecoverMs: 30 * 60_000 },
    });
    expect((await runtime.store.listRetryHistory()).map((h) => h.decision)).toEqual(['recovered']);
    await runtime.close();
  });
});
