import { describe, expect, it } from '@jest/globals';
import { decideRetry, type RetryCandidate, type RetryLimits } from '../../src/index.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const limits: RetryLimits = {
  maxAttempts: 3,
  maxAttemptsByCause: { rate_limit: 2 },
  backoff: { baseMs: 5_000, factor: 2, maxMs: 300_000, jitter: 0 },
  workflows: { allow: [], deny: ['*deploy*', '*release*'] },
  branches: { allow: [], deny: ['gh-pages'] },
  shadow: false,
};
const run = (over: Partial<RetryCandidate> = {}): RetryCandidate => ({
  runId: 1,
  attempt: 1,
  workflowName: 'CI',
  workflowPath: '.github/workflows/ci.yml',
  branch: 'main',
  status: 'completed',
  conclusion: 'failure',
  createdAt: '2026-11-20T11:00:00Z',
  ...over,
});
const transient = { cause: 'runner_lost', transient: true };

describe('retry decision', () => {
  it('re-runs a transient failure after 5 s, 10 s, then stops at attempt 3', () => {
    expect(decideRetry(run(), transient, limits, NOW)).toMatchObject({ kind: 'rerun', delayMs: 5_000, nextAttempt: 2 });
    expect(decideRetry(run({ attempt: 2 }), transient, limits, NOW)).toMatchObject({
      kind: 'rerun',
      delayMs: 10_000,
      nextAttempt: 3,
    });
    expect(decideRetry(run({ attempt: 3 }), transient, limits, NOW)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('attempts used up'),
    });
  });

  it('never re-runs deterministic or unknown causes', () => {
    expect(decideRetry(run(), { cause: 'test_failure', transient: false }, limits, NOW)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('deterministic'),
    });
    expect(decideRetry(run(), { cause: 'unknown', transient: false }, limits, NOW)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('unknown'),
    });
  });

  it('skips a transient cause outside the retry profile, naming the profile and its families', () => {
    const conservative = {
      ...limits,
      profile: { name: 'conservative', families: ['runner', 'infrastructure'], causes: ['runner_lost'] },
    };
    expect(decideRetry(run(), { cause: 'network', transient: true }, conservative, NOW)).toEqual({
      kind: 'skip',
      reason: 'network is transient, but the "conservative" retry profile re-runs only runner, infrastructure failures',
    });
    expect(decideRetry(run(), { cause: 'runner_lost', transient: true }, conservative, NOW).kind).toBe('rerun');
  });

  it('honours per-cause attempt limits', () => {
    expect(decideRetry(run({ attempt: 2 }), { cause: 'rate_limit', transient: true }, limits, NOW).kind).toBe('skip');
  });

  it('waits while the run is still going', () => {
    expect(decideRetry(run({ status: 'in_progress', conclusion: null }), transient, limits, NOW).kind).toBe('wait');
  });

  it('denies deploy and release workflows by name or file, and denied branches', () => {
    expect(decideRetry(run({ workflowName: 'Deploy to prod' }), transient, limits, NOW).kind).toBe('skip');
    expect(
      decideRetry(run({ workflowName: 'Ship', workflowPath: '.github/workflows/release.yml' }), transient, limits, NOW)
        .kind,
    ).toBe('skip');
    expect(decideRetry(run({ branch: 'gh-pages' }), transient, limits, NOW).kind).toBe('skip');
  });

  it("respects GitHub's limits: 30 days and 50 attempts", () => {
    expect(decideRetry(run({ createdAt: '2026-10-20T11:00:00Z' }), transient, limits, NOW).reason).toContain('30 days');
    expect(decideRetry(run({ attempt: 50 }), transient, { ...limits, maxAttempts: 60 }, NOW).reason).toContain(
      '50 attempts',
    );
  });

  it('shadow mode decides the same but only records', () => {
    expect(decideRetry(run(), transient, { ...limits, shadow: true }, NOW)).toMatchObject({
      kind: 'shadow',
      delayMs: 5_000,
      reason: expect.stringContaining('would re-run'),
    });
  });

  it('skips runs that did not fail', () => {
    expect(decideRetry(run({ conclusion: 'success' }), transient, limits, NOW).kind).toBe('skip');
    expect(decideRetry(run({ conclusion: 'cancelled' }), transient, limits, NOW).kind).toBe('skip');
  });
});
