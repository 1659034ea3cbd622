import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryStore, StoreUnavailableError, type Store } from '@opsguard/store';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describeProblem, loopProblems, runAuditLoop } from '../src/index.js';
import { aRunWith, loopContext, REPO_PATH, serveRepository } from './loop-fixture.js';

const NOW = new Date('2026-11-02T12:00:00Z');
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
const RUNNER_LOST =
  'The self-hosted runner: ci-runner-12 lost communication with the server. Verify the machine is running and has a healthy network connection.';

afterEach(() => nock.cleanAll());

const RUNS = [
  aRunWith({ id: 201, head_branch: 'a', conclusion: 'failure', created_at: at(3), updated_at: at(2.9) }, RUNNER_LOST),
  aRunWith({ id: 202, head_branch: 'b', conclusion: 'failure', created_at: at(4), updated_at: at(3.9) }, RUNNER_LOST),
  aRunWith({ id: 203, head_branch: 'c', conclusion: 'success', created_at: at(5), updated_at: at(4.9) }),
];

/** A store that answers until `breakAfter` writes of runs, then is down for good. */
function storeThatGoesDown(): Store {
  const store = new MemoryStore();
  let up = true;
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (!up && prop !== 'close') throw new StoreUnavailableError('store unavailable: connection refused');
        const answer: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (prop === 'upsertJobs') up = false; // down right after collection
        return answer;
      };
    },
  });
}

async function audit(store?: Store) {
  const { ctx, runtime } = await loopContext(NOW, store ? { store } : {});
  const outDir = await mkdtemp(join(tmpdir(), 'partial-'));
  const result = await runAuditLoop(ctx, {
    days: 2,
    jobs: 'failed',
    defaultBranch: 'main',
    timeZone: 'UTC',
    outDir,
    retry: { apply: false, windowHours: 48, dailyRerunBudget: 50, mode: 'rerun-failed-jobs' },
    respond: null,
  });
  await runtime.close();
  const [day] = await readdir(join(outDir, 'reports'));
  const dir = join(outDir, 'reports', day ?? '');
  return { result, dir };
}

describe('partial evidence (issue 16): what was collected is written, with a reason per gap', () => {
  it('a jobs endpoint answering 500 for one run: the bundle has every run, and says which jobs are missing', async () => {
    serveRepository(RUNS, (scope) =>
      scope.get(`${REPO_PATH}/actions/runs/202/jobs`).query(true).reply(500, { message: 'Server Error' }),
    );
    const { result, dir } = await audit();
    const summary = JSON.parse(await readFile(join(dir, 'RUNS_SUMMARY.json'), 'utf8')) as {
      entries: { runId: number }[];
    };
    expect(summary.entries.map((e) => e.runId).sort()).toEqual([201, 202, 203]);
    expect(result.gaps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ step: 'collect', reason: expect.stringContaining('jobs of run 202 not read') }),
      ]),
    );
    const text = await readFile(join(dir, 'AUDIT_SUMMARY.md'), 'utf8');
    expect(text).toContain('## Gaps: what could not be collected or done');
    expect(text).toContain('jobs of run 202 not read');
    // The exit code says the truth.
    expect(loopProblems(result).map(describeProblem)).toEqual(
      expect.arrayContaining([expect.stringContaining('collect: jobs of run 202')]),
    );
  });

  it('annotations answering 502: the run is still decided and bundled; the gap is named', async () => {
    serveRepository(RUNS, (scope) =>
      scope
        .get(/\/check-runs\/2010\/annotations/)
        .query(true)
        .reply(502, 'Bad Gateway'),
    );
    const { result, dir } = await audit();
    expect(existsSync(join(dir, '_evidence_index.md'))).toBe(true);
    expect(result.gaps.map((g) => g.reason).join('\n')).toMatch(/run 201: .*502/);
    expect(result.decisions.map((d) => d.runId)).toEqual([202]);
  });

  it('the store down right after collection: the bundle is still written from what was collected', async () => {
    serveRepository(RUNS);
    const { result, dir } = await audit(storeThatGoesDown());
    const summary = JSON.parse(await readFile(join(dir, 'RUNS_SUMMARY.json'), 'utf8')) as { entries: unknown[] };
    expect(summary.entries).toHaveLength(3);
    expect(result.gaps.map((g) => g.step)).toEqual(expect.arrayContaining(['retry', 'store']));
    expect(await readFile(join(dir, 'AUDIT_SUMMARY.md'), 'utf8')).toContain('store unavailable');
  });
});
