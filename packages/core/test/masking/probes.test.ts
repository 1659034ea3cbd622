import { describe, expect, it } from '@jest/globals';
import { createSanitizer } from '../../src/masking/index.js';
import { HOLDOUT_CLEAN_PROBES, HOLDOUT_SECRET_PROBES } from './probes/holdout-probes.js';
import { CLEAN_PROBES as FIRST_CLEAN, SECRET_PROBES as FIRST_SECRETS } from './probes/secret-probes.js';
import { leftOver, scoreSanitizer } from './probes/score.js';
import { THIRD_HOLDOUT_CLEAN_PROBES, THIRD_HOLDOUT_SECRET_PROBES } from './probes/third-holdout-probes.js';

// The hand-written probe set (providers' documented formats, public rule sets, real tools' output):
// every secret gone with no run of 8 of its characters left, every clean line unchanged.
const sanitizer = createSanitizer();
const SECRET_PROBES = [...FIRST_SECRETS, ...HOLDOUT_SECRET_PROBES, ...THIRD_HOLDOUT_SECRET_PROBES];
const CLEAN_PROBES = [...FIRST_CLEAN, ...HOLDOUT_CLEAN_PROBES, ...THIRD_HOLDOUT_CLEAN_PROBES];

describe('sanitiser probe set: secrets', () => {
  it.each(SECRET_PROBES.map((p) => [p.name, p] as const))('%s', (_name, probe) => {
    const masked = sanitizer.sanitize(probe.text);
    expect(leftOver(probe, masked)).toBeUndefined();
    expect(masked).toContain('***');
  });
});

describe('sanitiser probe set: clean lines', () => {
  it.each(CLEAN_PROBES.map((p) => [p.name, p] as const))('%s', (_name, probe) => {
    expect(sanitizer.sanitize(probe.text)).toBe(probe.text);
  });
});

describe('sanitiser probe set: the score the bench prints', () => {
  it('counts a leak and a changed clean line', () => {
    const keepNothing = (text: string) => text;
    const score = scoreSanitizer(keepNothing, SECRET_PROBES.slice(0, 2), CLEAN_PROBES.slice(0, 1));
    expect(score).toMatchObject({ secrets: 2, masked: 0, clean: 1, changed: 0 });
    const maskAll = () => '***';
    expect(scoreSanitizer(maskAll, [], CLEAN_PROBES.slice(0, 3)).changed).toBe(3);
  });

  it('finds a half-masked installation token', () => {
    const probe = SECRET_PROBES.find((p) => p.name === 'installation token: env assignment');
    expect(probe).toBeDefined();
    if (!probe) return;
    const half = probe.text.slice(0, 200) + '***';
    expect(leftOver(probe, half)).toBeDefined();
  });
});
