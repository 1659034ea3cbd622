import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, describePg } from '../../../packages/guard/test/support/postgres.js';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayFault, type ReplayServer } from '@opsguard/sample';
import { aWorkflowRun, useActionHarness } from '@opsguard/testing';
import { run } from '../src/main.js';

// On the replay with the GitHub client's real write pacing (≥ 1 s between writes): slow.

const harness = useActionHarness();
const CI = 61200417;
const LINT = 61200418;

interface ActiveSwitch {
  readonly scope: string;
  readonly target: string;
  readonly source: string;
  readonly reason: string | null;
  readonly updatedBy?: string | null;
}

const stateOf = (outputs: Readonly<Record<string, string>>) => JSON.parse(outputs['state'] ?? '') as ActiveSwitch[];

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The sample repository on 127.0.0.1 with a queued and a running CI run; Lint disabled by a person. */
async function replay(faults: ReplayFault[] = []): Promise<Record<string, string>> {
  const sample = await loadSample(defaultSampleDir());
  const running = (id: number, status: 'queued' | 'in_progress') =>
    aWorkflowRun({ id, workflow_id: CI, status, conclusion: null, created_at: '2026-11-20T10:20:00Z' });
  server = await startReplayServer({
    sample,
    now: () => new Date(sample.manifest.now),
    runs: [running(801, 'queued'), running(802, 'in_progress')],
    ignoresCancel: [802],
    disabledWorkflows: ['lint.yml'],
    faults,
  });
  process.env['GITHUB_API_URL'] = server.url;
  process.env['GITHUB_REPOSITORY'] = 'acme/webshop';
  process.env['GITHUB_WORKFLOW_REF'] = 'acme/webshop/.github/workflows/release.yml@refs/heads/main';
  return { token: 'ghp_replaytoken000000000000000000000000' };
}

async function workflowState(id: number): Promise<string> {
  const response = await fetch(`${server?.url}/repos/acme/webshop/actions/workflows/${id}`);
  return ((await response.json()) as { state: string }).state;
}

async function variable(name: string): Promise<string | null> {
  const response = await fetch(`${server?.url}/repos/acme/webshop/actions/variables/${name}`);
  return response.status === 404 ? null : ((await response.json()) as { value: string }).value;
}

describe('killswitch action without a store: the OPSGUARD_KILL variable', () => {
  it('a token that may not write variables: one error naming the token needed, nothing changed', async () => {
    const inputs = await replay([{ method: 'GET', path: /\/actions\/variables\//, status: 403, times: 10 }]);

    const step = await harness.runStep(run, { ...inputs, command: 'activate', reason: 'retry storm' });

    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([expect.stringContaining('Variables: write')]);
    expect(step.errors[0]).toContain('GITHUB_TOKEN cannot');
    expect(server?.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await workflowState(CI)).toBe('active');
  });

  it('activate stops the runs and keeps the record in a variable; deactivate with restore on a later step undoes exactly that', async () => {
    const inputs = await replay();

    const on = await harness.runStep(run, {
      ...inputs,
      command: 'activate',
      reason: 'retry storm',
      'force-after': '0',
    });

    expect(on.errors).toEqual([]);
    expect(on.outputs['verified']).toBe('true');
    expect(on.outputs['active']).toBe('true');
    expect(await variable('OPSGUARD_KILL')).toBe('true');
    expect(await workflowState(CI)).toBe('disabled_manually');
    expect(await workflowState(61200422)).toBe('active'); // release.yml runs this step: spared
    expect(on.summary).toContain('| CI | active | disabled |');
    expect(on.summary).toContain('| Release | active | spared-self |');
    expect(on.summary).toContain('Cancelled 2 run(s), force-cancelled 1; still running: 0.');
    const record = JSON.parse((await variable('OPSGUARD_KILL_RECORD')) ?? '{}') as {
      records: { prior_state: Record<string, string>; status: string }[];
    };
    expect(record.records[0]?.prior_state[`workflow:${LINT}`]).toBe('disabled_manually');
    expect(record.records[0]?.status).toBe('applied');
    const issue = server?.requests().find((r) => r.method === 'POST' && r.path.endsWith('/issues'));
    expect((issue?.body as { title: string }).title).toBe('[OpsGuard] Kill switch ON: all automation stopped');

    const off = await harness.runStep(run, { ...inputs, command: 'deactivate', reason: 'storm over', restore: 'true' });

    expect(off.errors).toEqual([]);
    expect(off.outputs['verified']).toBe('true');
    expect(off.outputs['active']).toBe('false');
    // It did not exist before the kill switch: --restore deletes it.
    expect(await variable('OPSGUARD_KILL')).toBeNull();
    expect(await workflowState(CI)).toBe('active');
    expect(await workflowState(LINT)).toBe('disabled_manually');
    expect(off.summary).toContain('| Lint | left-disabled |');
  });

  it('status and list read the variable and the kept record', async () => {
    const inputs = await replay();
    await harness.runStep(run, {
      ...inputs,
      command: 'activate',
      scope: 'service',
      target: 'CI',
      reason: 'loop',
      'force-after': '0',
    });

    const status = await harness.runStep(run, { ...inputs, command: 'status' });
    expect(stateOf(status.outputs)).toEqual([
      expect.objectContaining({ scope: 'service', target: 'CI', source: 'api' }),
    ]);

    const list = await harness.runStep(run, { ...inputs, command: 'list', scope: 'service' });
    expect(list.summary).toContain('service:CI — applied');
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

  it('activate holds across steps until deactivate, with the reason and who did it; list shows the log', async () => {
    const inputs = { ...(await replay()), 'database-url': database.url };
    const on = await harness.runStep(run, {
      ...inputs,
      command: 'activate',
      scope: 'service',
      target: 'github:acme/webshop:Deploy',
      reason: 'incident 42: registry down',
      'force-after': '0',
    });
    expect(on.errors).toEqual([]);
    expect(on.outputs['active']).toBe('true');
    expect(stateOf(on.outputs)).toEqual([
      expect.objectContaining({
        scope: 'service',
        target: 'github:acme/webshop:Deploy',
        source: 'store',
        reason: 'incident 42: registry down',
      }),
    ]);
    expect(await workflowState(61200421)).toBe('disabled_manually');
    expect(await variable('OPSGUARD_KILL')).toBeNull();

    const off = await harness.runStep(run, {
      ...inputs,
      command: 'deactivate',
      scope: 'service',
      target: 'github:acme/webshop:Deploy',
      reason: 'registry back',
      restore: 'true',
    });
    expect(off.errors).toEqual([]);
    expect(off.outputs['active']).toBe('false');
    expect(await workflowState(61200421)).toBe('active');

    const list = await harness.runStep(run, { ...inputs, command: 'list', since: '2000-01-01' });
    expect(list.summary).toContain('| service | github:acme/webshop:Deploy | on |');
    expect(list.summary).toContain('| service | github:acme/webshop:Deploy | off |');
    expect(list.summary).toContain('— restored');
  });
});
