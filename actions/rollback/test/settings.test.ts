import { describe, expect, it } from '@jest/globals';
import { useActionHarness } from '@opsguard/testing';
import { readSettings } from '../src/settings.js';

// Settings alone: the typed object the action works from (main.test.ts runs the step).
useActionHarness();

function inputs(values: Readonly<Record<string, string>>): void {
  process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
  for (const [name, value] of Object.entries(values)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

describe('rollback settings', () => {
  it('plan by default; switches left empty take the rules’ defaults (undefined)', () => {
    inputs({ token: 'ghp_settingsToken0000000000000000000' });
    const s = readSettings();
    expect(s).toMatchObject({
      command: 'plan',
      planSha256: undefined,
      condition: 'manual',
      reason: 'by hand',
      owner: 'acme',
      repo: 'webshop',
      outDir: '.opsguard/rollback',
      store: { kind: 'none' },
      timeBudgetMs: 600_000,
      forceAfterMs: 120_000,
      steps: {
        workflow: undefined,
        stopWorkflow: undefined,
        secrets: [],
        files: [],
        reenableDisabled: undefined,
        restoreVariables: undefined,
      },
    });
  });

  it('the steps: lists one per line or comma-separated, switches by YAML rules, the hash lower-cased', () => {
    inputs({
      token: 'ghp_settingsToken0000000000000000000',
      command: 'apply',
      'plan-sha256': 'A'.repeat(64),
      'database-url': 'postgres://opsguard@127.0.0.1:1/opsguard',
      workflow: 'Deploy',
      'stop-workflow': 'false',
      'secret-names': 'NPM_TOKEN\nproduction/AWS_ROLE',
      files: 'config/deploy.json, config/flags.json',
      'good-commit': 'c'.repeat(40),
      reenable: 'no',
      'restore-variables': 'true',
      condition: 'secret-leak',
      'time-budget-minutes': '5',
      'force-after': '30',
    });
    const s = readSettings();
    expect(s.planSha256).toBe('a'.repeat(64));
    expect(s.planFile).toBeUndefined();
    expect(s.store.kind).toBe('postgres');
    expect(s.condition).toBe('secret-leak');
    expect(s.timeBudgetMs).toBe(300_000);
    expect(s.forceAfterMs).toBe(30_000);
    expect(s.steps).toEqual({
      workflow: 'Deploy',
      stopWorkflow: false,
      secrets: ['NPM_TOKEN', 'production/AWS_ROLE'],
      files: ['config/deploy.json', 'config/flags.json'],
      goodCommit: 'c'.repeat(40),
      branch: undefined,
      reenableDisabled: false,
      restoreVariables: true,
    });
  });

  it.each([
    ['no token', {}, 'input "token" is required'],
    ['a switch that is no boolean', { reenable: 'maybe' }, 'input "reenable"'],
    ['a bad repository', { repository: 'just-a-name' }, 'repository'],
    ['a negative force-after', { 'force-after': '-5' }, 'input "force-after"'],
    ['a force-after that is no number', { 'force-after': '2m' }, 'input "force-after"'],
  ])('%s: a configuration error', (_case, values, message) => {
    inputs({ token: 'ghp_settingsToken0000000000000000000', ...values });
    if (_case === 'no token') delete process.env['INPUT_TOKEN'];
    expect(() => readSettings()).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', message: expect.stringContaining(message) }),
    );
  });
});
