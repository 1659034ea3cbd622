import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { runAuditLoop } from '../src/index.js';
import { aRunWith, loopContext, serveRepository } from './loop-fixture.js';

const NOW = new Date('2026-11-02T12:00:00Z');
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
const RUNNER_LOST =
  'The self-hosted runner: ci-runner-12 lost communication with the server. Verify the machine is running and has a healthy network connection.';
const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

afterEach(() => nock.cleanAll());

/** One run per reason the sweep leaves a failure alone, plus one it must re-run. */
const RUNS = [
  // Re-run: a transient failure nothing newer has fixed.
  aRunWith(
    {
      id: 101,
      name: 'CI',
      workflow_id: 1,
      head_branch: 'main',
      conclusion: 'failure',
      created_at: at(3),
      updated_at: at(2.9),
    },
    RUNNER_LOST,
  ),
  // Superseded: a newer CI run on the same branch succeeded.
  aRunWith(
    {
      id: 102,
      name: 'E2E',
      workflow_id: 2,
      head_branch: 'release',
      conclusion: 'failure',
      created_at: at(5),
      updated_at: at(4.9),
    },
    RUNNER_LOST,
  ),
  aRunWith({
    id: 103,
    name: 'E2E',
    workflow_id: 2,
    head_branch: 'release',
    conclusion: 'success',
    created_at: at(4),
    updated_at: at(3.9),
  }),
  // Head moved: a pull request whose branch got a newer commit.
  aRunWith(
    {
      id: 104,
      name: 'CI',
      workflow_id: 1,
      event: 'pull_request',
      head_branch: 'feat',
      head_sha: SHA_A,
      conclusion: 'failure',
      created_at: at(6),
      updated_at: at(5.9),
    },
    RUNNER_LOST,
  ),
  aRunWith(
    {
      id: 105,
      name: 'Lint',
      workflow_id: 3,
      event: 'pull_request',
      head_branch: 'feat',
      head_sha: SHA_B,
      conclusion: 'failure',
      created_at: at(5.5),
      updated_at: at(5.4),
    },
    'Lint: 2 errors',
  ),
  // The merge queue retries its own groups.
  aRunWith(
    {
      id: 106,
      name: 'CI',
      workflow_id: 1,
      event: 'merge_group',
      head_branch: 'gh-readonly-queue/main/pr-9',
      conclusion: 'failure',
      created_at: at(7),
      updated_at: at(6.9),
    },
    RUNNER_LOST,
  ),
  // Cancelled by a person or a newer run.
  aRunWith({
    id: 107,
    name: 'CI',
    workflow_id: 1,
    head_branch: 'other',
    conclusion: 'cancelled',
    created_at: at(8),
    updated_at: at(7.9),
  }),
  // A re-run still going: never re-run while it runs (GitHub answers 403).
  aRunWith({
    id: 108,
    name: 'CI',
    workflow_id: 1,
    head_branch: 'third',
    run_attempt: 2,
    status: 'in_progress',
    conclusion: null,
    created_at: at(9),
    updated_at: at(0.1),
  }),
  // Outside the window: not the sweep's business.
  aRunWith(
    {
      id: 109,
      name: 'CI',
      workflow_id: 1,
      head_branch: 'old',
      conclusion: 'failure',
      created_at: at(80),
      updated_at: at(79),
    },
    RUNNER_LOST,
  ),
];

describe('the re-run sweep (opsguard audit --apply)', () => {
  it('re-runs only the transient failure nothing superseded, and lists what it left by reason', async () => {
    const { sent } = serveRepository(RUNS);
    const { ctx, runtime } = await loopContext(NOW);
    const outDir = await mkdtemp(join(tmpdir(), 'sweep-'));
    const result = await runAuditLoop(ctx, {
      days: 5,
      jobs: 'failed',
      defaultBranch: 'main',
      timeZone: 'UTC',
      outDir,
      retry: { apply: true, windowHours: 48, dailyRerunBudget: 50, mode: 'rerun-failed-jobs' },
      respond: null,
    });
    await runtime.close();

    const reruns = sent.filter((s) => s.path.endsWith('/rerun-failed-jobs')).map((s) => s.path);
    expect(reruns).toEqual(['/repos/octo-org/app/actions/runs/101/rerun-failed-jobs']);
    // The newest failure on the pull request's branch is decided (deterministic: not re-run).
    expect(result.decisions.map((d) => [d.runId, d.decision, d.act?.kind ?? null])).toEqual([
      [101, 'rerun', 'requested'],
      [105, 'skip', null],
    ]);
    expect(Object.fromEntries(result.left.map((l) => [l.runId, l.reason]))).toEqual({
      102: 'superseded',
      104: 'head_moved',
      106: 'merge_group',
      107: 'cancelled',
      108: 'in_progress',
    });
    // The bundle says what was left and why.
    const [day] = await readdir(join(outDir, 'reports'));
    const summary = await readFile(join(outDir, 'reports', day ?? '', 'AUDIT_SUMMARY.md'), 'utf8');
    expect(summary).toContain('### Left alone by the re-run sweep');
    for (const reason of ['superseded', 'head_moved', 'merge_group', 'cancelled', 'in_progress']) {
      expect(summary).toMatch(new RegExp(`- ${reason}: 1`));
    }
    expect(summary).toContain('run 103 of the same workflow on release succeeded later');
  });

  it('the window is an option: with 1 h nothing of the above is swept', async () => {
    const { sent } = serveRepository(RUNS);
    const { ctx, runtime } = await loopContext(NOW);
    const result = await runAuditLoop(ctx, {
      days: 5,
      jobs: 'failed',
      defaultBranch: 'main',
      timeZone: 'UTC',
      outDir: await mkdtemp(join(tmpdir(), 'sweep-')),
      retry: { apply: true, windowHours: 1, dailyRerunBudget: 50, mode: 'rerun-failed-jobs' },
      respond: null,
    });
    await runtime.close();
    expect(result.decisions).toEqual([]);
    expect(sent.filter((s) => s.path.includes('/rerun'))).toEqual([]);
    // Only the re-run in progress finished (updated) within the hour.
    expect(result.left.map((l) => l.runId)).toEqual([108]);
  });
});
