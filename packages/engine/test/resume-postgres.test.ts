import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openPostgresStore, type Store } from '@opsguard/store';
import { createTestDatabase, describePg } from '@opsguard/testing';
import nock from 'nock';
import { handleRunEvent, runEventDepsOf } from '../src/index.js';
import { aRunWith, loopContext, repo, serveRepository } from './loop-fixture.js';

const NOW = new Date('2026-11-02T12:00:00Z');
const RUNNER_LOST =
  'The self-hosted runner: ci-runner-12 lost communication with the server. Verify the machine is running and has a healthy network connection.';

/**
 * Issue 16: a refusal releases the claim, so lifting the kill switch resumes — on the PostgreSQL
 * server as on PGlite (packages/engine/test/retry-engine.test.ts runs the same on PGlite).
 */
describePg('lifting the kill switch resumes, on PostgreSQL 15', () => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    store = await openPostgresStore({ connectionString: database.url });
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
    nock.cleanAll();
  });

  it('activate → refused → deactivate → the next trigger for the same run re-runs it', async () => {
    const { sent } = serveRepository([
      aRunWith({ id: 501, conclusion: 'failure', updated_at: '2026-11-02T11:00:00Z' }, RUNNER_LOST),
    ]);
    const { runtime } = await loopContext(NOW, { store });
    const deps = runEventDepsOf(runtime, {
      repo,
      actor: 'auto-retry',
      log: () => undefined,
      maxWaits: 0,
      outDir: null,
      timeZone: 'UTC',
    });
    const change = { scope: 'global' as const, target: '*', actor: 'oncall', at: NOW };
    await store.setKillSwitch({ ...change, active: true, reason: 'incident 7' });
    expect(await handleRunEvent(deps, 501)).toMatchObject({
      kind: 'decided',
      outcome: { act: { kind: 'refused', reason: 'kill_switch' } },
    });
    expect(sent).toEqual([]);
    await store.setKillSwitch({ ...change, active: false, reason: 'resolved' });
    expect(await handleRunEvent(deps, 501)).toMatchObject({
      kind: 'decided',
      outcome: { handled: true, act: { kind: 'requested', attempt: 2 } },
    });
    expect(sent.map((s) => s.path)).toEqual(['/repos/octo-org/app/actions/runs/501/rerun-failed-jobs']);
  });
});
