import { describe, expect, it } from '@jest/globals';
import { isoToMs, percentile, selectPercentile } from '../../src/index.js';

describe('selection percentiles', () => {
  it('agree with the sorted nearest-rank definition on random data, duplicates included', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rnd() * 300);
      const values = Array.from({ length: n }, () => Math.floor(rnd() * 50));
      for (const p of [0.01, 0.5, 0.95, 1]) {
        expect(selectPercentile(Float64Array.from(values), p)).toBe(percentile(values, p));
      }
    }
  });

  it('parses GitHub timestamps like Date.parse', () => {
    for (const t of [
      '2026-11-20T10:00:00Z',
      '2026-02-28T23:59:59.123Z',
      '1999-12-31T00:00:00.5Z',
      '2026-11-20T10:00:00+09:00',
    ]) {
      expect(isoToMs(t)).toBe(Date.parse(t));
    }
  });
});
