import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, describePg } from '../../../packages/guard/test/support/postgres.js';
import { useActionHarness } from '@opsguard/testing';
import { run } from '../src/main.js';

const harness = useActionHarness();

interface ActiveSwitch {
  readonly scope: string;
  readonly target: string;
  readonly source: string;
  readonly reason: string | null;
  readonly updatedBy?: string | null;
}

const stateOf = (outputs: Readonly<Record<string, string>>) => JSON.parse(outputs['state'] ?? '') as ActiveSwitch[];

describe('killswitch action: configuration errors', () => {
  it.each([
    ['no command', {}, 'input "command" is required and was not supplied'],
    [
      'an unknown command',
      { command: 'pause' },
      'input "command" must be one of status, activate, deactivate, not "pause"',
    ],
    ['activate without a reason', { command: 'activate' }, 'input "reason" is required to activate a kill switch'],
    [
      'deactivate without a reason',
      { command: 'deactivate' },
      'input "reason" is required to deactivate a kill switch',
    ],
    [
      'activate with only the runner’s embedded store',
      { command: 'activate', reason: 'incident 42' },
      'a kill switch set on a runner needs a store: give supabase-url + supabase-key or database-url, or set the OPSGUARD_KILL repository variable instead',
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
  ])('%s: one line, exit code 1, nothing stored', async (_case, inputs, message) => {
    const step = await harness.runStep(run, inputs);
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([`Configuration error: ${message}`]);
    expect(step.outputs).toEqual({});
    expect(existsSync(join(harness.cwd(), '.opsguard'))).toBe(false);
  });
});

describe('killswitch action: scope and target are checked before the store is opened', () => {
  // A store nobody can reach: any attempt to open it would fail with a connection error instead.
  const unreachable = { 'database-url': 'postgres://opsguard@127.0.0.1:1/opsguard' };

  it.each([
    [
      'a service switch without a target',
      { scope: 'service' },
      'a service kill switch needs a target (the service or workflow to stop)',
    ],
    [
      'an action switch with a blank target',
      { scope: 'action', target: ' ' },
      'kill switch needs a target (the action type to stop)',
    ],
    ['a global switch given a target', { target: 'deploy' }, 'the global kill switch takes no target'],
  ])('%s: the configuration error, not a connection error', async (_case, inputs, message) => {
    const step = await harness.runStep(run, { ...unreachable, command: 'activate', reason: 'incident 42', ...inputs });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringMatching(/^Configuration error: /)]);
    expect(step.errors[0]).toContain(message);
  });
});

describe('killswitch action: status', () => {
  it('on a runner with nothing switched on: active false, an empty state, "automation runs"', async () => {
    const step = await harness.runStep(run, { command: 'status' });
    expect(step.exitCode).toBeUndefined();
    expect(step.outputs).toEqual({ active: 'false', state: '[]' });
    expect(step.summary).toContain('### OpsGuard kill switch: automation runs');
    expect(step.summary).toContain('No kill switch is on.');
  });

  it('the OPSGUARD_KILL variable passed as kill-variable counts: "true" stops everything', async () => {
    const step = await harness.runStep(run, { command: 'status', 'kill-variable': 'true' });
    expect(step.exitCode).toBeUndefined();
    expect(step.outputs['active']).toBe('true');
    expect(stateOf(step.outputs)).toEqual([
      expect.objectContaining({ scope: 'global', source: 'input', reason: 'OPSGUARD_KILL repository variable' }),
    ]);
    expect(step.summary).toContain('### OpsGuard kill switch: ALL automation stopped');
    expect(step.summary).toContain('| global |');
  });

  it('a variable naming one service stops part of the automation', async () => {
    const step = await harness.runStep(run, { command: 'status', 'kill-variable': 'service:github:acme/webshop:CI' });
    expect(step.outputs['active']).toBe('true');
    expect(stateOf(step.outputs)).toEqual([
      expect.objectContaining({ scope: 'service', target: 'github:acme/webshop:CI', source: 'input' }),
    ]);
    expect(step.summary).toContain('### OpsGuard kill switch: partly stopped');
  });
});

describePg('killswitch action with a Postgres store (database-url)', () => {
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('activate holds across steps until deactivate, with the reason and who did it', async () => {
    const store = { 'database-url': database.url };
    const on = await harness.runStep(run, {
      ...store,
      command: 'activate',
      scope: 'service',
      target: 'github:acme/webshop:Deploy',
      reason: 'incident 42: registry down',
    });
    expect(on.errors).toEqual([]);
    expect(on.exitCode).toBeUndefined();
    expect(on.outputs['active']).toBe('true');
    expect(stateOf(on.outputs)).toEqual([
      expect.objectContaining({
        scope: 'service',
        target: 'github:acme/webshop:Deploy',
        source: 'store',
        reason: 'incident 42: registry down',
        updatedBy: 'octocat via OpsGuard',
      }),
    ]);
    expect(on.summary).toContain('| service | github:acme/webshop:Deploy | store | incident 42: registry down |');

    const later = await harness.runStep(run, { ...store, command: 'status' });
    expect(later.outputs['active']).toBe('true');
    expect(stateOf(later.outputs)).toHaveLength(1);

    const off = await harness.runStep(run, {
      ...store,
      command: 'deactivate',
      scope: 'service',
      target: 'github:acme/webshop:Deploy',
      reason: 'registry back',
    });
    expect(off.exitCode).toBeUndefined();
    expect(off.outputs).toEqual({ active: 'false', state: '[]' });
    expect(off.summary).toContain('No kill switch is on.');
  });

  it.each([
    ['a global switch given a target', { scope: 'global', target: 'deploy' }, 'the global kill switch takes no target'],
    ['a service switch without a target', { scope: 'service' }, 'a service kill switch needs a target'],
  ])('%s: a configuration error, nothing switched on', async (_case, inputs, message) => {
    const step = await harness.runStep(run, {
      'database-url': database.url,
      command: 'activate',
      reason: 'test',
      ...inputs,
    });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringContaining(`Configuration error: ${message}`)]);
    const status = await harness.runStep(run, { 'database-url': database.url, command: 'status' });
    expect(status.outputs['active']).toBe('false');
  });
});
