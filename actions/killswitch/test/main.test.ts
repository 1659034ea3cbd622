import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useActionHarness } from '@opsguard/testing';
import { run } from '../src/main.js';

// The replay-backed runs (store-less variable, Postgres store) are in main.slow.test.ts.
const harness = useActionHarness();

describe('killswitch action: configuration errors', () => {
  it.each([
    ['no command', {}, 'input "command" is required and was not supplied'],
    [
      'an unknown command',
      { command: 'pause' },
      'input "command" must be one of status, activate, deactivate, list, not "pause"',
    ],
    ['activate without a reason', { command: 'activate' }, 'input "reason" is required to activate a kill switch'],
    [
      'deactivate without a reason',
      { command: 'deactivate' },
      'input "reason" is required to deactivate a kill switch',
    ],
    [
      'an unknown scope',
      { command: 'status', scope: 'team' },
      'input "scope" must be one of global, service, action, not "team"',
    ],
    [
      'a Supabase URL without its key',
      { command: 'activate', reason: 'incident 42', 'supabase-url': 'https://abc.supabase.co' },
      'inputs "supabase-url" and "supabase-key" go together: "supabase-key" is missing',
    ],
    ['since that is no date', { command: 'list', since: 'yesterday' }, 'input "since" must be a date or time'],
    [
      'a watch without restore',
      { command: 'deactivate', reason: 'over', 'verify-minutes': '30' },
      'input "verify-minutes" watches what a deactivate with restore: true re-enables',
    ],
    [
      'a watch on activate',
      { command: 'activate', reason: 'storm', restore: 'true', 'verify-minutes': '30' },
      'input "verify-minutes" watches what a deactivate with restore: true re-enables',
    ],
    [
      'a watch too long',
      { command: 'deactivate', reason: 'over', restore: 'true', 'verify-minutes': '999' },
      'input "verify-minutes"',
    ],
  ])('%s: one line, exit code 1, nothing stored', async (_case, inputs, message) => {
    process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
    const step = await harness.runStep(run, { token: 't0ken-for-tests', ...inputs });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringContaining(`Configuration error: ${message}`)]);
    expect(step.outputs).toEqual({});
    expect(existsSync(join(harness.cwd(), '.opsguard'))).toBe(false);
  });

  it.each([
    ['a service switch without a target', { scope: 'service' }, 'a service kill switch needs a target'],
    ['a global switch given a target', { target: 'deploy' }, 'the global kill switch takes no target'],
  ])('%s: the configuration error before anything is opened', async (_case, inputs, message) => {
    const step = await harness.runStep(run, {
      token: 't0ken-for-tests',
      'database-url': 'postgres://opsguard@127.0.0.1:1/opsguard',
      command: 'activate',
      reason: 'incident 42',
      ...inputs,
    });
    expect(step.exitCode).toBe(1);
    expect(step.errors[0]).toContain(message);
  });
});
