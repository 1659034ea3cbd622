// The store-less kill switch records OPSGUARD_KILL's value before writing it (in its rollback
// record, kept in OPSGUARD_KILL_RECORD), so `deactivate --restore` and rollback's "restore
// variables" put back exactly that value; a value a person wrote since is kept.
import { afterEach, describe, expect, test } from '@jest/globals';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayServer } from '@opsguard/sample';
import {
  killSwitchSummary,
  parseRecordVariable,
  runKillSwitch,
  runRollback,
  virtualClock,
  type KillSwitchCommand,
  type KillSwitchReport,
} from '../src/index.js';

const REPO = { owner: 'acme', repo: 'webshop' };
const NIGHTLY_SWITCH = 'service:github:acme/webshop:Nightly';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function replay(variables: Record<string, string> = {}): Promise<{
  s: ReplayServer;
  kill: (cmd: Partial<KillSwitchCommand>) => Promise<KillSwitchReport>;
  clock: ReturnType<typeof virtualClock>;
}> {
  const sample = await loadSample(defaultSampleDir());
  const clock = virtualClock(new Date(sample.manifest.now));
  const s = await startReplayServer({ sample, now: clock.now, variables });
  server = s;
  const setup = {
    repo: REPO,
    token: 'ghp_killVariableTestToken00000000000000',
    apiUrl: s.url,
    env: {},
    store: { kind: 'none' as const },
    cwd: process.cwd(),
    killVariable: { kind: 'value' as const, value: null, from: 'input' as const },
    clock,
    paceRequests: false,
    githubRetryBaseMs: 0,
    log: () => undefined,
  };
  const kill = (cmd: Partial<KillSwitchCommand>) =>
    runKillSwitch(setup, {
      command: 'activate',
      scope: 'global',
      target: '*',
      reason: 'retry storm',
      actor: 'mona',
      stopRuns: false,
      restore: false,
      self: null,
      ...cmd,
    });
  return { s, kill, clock };
}

async function variable(s: ReplayServer, name: string): Promise<string | null> {
  const response = await fetch(`${s.url}/repos/acme/webshop/actions/variables/${name}`);
  return response.status === 404 ? null : ((await response.json()) as { value: string }).value;
}

/** A person writing the variable by hand (the replay's PATCH, as GitHub's UI would). */
async function personWrites(s: ReplayServer, value: string): Promise<void> {
  const response = await fetch(`${s.url}/repos/acme/webshop/actions/variables/OPSGUARD_KILL`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'OPSGUARD_KILL', value }),
  });
  expect(response.status).toBe(204);
}

const writes = (s: ReplayServer, name: string) =>
  s
    .requests()
    .map((r, i) => ({ ...r, i }))
    .filter(
      (r) =>
        r.method !== 'GET' && (r.path.endsWith(`/variables/${name}`) || (r.body as { name?: string })?.name === name),
    );

async function recordOf(s: ReplayServer) {
  const [record] = parseRecordVariable(await variable(s, 'OPSGUARD_KILL_RECORD'));
  return record;
}

