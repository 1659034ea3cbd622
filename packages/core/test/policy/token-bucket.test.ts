import { describe, expect, it } from '@jest/globals';
import { consumeToken, perMinute, refillBucket } from '../../src/index.js';

describe('token bucket', () => {
  const limit = perMinute(5); // 5 tokens, one every 12 s

  it('starts full and refuses the sixth call within the minute', () => {
    let state = null;
    const allowed: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const decision = consumeToken(state, limit, 1_000);
      allowed.push(decision.allowed);
      state = decision.state;
    }
    expect(allowed).toEqual([true, true, true, true, true, false]);
  });

  it('says exactly when the next token arrives', () => {
    const empty = { tokens: 0, updatedAtMs: 0 };
    expect(consumeToken(empty, limit, 0).retryAfterMs).toBe(12_000);
    expect(consumeToken(empty, limit, 3_000).retryAfterMs).toBe(9_000);
    expect(consumeToken(empty, limit, 12_000).allowed).toBe(true);
  });

  it('refills linearly and never above capacity', () => {
    expect(refillBucket({ tokens: 1, updatedAtMs: 0 }, limit, 24_000).tokens).toBeCloseTo(3);
    expect(refillBucket({ tokens: 1, updatedAtMs: 0 }, limit, 3_600_000).tokens).toBe(5);
  });

  it('ignores a clock that went backwards', () => {
    const state = { tokens: 2, updatedAtMs: 10_000 };
    expect(refillBucket(state, limit, 5_000)).toEqual({ tokens: 2, updatedAtMs: 10_000 });
  });
});
