import { expect, test } from '@jest/globals';
import { failureDef, type FailureKind } from '../src/generate/failures.js';
import { rerunOutcomes, TRANSIENT_RECOVERY_RATE } from '../src/generate/rerun-outcomes.js';

const failedRuns = (count: number, ...kinds: FailureKind[]) =>
  new Map(Array.from({ length: count }, (_, i) => [1_000 + i, kinds.map(failureDef)] as const));

test('a deterministic failure always fails again, alone or next to a transient one', () => {
  const outcomes = {
    ...rerunOutcomes(7, failedRuns(50, 'tsc-error')),
    ...rerunOutcomes(7, new Map([[2_000, [failureDef('npm-etimedout'), failureDef('jest-failures')]]])),
  };
  expect(new Set(Object.values(outcomes))).toEqual(new Set(['failure']));
});

test('a transient failure mostly recovers on a re-run', () => {
  const outcomes = Object.values(rerunOutcomes(7, failedRuns(1_000, 'runner-lost')));
  const share = outcomes.filter((o) => o === 'success').length / outcomes.length;
  expect(share).toBeGreaterThan(TRANSIENT_RECOVERY_RATE - 0.05);
  expect(share).toBeLessThan(TRANSIENT_RECOVERY_RATE + 0.05);
  expect(outcomes).toContain('failure');
});

test('is the same for the same seed, keyed by run id in ascending order', () => {
  const runs = failedRuns(20, 'npm-registry-503');
  const reversed = new Map([...runs].reverse());
  const outcomes = rerunOutcomes(42, reversed);
  expect(outcomes).toEqual(rerunOutcomes(42, runs));
  expect(Object.keys(outcomes)).toEqual([...runs.keys()].map(String));
});
