import { assertTimeZone, ConfigurationError, isFailedRun } from '@opsguard/core';
import type { AuditLoopResult, Clock, RunEventDeps, RunEventResult } from '@opsguard/engine';
import { booleanOption, stringOption } from '../args.js';
import { writeLine, type CliCommand, type CliIo } from '../command.js';
import { outputDirectory } from '../out-dir.js';
import { printAudit } from '../report/print-audit.js';
import {
  printSelfHealing,
  type FinishedRerun,
  type HealingEvent,
  type SelfHealing,
} from '../report/print-self-healing.js';
import { sampleSource, sampleStateDir, type RunSource } from '../source.js';

/** How long the demo lets the virtual clock run for the re-runs to finish. */
const WAIT_MS = 45 * 60_000;
/** How often the demo looks for completed re-runs (GitHub sends the event within a minute or so). */
const STEP_MS = 60_000;
const RETRY_WINDOW_MS = 24 * 3_600_000;
const ACTOR = 'opsguard-demo';

interface DemoSetup {
  readonly source: RunSource & { readonly clock: NonNullable<RunSource['clock']> };
  readonly outDir: string;
  readonly timeZone: string;
  readonly io: CliIo;
}

/** The demo's clock is virtual (45 minutes of re-runs pass in a second): a day of budget. */
const DEMO_TIME_BUDGET_MS = 24 * 3_600_000;

/** What the auto-retry workflow builds for one `workflow_run` event, on the demo's store, clock and replay. */
async function runEventDeps(setup: DemoSetup): Promise<RunEventDeps> {
  const { createRuntime, runEventDepsOf } = await import('@opsguard/engine');
  const { source, io } = setup;
  const log = (line: string) => writeLine(io.stderr, line);
  const runtime = await createRuntime({
    repo: source.repo,
    token: source.token,
    apiUrl: source.apiUrl,
    env: io.env,
    cwd: io.cwd,
    store: source.store,
    clock: source.clock,
    ...(source.random !== undefined && { random: source.random }),
    ...(source.paceRequests !== undefined && { paceRequests: source.paceRequests }),
    killVariable: source.killVariable,
    timeBudgetMs: DEMO_TIME_BUDGET_MS,
    actor: ACTOR,
    log,
    policyFiles: {},
  });
  // Not closed here: the store is the demo's, and the audit loop closes it at the end.
  return runEventDepsOf(runtime, {
    repo: source.repo,
    actor: ACTOR,
    log,
    maxWaits: 3,
    outDir: setup.outDir,
    timeZone: setup.timeZone,
  });
}

/** Latest attempts that failed in the last 24 h, in the order their `workflow_run` events came. */
async function recentFailures(deps: RunEventDeps): Promise<number[]> {
  const { listWorkflowRuns } = await import('@opsguard/github');
  const now = deps.now().getTime();
  const since = new Date(now - 2 * RETRY_WINDOW_MS).toISOString().slice(0, 19) + 'Z';
  const runs = await listWorkflowRuns(deps.client, deps.repo, { created: `>=${since}` });
  return runs
    .filter((r) => isFailedRun(r) && Date.parse(r.updated_at) >= now - RETRY_WINDOW_MS)
    .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || Number(a.id) - Number(b.id))
    .map((r) => Number(r.id));
}

async function handleAll(deps: RunEventDeps, runIds: readonly number[]): Promise<RunEventResult[]> {
  const { handleRunEvent } = await import('@opsguard/engine');
  const results: RunEventResult[] = [];
  for (const runId of runIds) results.push(await handleRunEvent(deps, runId));
  return results;
}

const rerunRequested = (r: RunEventResult): boolean => r.kind === 'decided' && r.outcome.act?.kind === 'requested';

/** A run's latest attempt as the API shows it: its conclusion and how long it took. */
async function rerunState(deps: RunEventDeps, runId: number): Promise<FinishedRerun> {
  const { getWorkflowRun } = await import('@opsguard/github');
  const run = await getWorkflowRun(deps.client, deps.repo, runId);
  const started = Date.parse(run.run_started_at ?? run.created_at);
  return {
    runId,
    workflowName: run.name ?? String(run.workflow_id),
    attempt: run.run_attempt ?? 1,
    status: run.status ?? 'unknown',
    conclusion: run.conclusion ?? null,
    tookMs: run.status === 'completed' ? Date.parse(run.updated_at) - started : null,
  };
}

