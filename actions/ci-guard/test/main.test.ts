import { describe, expect, it } from '@jest/globals';
import { useActionHarness } from '@opsguard/testing';
import { run } from '../src/main.js';

const harness = useActionHarness();

function inRun(attempt = '1'): void {
  process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
  process.env['GITHUB_WORKFLOW'] = 'CI';
  process.env['GITHUB_RUN_ATTEMPT'] = attempt;
}

describe('ci-guard action', () => {
  it('nothing stops the job: allowed=true, and the summary says what was checked', async () => {
    inRun();
    const step = await harness.runStep(run, { 'kill-variable': 'false', token: '' });
    expect(step.exitCode).toBeUndefined();
    expect(step.outputs).toEqual({ allowed: 'true', violations: '[]' });
    expect(step.summary).toContain('### OpsGuard CI guard: allowed');
    expect(step.summary).toContain('No store: the circuit is not checked');
  });

  it.each([
    ['the global switch', { 'kill-variable': 'true' }, '1', 'kill-switch', 'the global kill switch is on'],
    [
      'a switch on this workflow',
      { 'kill-variable': 'service:github:acme/webshop:CI' },
      '1',
      'kill-switch',
      'the service kill switch for github:acme/webshop:CI is on',
    ],
    [
      'a switch on one of its services',
      { 'kill-variable': 'service:deploy-prod', services: 'deploy-prod' },
      '1',
      'kill-switch',
      'for deploy-prod is on',
    ],
    [
      'an attempt over the limit',
      { 'kill-variable': '', 'max-attempts': '3' },
      '4',
      'retry-limit',
      'attempt 4 is over the retry limit of 3',
    ],
  ])('%s: the job fails early with the reason', async (_case, inputs, attempt, kind, message) => {
    inRun(attempt);
    const step = await harness.runStep(run, { token: '', ...inputs });
    expect(step.exitCode).toBe(1);
    expect(step.outputs['allowed']).toBe('false');
    expect(JSON.parse(step.outputs['violations'] ?? '[]')).toEqual([
      { kind, message: expect.stringContaining(message) },
    ]);
    expect(step.summary).toContain('### OpsGuard CI guard: STOPPED');
    expect(step.errors).toEqual([expect.stringContaining(message)]);
  });

  it('a switch on another workflow does not stop this one', async () => {
    inRun();
    const step = await harness.runStep(run, { 'kill-variable': 'service:github:acme/webshop:Deploy', token: '' });
    expect(step.outputs['allowed']).toBe('true');
  });

  it('fail: false only reports', async () => {
    inRun();
    const step = await harness.runStep(run, { 'kill-variable': 'true', fail: 'false', token: '' });
    expect(step.exitCode).toBeUndefined();
    expect(step.outputs['allowed']).toBe('false');
  });

  it('a bad max-attempts: a configuration error', async () => {
    inRun();
    const step = await harness.runStep(run, { 'max-attempts': 'many' });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringMatching(/^Configuration error: input "max-attempts"/)]);
  });
});
