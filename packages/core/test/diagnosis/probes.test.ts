import { describe, expect, it } from '@jest/globals';
import { classifyText, compileRetryPolicy, retryProfileOf } from '../../src/index.js';
import { bundledPolicy } from './policy-fixture.js';
import {
  DETERMINISTIC_PROBES as FIRST_DETERMINISTIC,
  TRANSIENT_PROBES as FIRST_TRANSIENT,
} from './probes/failure-probes.js';
import { HOLDOUT_FAILURE_PROBES } from './probes/holdout-probes.js';
import { THIRD_HOLDOUT_FAILURE_PROBES } from './probes/third-holdout-probes.js';

// The hand-written probe set (real tools' messages per family): each transient failure is worth a
// re-run; each deterministic look-alike never is.
const policy = bundledPolicy();
const compiled = compileRetryPolicy(policy);
const HOLDOUTS = [...HOLDOUT_FAILURE_PROBES, ...THIRD_HOLDOUT_FAILURE_PROBES];
const TRANSIENT_PROBES = [...FIRST_TRANSIENT, ...HOLDOUTS.filter((p) => p.label === 'transient')];
const DETERMINISTIC_PROBES = [...FIRST_DETERMINISTIC, ...HOLDOUTS.filter((p) => p.label === 'deterministic')];

describe('classifier probe set', () => {
  it.each(TRANSIENT_PROBES.map((p) => [p.name, p.log] as const))('transient: %s', (_name, log) => {
    expect(classifyText(compiled, log)).toMatchObject({ transient: true });
  });

  it.each(DETERMINISTIC_PROBES.map((p) => [p.name, p.log] as const))('deterministic: %s', (_name, log) => {
    expect(classifyText(compiled, log)).toMatchObject({ transient: false });
  });
});

describe('retry profiles', () => {
  it('conservative re-runs runner loss and GitHub infrastructure only; infra adds network, registry and rate limits', () => {
    const conservative = retryProfileOf(policy, 'conservative');
    const infra = retryProfileOf(policy, 'infra');
    expect(conservative.causes).toEqual(expect.arrayContaining(['runner_lost', 'runner_shutdown', 'github_5xx']));
    expect(conservative.causes).not.toEqual(expect.arrayContaining(['network']));
    expect(conservative.causes).not.toContain('registry_5xx');
    expect(conservative.causes).not.toContain('rate_limit');
    expect(infra.causes).toEqual(
      expect.arrayContaining(['runner_lost', 'github_5xx', 'network', 'registry_5xx', 'rate_limit', 'proxy_gateway']),
    );
    // Every transient cause is in the default profile; no deterministic one is in any.
    const transient = Object.entries(policy.causes)
      .filter(([, r]) => r.transient)
      .map(([c]) => c);
    expect([...infra.causes].sort()).toEqual([...transient].sort());
    expect(retryProfileOf(policy).name).toBe('infra');
  });

  it('every built-in transient cause names its family', () => {
    const unscoped = Object.entries(policy.causes).filter(([, r]) => r.transient && r.family === undefined);
    expect(unscoped).toEqual([]);
  });

  it('an unknown profile is a configuration error naming the ones there are', () => {
    expect(() => retryProfileOf(policy, 'aggressive')).toThrow(
      /"aggressive" is not defined: expected one of "conservative", "infra"/,
    );
  });
});