/**
 * The clock moves on a minute at a time; each re-run that has completed is a `workflow_run:
 * completed` event for auto-retry (a success is recorded as a recovery, a failure decided again,
 * and a new re-run is watched in turn) until WAIT_MS have passed.
 */
async function watchReruns(deps: RunEventDeps, clock: Clock, runIds: readonly number[]): Promise<HealingEvent[]> {
  const { handleRunEvent } = await import('@opsguard/engine');
  const from = clock.now().getTime();
  const pending = new Set(runIds);
  const events: HealingEvent[] = [];
  while (pending.size > 0 && clock.now().getTime() + STEP_MS <= from + WAIT_MS) {
    await clock.sleep(STEP_MS);
    for (const runId of pending) {
      const rerun = await rerunState(deps, runId);
      if (rerun.status !== 'completed') continue;
      const afterMs = clock.now().getTime() - from;
      const result = await handleRunEvent(deps, runId);
      events.push({ afterMs, rerun, result });
      if (!rerunRequested(result)) pending.delete(runId);
    }
  }
  const left = from + WAIT_MS - clock.now().getTime();
  if (left > 0) await clock.sleep(left);
  return events;
}

/**
 * What the two reusable workflows do between audits: auto-retry on every recent failure, then on
 * each re-run as it completes, while the clock moves on (recoveries are recorded with their time
 * to recover, a failed re-run is decided again).
 */
async function selfHeal(setup: DemoSetup): Promise<SelfHealing> {
  const deps = await runEventDeps(setup);
  const { clock } = setup.source;
  const startedAt = deps.now().toISOString();
  const first = await handleAll(deps, await recentFailures(deps));
  const rerun = first.filter(rerunRequested).map((r) => (r.kind === 'decided' ? r.outcome.runId : 0));
  const before = clock.now().getTime();
  const events = await watchReruns(deps, clock, rerun);
  const done = new Set(events.filter((e) => !rerunRequested(e.result)).map((e) => e.rerun.runId));
  const stillGoing: FinishedRerun[] = [];
  for (const runId of rerun) if (!done.has(runId)) stillGoing.push(await rerunState(deps, runId));
  const manifest = [...first, ...events.map((e) => e.result)].find((r) => r.kind === 'decided' && r.manifest);
  return {
    startedAt,
    waitedMs: clock.now().getTime() - before,
    first,
    events,
    stillGoing,
    manifest: manifest?.kind === 'decided' ? manifest.manifest : null,
  };
}

const withoutLogs = (r: RunEventResult) => {
  if (r.kind !== 'decided') return r;
  const { logs: _logs, ...outcome } = r.outcome;
  return { ...r, outcome };
};

function printJson(io: CliIo, healing: SelfHealing, result: AuditLoopResult): void {
  const decisions = result.decisions.map(({ logs: _logs, failedJobs: _jobs, ...d }) => d);
  const selfHealing = {
    ...healing,
    first: healing.first.map(withoutLogs),
    events: healing.events.map((e) => ({ ...e, result: withoutLogs(e.result) })),
  };
  writeLine(
    io.stdout,
    JSON.stringify(
      {
        selfHealing,
        bundle: result.bundle,
        kpi: result.kpi,
        anomalies: result.anomalies,
        decisions,
        requests: result.requests,
      },
      null,
      2,
    ),
  );
}

/**
 * The brake, as the on-call uses it: re-runs of Nightly paused during a runner upgrade, then
 * resumed. Both changes land in the kill-switch log, and so in the bundle's killswitch log.
 */
