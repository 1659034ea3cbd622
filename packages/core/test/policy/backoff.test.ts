import { describe, expect, it } from '@jest/globals';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/index.js';

describe('backoff', () => {
  const policy = { baseMs: 5_000, factor: 2, maxMs: 60_000, jitter: 0 };

  it('doubles from the base without jitter: 5 s, 10 s, 20 s', () => {
    expect([0, 1, 2].map((n) => backoffDelay(policy, n, () => 0.5))).toEqual([5_000, 10_000, 20_000]);
  });

  it('caps at the maximum', () => {
    expect(backoffDelay(policy, 10, () => 0)).toBe(60_000);
  });

  it('the default jitter factor 0.1 spans 90–100 % of the delay', () => {
    expect(DEFAULT_BACKOFF.jitter).toBe(0.1);
    expect(backoffDelay(DEFAULT_BACKOFF, 0, () => 0)).toBe(900);
    expect(backoffDelay(DEFAULT_BACKOFF, 0, () => 1)).toBe(1_000);
  });

  it('equal jitter spans half to the whole delay', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelay(jittered, 1, () => 0)).toBe(5_000);
    expect(backoffDelay(jittered, 1, () => 1)).toBe(10_000);
  });
});
