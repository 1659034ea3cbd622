// The demo's brake-and-rollback scene, on its own replay of the sample (so the audit scene's
// data stays as it was): a retry storm on Deploy trips the kill switch, which disables the
// workflow and cancels its runs (force-cancel for the one that ignores a cancel); then a rollback
// restores the config file the storm came from and the recovery handler re-enables and watches
// the next run. Every claim is printed from the replay's own state, not from what OpsGuard says.
import type { Sample } from '@opsguard/sample';
import type { Clock } from '@opsguard/engine';
import type { Store } from '@opsguard/store';

const DEPLOY = 61200421;
const FILE = 'config/deploy.json';
const GOOD = '{ "replicas": 2, "retries": 3 }\n';
const BAD = '{ "replicas": 2, "retries": 50 }\n';
const ACTOR = 'opsguard-demo';

type Say = (line: string) => void;

function aRun(sample: Sample, id: number, status: 'queued' | 'in_progress' | 'completed', at: Date) {
  const template = sample.runs.find((r) => r.workflow_id === DEPLOY) ?? sample.runs[0];
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    ...template!,
    id,
    run_number: id - 880_000,
    run_attempt: 1,
    status,
    conclusion: status === 'completed' ? 'success' : null,
    created_at: stamp,
    updated_at: stamp,
    run_started_at: stamp,
  } as Sample['runs'][number];
}

/**
 * Runs on `store`, the demo's own, so the kill-switch log and the rollback history reach the
 * evidence bundle the audit scene writes next (ROLLBACK_PROTOCOL.md states them).
 */
export async function brakeAndRollbackScene(sample: Sample, store: Store, clock: Clock, say: Say): Promise<void> {
  const [{ startReplayServer }, engine, { rollbackRecordsOf }, { setKillSwitch }] = await Promise.all([
    import('@opsguard/sample'),
    import('@opsguard/engine'),
    import('@opsguard/store'),
    import('@opsguard/guard'),
  ]);
  const started = performance.now();
  const now = clock.now();
  const queued = [880_101, 880_102, 880_103, 880_104, 880_105];
  const running = [880_201, 880_202, 880_203, 880_204, 880_205];
  const server = await startReplayServer({
    sample,
    now: () => clock.now(),
    runs: [
      ...queued.map((id) => aRun(sample, id, 'queued', now)),
      ...running.map((id) => aRun(sample, id, 'in_progress', now)),
    ],
    ignoresCancel: [880_205],
    git: {
      commits: [
        {
          message: 'deploy: 3 retries',
          files: { [FILE]: GOOD },
          at: new Date(now.getTime() - 86_400_000).toISOString(),
        },
        {
          message: 'deploy: retry up to 50 times',
          files: { [FILE]: BAD },
          at: new Date(now.getTime() - 3_600_000).toISOString(),
        },
      ],
    },
  });
  const repo = { owner: 'acme', repo: 'webshop' };
  const runtime = await engine.createRuntime({
    repo,
    token: 'demo-token-for-the-local-replay',
    apiUrl: server.url,
    env: {},
    store,
    cwd: process.cwd(),
    clock,
    random: () => 0.5,
    actor: ACTOR,
    log: () => undefined,
    killVariable: { kind: 'value', value: null, from: 'environment' },
    paceRequests: false,
    githubRetryBaseMs: 0,
    timeBudgetMs: 24 * 3_600_000,
  });
  const state = async (path: string) =>
    (await fetch(`${server.url}/repos/acme/webshop${path}`)).json() as Promise<Record<string, unknown>>;
  const workflowState = async () => String((await state(`/actions/workflows/${DEPLOY}`))['state']);
  const runStates = async (ids: readonly number[]) => {
    const out: string[] = [];
    for (const id of ids) {
      const run = await state(`/actions/runs/${id}`);
      out.push(`${String(run['status'])}/${String(run['conclusion'])}`);
    }
    return out;
  };
  try {
    const target = `github:acme/webshop:Deploy`;
    say('');
    say('── Brake and rollback: a retry storm on Deploy (50 retries per job since the last config change)');
    await setKillSwitch(
      store,
      { scope: 'service', target, reason: 'retry storm on Deploy', actor: ACTOR, at: clock.now() },
      true,
    );
    const stop = await engine.stopWorkflows(
      {
        client: runtime.client,
        repo,
        guard: runtime.guard,
        records: rollbackRecordsOf(store),
        now: () => clock.now(),
        sleep: (ms) => clock.sleep(ms),
      },
      { scope: 'service', target, reason: 'retry storm on Deploy', actor: ACTOR, self: null, allow: [] },
    );
    const all = [...queued, ...running];
    const after = await runStates(all);
    say(`Kill switch:     service ${target} on; record ${stop.recordId.slice(0, 48)}…`);
    say(
      `  replay state:  Deploy ${await workflowState()}; ${after.filter((s) => s === 'completed/cancelled').length}/${all.length} runs completed/cancelled (${stop.cancelled.length} cancelled, ${stop.forceCancelled.length} force-cancelled: run ${stop.forceCancelled.join(', ') || '–'} ignored the cancel)`,
    );

    const deps = engine.rollbackDepsOf(runtime, repo, ACTOR, () => undefined);
    const goodCommit = server.git.log('main')[1]?.sha ?? '';
    const planned = await engine.planRollback(deps, {
      trigger: { condition: 'critical-anomaly', detail: 'retry storm on Deploy after "deploy: retry up to 50 times"' },
      workflow: 'Deploy',
      stopWorkflow: false,
      secrets: [],
      files: [FILE],
      goodCommit,
      reenableDisabled: false,
      restoreVariables: false,
    });
    say(`Rollback plan:   ${planned.hash}`);
    for (const line of planned.lines) say(`  · ${line}`);
    const applied = await engine.applyRollback(deps, planned.plan, planned.hash);
    const head = server.git.log('main')[0];
    say(
      `Rollback apply:  ${applied.status}; replay state: ${FILE} at ${head?.sha.slice(0, 7)} (parent ${head?.parents[0]?.slice(0, 7)}) = ${JSON.stringify(server.git.fileAt('main', FILE)?.trim())}`,
    );

    const record = await rollbackRecordsOf(store).getRecord(stop.recordId);
    if (!record) throw new Error(`kill-switch record ${stop.recordId} not found`);
    const recovery = await engine.recoverAfterStop(
      {
        ...deps,
        store,
        channels: [],
        sleep: async (ms) => {
          await clock.sleep(ms);
          // The next push after the re-enable: a run of Deploy that succeeds with the restored config.
          server.addRuns([aRun(sample, 880_301, 'completed', clock.now())]);
        },
        deactivate: async () => {
          await setKillSwitch(
            store,
            { scope: 'service', target, reason: 'config restored', actor: ACTOR, at: clock.now() },
            false,
          );
        },
      },
      { record, watchMs: 30 * 60_000, pollMs: 60_000 },
    );
    say(`Recovery:        kill switch off → Deploy ${await workflowState()} → ${recovery.message}`);
    const history = await deps.history.list({ repo: 'acme/webshop' });
    say(
      `History:         ${history.length} rollback history entries (${[...new Set(history.map((e) => e.event))].join(', ')}); scene took ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    // The store is the demo's: the audit scene uses it next, so only the replay is closed here.
    await server.close();
  }
}
