import type { RunRecord } from '../records/run-records.js';
import type { KillSwitchActivation, KillSwitchTriggers } from './kill-switch-rules.js';

const MINUTE = 60_000;

function since(runs: readonly RunRecord[], nowMs: number, windowMinutes: number, at: (r: RunRecord) => string | null) {
  const from = nowMs - windowMinutes * MINUTE;
  return runs.filter((r) => {
    const t = Date.parse(at(r) ?? r.createdAt);
    return t >= from && t <= nowMs;
  });
}

function byWorkflow(runs: readonly RunRecord[]): Map<string, RunRecord[]> {
  const out = new Map<string, RunRecord[]>();
  for (const r of runs) out.set(r.workflowName, [...(out.get(r.workflowName) ?? []), r]);
  return out;
}

const serviceOf = (r: RunRecord) => `github:${r.repo}:${r.workflowName}`;

/**
 * The specification's automatic conditions over the recorded run attempts (pure: the time is
 * passed in): a retry storm (re-run attempts of one workflow), a runaway loop (first attempts of
 * one workflow) and abnormal consumption (run minutes in the last hour). One activation each;
 * the fingerprint names the condition, subject and hour so one storm pulls the brake once.
 */
export function killSwitchTriggerActivations(
  runs: readonly RunRecord[],
  triggers: KillSwitchTriggers | undefined,
  now: Date,
): KillSwitchActivation[] {
  const nowMs = now.getTime();
  const hour = now.toISOString().slice(0, 13);
  const out: KillSwitchActivation[] = [];
  const storm = triggers?.retryStorm;
  if (storm?.enabled) {
    const reruns = since(runs, nowMs, storm.windowMinutes, (r) => r.startedAt).filter((r) => r.attempt > 1);
    for (const [name, list] of byWorkflow(reruns)) {
      if (list.length <= storm.maxReruns) continue;
      const first = list[0] as RunRecord;
      out.push({
        scope: storm.scope,
        target: storm.scope === 'global' ? '*' : serviceOf(first),
        reason: `auto: retry storm: ${list.length} re-runs of ${name} in ${storm.windowMinutes} min (limit ${storm.maxReruns})`,
        fingerprint: `kill:retry-storm:${name}:${hour}`,
      });
    }
  }
  const loop = triggers?.runawayLoop;
  if (loop?.enabled) {
    const starts = since(runs, nowMs, loop.windowMinutes, (r) => r.createdAt).filter((r) => r.attempt === 1);
    for (const [name, list] of byWorkflow(starts)) {
      if (list.length <= loop.maxStarts) continue;
      const first = list[0] as RunRecord;
      out.push({
        scope: loop.scope,
        target: loop.scope === 'global' ? '*' : serviceOf(first),
        reason: `auto: runaway loop: ${name} started ${list.length} times in ${loop.windowMinutes} min (limit ${loop.maxStarts})`,
        fingerprint: `kill:runaway-loop:${name}:${hour}`,
      });
    }
  }
  const use = triggers?.abnormalConsumption;
  if (use?.enabled) {
    const lastHour = since(runs, nowMs, 60, (r) => r.startedAt);
    const minutes = lastHour.reduce((sum, r) => sum + (r.durationMs ?? 0), 0) / MINUTE;
    if (minutes > use.maxRunMinutesPerHour) {
      const top = [...byWorkflow(lastHour)].sort(
        (a, b) => b[1].reduce((s, r) => s + (r.durationMs ?? 0), 0) - a[1].reduce((s, r) => s + (r.durationMs ?? 0), 0),
      )[0];
      out.push({
        scope: use.scope === 'service' && top ? 'service' : 'global',
        target: use.scope === 'service' && top ? serviceOf(top[1][0] as RunRecord) : '*',
        reason: `auto: abnormal consumption: ${Math.round(minutes)} run minutes in the last hour (limit ${use.maxRunMinutesPerHour})`,
        fingerprint: `kill:consumption:${hour}`,
      });
    }
  }
  return out;
}
