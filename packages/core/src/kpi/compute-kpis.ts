import { KpiAccumulator } from './accumulator.js';
import { isoToMs } from './iso-time.js';
import { defaultBranchIncidents } from './mttr.js';
import { isFailure, isFinished } from '../records/conclusions.js';
import type { KpiAttempt, KpiInput, KpiReport, KpiWindow } from './kpi-types.js';

const DAY_MS = 86_400_000;

/** Accumulators per window (index) for one workflow, and for all workflows together. */
type Row = KpiAccumulator[];

function rowFor(rows: Map<string, Row>, workflow: string, windows: number): Row {
  let row = rows.get(workflow);
  if (!row) rows.set(workflow, (row = Array.from({ length: windows }, () => new KpiAccumulator())));
  return row;
}

/** Index of the smallest window (sorted ascending) containing `atMs`, or -1. Windows nest. */
function firstWindow(starts: readonly number[], atMs: number): number {
  for (let i = 0; i < starts.length; i++) if (atMs >= (starts[i] ?? Infinity)) return i;
  return -1;
}

function addAttempt(acc: KpiAccumulator, a: KpiAttempt, finished: boolean, failed: boolean): void {
  acc.attempts++;
  if (finished) {
    acc.attemptsFinished++;
    if (a.conclusion === 'success') acc.attemptsSucceeded++;
    if (a.durationMs !== null) acc.durations.push(a.durationMs);
  }
  if (a.queueMs !== null) acc.queues.push(a.queueMs);
  if (failed) acc.addCause(a.cause ?? 'unknown');
}

function addRun(acc: KpiAccumulator, final: KpiAttempt, finished: boolean, rerunByOpsGuard: boolean): void {
  acc.runs++;
  acc.retriesTotal += final.attempt - 1;
  if (finished) {
    acc.runsFinished++;
    if (final.conclusion === 'success') acc.runsSucceeded++;
  }
  if (rerunByOpsGuard) {
    acc.autoReruns++;
    if (final.conclusion === 'success') acc.autoRecovered++;
  }
}

/**
 * Every KPI for every window (days, ending at `now`), overall and per workflow, in one pass over
 * the attempts plus one over the final attempt of each run. A run belongs to a window by its
 * first attempt's creation time; an attempt by its own.
 */
export function computeKpis(input: KpiInput): KpiReport {
  const nowMs = input.now.getTime();
  const days = [...new Set(input.windowsDays)].sort((a, b) => a - b);
  const starts = days.map((d) => nowMs - d * DAY_MS);
  const overall: Row = days.map(() => new KpiAccumulator());
  const rows = new Map<string, Row>();
  const runs = new Map<number, { latest: KpiAttempt; firstMs: number }>();

  for (const a of input.attempts) {
    const createdMs = isoToMs(a.createdAt);
    if (createdMs > nowMs) continue;
    const run = runs.get(a.runId);
    if (!run) runs.set(a.runId, { latest: a, firstMs: createdMs });
    else {
      if (a.attempt > run.latest.attempt) run.latest = a;
      if (createdMs < run.firstMs) run.firstMs = createdMs;
    }
    const w = firstWindow(starts, createdMs);
    if (w < 0) continue;
    const finished = isFinished(a.status, a.conclusion);
    const failed = finished && isFailure(a.conclusion);
    const row = rowFor(rows, a.workflowName, days.length);
    for (let i = w; i < days.length; i++) {
      addAttempt(overall[i] as KpiAccumulator, a, finished, failed);
      addAttempt(row[i] as KpiAccumulator, a, finished, failed);
    }
  }

  for (const [runId, { latest: final, firstMs }] of runs) {
    const w = firstWindow(starts, firstMs);
    if (w < 0) continue;
    const finished = isFinished(final.status, final.conclusion);
    let rerunByOpsGuard = false;
    for (let n = 2; n <= final.attempt && !rerunByOpsGuard; n++)
      rerunByOpsGuard = input.opsguardReruns.has(`${runId}:${n}`);
    const row = rowFor(rows, final.workflowName, days.length);
    for (let i = w; i < days.length; i++) {
      addRun(overall[i] as KpiAccumulator, final, finished, rerunByOpsGuard);
      addRun(row[i] as KpiAccumulator, final, finished, rerunByOpsGuard);
    }
  }

  for (const incident of defaultBranchIncidents(input.attempts, input.defaultBranch)) {
    if (incident.resolvedAtMs > nowMs) continue;
    const w = firstWindow(starts, incident.openedAtMs);
    if (w < 0) continue;
    const row = rowFor(rows, incident.workflowName, days.length);
    for (let i = w; i < days.length; i++) {
      for (const acc of [overall[i] as KpiAccumulator, row[i] as KpiAccumulator]) {
        acc.incidents++;
        acc.incidentMsTotal += incident.resolvedAtMs - incident.openedAtMs;
      }
    }
  }

  const windows: KpiWindow[] = days.map((d, i) => {
    const byWorkflow: Record<string, ReturnType<KpiAccumulator['figures']>> = {};
    for (const name of [...rows.keys()].sort()) {
      const acc = rows.get(name)?.[i] as KpiAccumulator;
      if (acc.attempts > 0 || acc.runs > 0 || acc.incidents > 0) byWorkflow[name] = acc.figures();
    }
    const all = overall[i] as KpiAccumulator;
    return {
      days: d,
      from: new Date(starts[i] ?? nowMs).toISOString(),
      to: input.now.toISOString(),
      overall: all.figures(),
      byWorkflow,
    };
  });
  return { generatedAt: input.now.toISOString(), windows };
}
