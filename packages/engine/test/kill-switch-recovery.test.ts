// The recovery handler behind `deactivate --restore` with a watch: the kill switch re-enables
// exactly what it disabled, watches each re-enabled workflow's next run (bounded, virtual time),
// reports it in the summary and the channels, and records it in the rollback history.
import { afterEach, describe, expect, test } from '@jest/globals';
import { defaultSampleDir, loadSample, startReplayServer, type ReplayServer } from '@opsguard/sample';
import { MemoryStore, rollbackHistoryOf } from '@opsguard/store';
import { aWorkflowRun } from '@opsguard/testing';
import { killSwitchSummary, runKillSwitch, virtualClock, type KillSwitchCommand } from '../src/index.js';

const REPO = { owner: 'acme', repo: 'webshop' };
const DEPLOY = 61200421;
const TARGET = 'github:acme/webshop:Deploy';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function killAndRecover(nextConclusion: 'success' | 'failure' | null, verifyMs: number) {
  const sample = await loadSample(defaultSampleDir());
  const clock = virtualClock(new Date(sample.manifest.now));
  const s = await startReplayServer({ sample, now: clock.now });
  server = s;
  const store = new MemoryStore();
  const setup = {
    repo: REPO,
    token: 'ghp_killRecoveryTestToken000000000000000',
    apiUrl: s.url,
    env: {},
    store,
    cwd: process.cwd(),
    killVariable: { kind: 'value' as const, value: null, from: 'input' as const },
    clock,
    paceRequests: false,
    githubRetryBaseMs: 0,
    timeBudgetMs: 60 * 60_000,
    log: () => undefined,
  };
  const base: KillSwitchCommand = {
    command: 'activate',
    scope: 'service',
    target: TARGET,
    reason: 'retry storm',
    actor: 'mona',
    stopRuns: true,
    restore: false,
    forceAfterMs: 0,
    self: null,
  };
  const on = await runKillSwitch(setup, base);
  expect(on.stop?.workflows).toEqual([expect.objectContaining({ id: DEPLOY, outcome: 'disabled' })]);
  if (nextConclusion !== null) {
    // The next run of Deploy, started a minute after the re-enable (GitHub's shape).
    const at = new Date(clock.now().getTime() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    s.addRuns([
      aWorkflowRun({
        id: 880_777,
        name: 'Deploy',
        workflow_id: DEPLOY,
        status: 'completed',
        conclusion: nextConclusion,
        created_at: at,
        updated_at: at,
      }),
    ]);
  }
  const started = clock.now().getTime();
  const off = await runKillSwitch(setup, {
    ...base,
    command: 'deactivate',
    reason: 'storm over',
    restore: true,
    verifyMs,
  });
  const state = (
    (await (await fetch(`${s.url}/repos/acme/webshop/actions/workflows/${DEPLOY}`)).json()) as {
      state: string;
    }
  ).state;
  const history = await rollbackHistoryOf(store).list({ repo: 'acme/webshop' });
  return { off, state, history, elapsedMs: clock.now().getTime() - started };
}

describe('deactivate --restore with a watch runs the recovery handler', () => {
  test('the next run succeeds: verified, reported, recorded', async () => {
    const { off, state, history } = await killAndRecover('success', 10 * 60_000);
    expect(state).toBe('active');
    expect(off.verified).toBe(true);
    expect(off.restore?.workflows).toEqual([expect.objectContaining({ id: DEPLOY, outcome: 'enabled' })]);
    expect(off.recovery).toMatchObject({
      ok: true,
      reenabled: [DEPLOY],
      watched: [
        expect.objectContaining({ id: DEPLOY, verdict: 'recovered', run: expect.objectContaining({ id: 880_777 }) }),
      ],
    });
    expect(history.map((h) => h.event)).toContain('recovery-verified');
    const summary = killSwitchSummary(off);
    expect(summary).toContain('#### Recovery: verified');
    expect(summary).toContain('| Deploy | 880777 success | recovered |');
  });

  test('the next run fails: not recovered, said in the summary and the history', async () => {
    const { off, history } = await killAndRecover('failure', 10 * 60_000);
    expect(off.recovery).toMatchObject({ ok: false, watched: [expect.objectContaining({ verdict: 'failed' })] });
    expect(history.map((h) => h.event)).toContain('recovery-failed');
    expect(killSwitchSummary(off)).toContain('#### Recovery: **not recovered**');
  });

  test('no next run: the watch ends at its limit (virtual time), not later', async () => {
    const { off, elapsedMs } = await killAndRecover(null, 5 * 60_000);
    expect(off.recovery).toMatchObject({
      ok: false,
      watched: [expect.objectContaining({ verdict: 'not-run', run: null })],
    });
    expect(elapsedMs).toBeGreaterThanOrEqual(4 * 60_000);
    expect(elapsedMs).toBeLessThanOrEqual(6 * 60_000);
  });

  test('without a watch: the re-enable only, no recovery', async () => {
    const { off, state, history } = await killAndRecover('success', 0);
    expect(state).toBe('active');
    expect(off.recovery).toBeNull();
    expect(history.map((h) => h.event)).not.toContain('recovery-verified');
  });
});