describe('the kill switch records OPSGUARD_KILL before writing it', () => {
  test('prior value absent: recorded as <absent> before the write; rollback plans its deletion; --restore deletes it', async () => {
    const { s, kill } = await replay();
    const on = await kill({});
    expect(on.verified).toBe(true);
    expect(await variable(s, 'OPSGUARD_KILL')).toBe('true');
    // The record (with the prior value) was written before the variable it records.
    const [firstRecordWrite] = writes(s, 'OPSGUARD_KILL_RECORD');
    const [killWrite] = writes(s, 'OPSGUARD_KILL');
    expect(firstRecordWrite!.i).toBeLessThan(killWrite!.i);
    expect(JSON.stringify(firstRecordWrite!.body)).toContain('\\"variable:OPSGUARD_KILL\\":\\"<absent>\\"');
    const record = await recordOf(s);
    expect(record?.priorState).toEqual({ 'variable:OPSGUARD_KILL': '<absent>' });
    expect(record?.steps.find((st) => st.id === 'write-variable:OPSGUARD_KILL')?.detail).toBe('true');

    // Rollback's "restore repository variables OpsGuard changed" reads the same record.
    const planned = await runRollback(
      {
        repo: REPO,
        token: 'ghp_killVariableTestToken00000000000000',
        apiUrl: s.url,
        env: {},
        store: { kind: 'none' },
        cwd: process.cwd(),
        killVariable: { kind: 'value', value: null, from: 'input' },
        paceRequests: false,
        githubRetryBaseMs: 0,
        actor: 'mona',
        hashField: 'plan-sha256',
        log: () => undefined,
      },
      {
        command: 'plan',
        trigger: { condition: 'manual', detail: 'undo' },
        steps: { stopWorkflow: false, secrets: [], files: [], reenableDisabled: false, restoreVariables: true },
      },
    );
    expect(planned.planned?.plan.steps).toEqual([
      { kind: 'restore-variable', name: 'OPSGUARD_KILL', value: null, changedBy: record?.id },
    ]);

    const off = await kill({ command: 'deactivate', reason: 'storm over', restore: true });
    expect(off.verified).toBe(true);
    expect(off.variable).toEqual({ outcome: 'deleted', value: null });
    expect(killSwitchSummary(off)).toContain('OPSGUARD_KILL deleted: it did not exist before the kill switch.');
    expect(await variable(s, 'OPSGUARD_KILL')).toBeNull();
    expect((await recordOf(s))?.status).toBe('restored');
  });

  test('prior value present: --restore puts back exactly that value (not "false"); a second activate keeps the first prior', async () => {
    const { s, kill } = await replay({ OPSGUARD_KILL: NIGHTLY_SWITCH });
    await kill({});
    // The global switch overwrites the narrower one (GitHub holds one value): only the record knows it.
    expect(await variable(s, 'OPSGUARD_KILL')).toBe('true');
    await kill({ reason: 'still storming' });
    expect((await recordOf(s))?.priorState['variable:OPSGUARD_KILL']).toBe(NIGHTLY_SWITCH);

    const off = await kill({ command: 'deactivate', reason: 'storm over', restore: true });
    expect(off.variable).toEqual({ outcome: 'restored', value: NIGHTLY_SWITCH });
    expect(await variable(s, 'OPSGUARD_KILL')).toBe(NIGHTLY_SWITCH);
    // The person's own switch still holds.
    expect(off.status.active).toEqual([
      expect.objectContaining({ scope: 'service', target: 'github:acme/webshop:Nightly' }),
    ]);
  });

  test('without --restore only this switch comes out: the prior value is not put back', async () => {
    const { s, kill } = await replay({ OPSGUARD_KILL: NIGHTLY_SWITCH });
    await kill({ scope: 'service', target: 'github:acme/webshop:CI' });
    expect(await variable(s, 'OPSGUARD_KILL')).toBe(`${NIGHTLY_SWITCH},service:github:acme/webshop:CI`);
    const off = await kill({ command: 'deactivate', scope: 'service', target: 'github:acme/webshop:CI', reason: 'ok' });
    expect(off.variable).toBeNull();
    expect(await variable(s, 'OPSGUARD_KILL')).toBe(NIGHTLY_SWITCH);
  });

  test('a value a person wrote after the kill switch is kept by --restore (only this switch comes out)', async () => {
    const { s, kill } = await replay();
    const ci = { scope: 'service' as const, target: 'github:acme/webshop:CI' };
    await kill(ci);
    await personWrites(s, 'service:github:acme/webshop:CI,action:rerun');
    const off = await kill({ ...ci, command: 'deactivate', reason: 'loop over', restore: true });
    expect(off.variable).toEqual({ outcome: 'kept', value: 'action:rerun' });
    expect(await variable(s, 'OPSGUARD_KILL')).toBe('action:rerun');

    // A person's value that no longer names this switch is not even rewritten. (The same virtual
    // instant: the new activation gets a new record, not the restored one.)
    await kill(ci);
    await personWrites(s, 'action:deploy');
    const before = writes(s, 'OPSGUARD_KILL').length;
    const again = await kill({ ...ci, command: 'deactivate', reason: 'loop over', restore: true });
    expect(again.variable).toEqual({ outcome: 'kept', value: 'action:deploy' });
    expect(writes(s, 'OPSGUARD_KILL')).toHaveLength(before);
    expect(await variable(s, 'OPSGUARD_KILL')).toBe('action:deploy');
  });
});