async function pauseNightly(source: DemoSetup['source'], say: (line: string) => void): Promise<void> {
  const store = source.store;
  if (!('ping' in store)) return;
  const { setKillSwitch } = await import('@opsguard/guard');
  const now = source.clock.now().getTime();
  const target = `github:${source.repo.owner}/${source.repo.repo}:Nightly`;
  const request = { scope: 'service' as const, target, actor: 'ops-oncall' };
  await setKillSwitch(
    store,
    { ...request, reason: 'runner upgrade: pause Nightly re-runs', at: new Date(now - 40 * 60_000) },
    true,
  );
  await setKillSwitch(store, { ...request, reason: 'runner upgrade done', at: new Date(now - 20 * 60_000) }, false);
  say('');
  say(`── Kill switch: ops-oncall paused ${target} for a runner upgrade 40 min ago and lifted it 20 min later`);
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run the whole loop on the bundled sample: no token, no network, embedded PGlite',
  usage: 'opsguard demo [aws] [--out DIR]',
  positionals: ['aws'],
  options: {
    out: {
      type: 'string',
      description: 'where the state and reports/YYYY-MM-DD/ go',
      default: '.opsguard/demo',
      valueName: 'DIR',
    },
    'time-zone': {
      type: 'string',
      description: 'IANA time zone of the report folder and daily trends',
      default: 'Asia/Tokyo',
      valueName: 'TZ',
    },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run(values, positionals, io) {
    const started = performance.now();
    const outDir = await outputDirectory(io.cwd, stringOption(values, 'out') ?? '.opsguard/demo');
    if (positionals[0] !== undefined && positionals[0] !== 'aws')
      throw new ConfigurationError(`demo takes one scene name, aws (not "${positionals[0]}")`);
    if (positionals[0] === 'aws') {
      const { runAwsScene } = await import('../aws-demo.js');
      const scene = await runAwsScene(io, { outDir, say: (line) => writeLine(io.stdout, line) });
      writeLine(io.stdout, `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      return scene.ok ? 0 : 1;
    }
    const timeZone = assertTimeZone(stringOption(values, 'time-zone') ?? 'Asia/Tokyo');
    const json = booleanOption(values, 'json');
    const source = await sampleSource(sampleStateDir(outDir));
    const say = (line: string) => {
      if (!json) writeLine(io.stdout, line);
    };
    say(`OpsGuard demo: ${source.label}`);
    try {
      const { clock } = source;
      if (!clock) throw new Error('the sample source has no clock');
      const healing = await selfHeal({ source: { ...source, clock }, outDir, timeZone, io });
      if (!json) printSelfHealing(healing, io.cwd, say);
      await pauseNightly({ ...source, clock }, say);
      // Before the audit: the audit closes the demo's store at its end.
      if (!json && 'ping' in source.store) {
        const { runAwsScene } = await import('../aws-demo.js');
        await runAwsScene(io, { outDir, store: source.store, say });
      }
      if (!json && 'ping' in source.store) {
        const { brakeAndRollbackScene } = await import('./demo-brake-scene.js');
        const { defaultSampleDir, loadSample } = await import('@opsguard/sample');
        await brakeAndRollbackScene(await loadSample(defaultSampleDir()), source.store, clock, say);
      }
      const { auditRepository } = await import('@opsguard/engine');
      say('');
      say('── 3. Ops audit: collect, KPIs (auto-recovery from the retry history), detection, evidence bundle');
      const { label: _label, requests: _requests, close: _close, ...setup } = source;
      const result = await auditRepository({
        ...setup,
        kind: 'audit',
        timeBudgetMs: DEMO_TIME_BUDGET_MS,
        // The auto-retry scene decided the last day's failures: the audit sweeps the same window.
        sweepWindowHours: 24,
        apply: true,
        outDir,
        days: 30,
        timeZone,
        policyFiles: {},
        jobs: 'all',
        actor: ACTOR,
        env: io.env,
        cwd: io.cwd,
        slackWebhook: io.env['SLACK_WEBHOOK_URL'],
        ticketIssues: true,
        screenshot: { env: io.env['PATH'] === undefined ? process.env : io.env },
        log: (line) => writeLine(io.stderr, line),
      });
      if (json) printJson(io, healing, result);
      else printAudit(result, io.cwd, say);
      const { verifyBundle, formatProblem } = await import('@opsguard/evidence');
      const verified = await verifyBundle(result.bundle.dir);
      say(
        verified.ok
          ? `Verified:        opsguard evidence verify → ok (${verified.checked.files} files, ${verified.checked.links} links, ${verified.checked.runs} runs, ${verified.checked.numbers} numbers in ${verified.checked.documents} documents)`
          : `Verified:        ${verified.problems.length} problem(s): ${verified.problems.slice(0, 3).map(formatProblem).join('; ')}`,
      );
      const reruns = source.requests().filter((r) => r.method === 'POST' && /\/rerun/.test(r.path)).length;
      say(`The replayed API received ${reruns} re-run request(s); state is in ${sampleStateDir(outDir)}.`);
      say(
        `Done in ${((performance.now() - started) / 1000).toFixed(1)} s. Open the dashboard in a browser for the 7-day trends.`,
      );
      return 0;
    } finally {
      await source.close();
    }
  },
};
