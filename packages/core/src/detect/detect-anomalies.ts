import { isoToMs } from '../kpi/iso-time.js';
import type { KpiAttempt } from '../kpi/kpi-types.js';
import { isFailure, isFinished } from '../records/conclusions.js';
import { selectPercentile } from '../kpi/select.js';
import type { Anomaly, AnomalyRule, DetectionRules, HealthSignals, Severity } from './detection-types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DetectionInput {
  readonly attempts: readonly KpiAttempt[];
  /** Run URL per run id, for stuck-run messages (optional). */
  readonly runUrl?: (runId: number) => string;
  readonly defaultBranch: string;
  readonly rules: DetectionRules;
  readonly health: HealthSignals;
  readonly now: Date;
}

function anomaly(
  rule: AnomalyRule,
  subject: string,
  severity: Severity,
  value: number,
  baseline: number | null,
  message: string,
): Anomaly {
  return { rule, subject, severity, value, baseline, message, fingerprint: `${rule}:${subject}` };
}

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

function byWorkflow(attempts: readonly KpiAttempt[]): Map<string, KpiAttempt[]> {
  const map = new Map<string, KpiAttempt[]>();
  for (const a of attempts) {
    let list = map.get(a.workflowName);
    if (!list) map.set(a.workflowName, (list = []));
    list.push(a);
  }
  return map;
}

function failureRate(attempts: readonly KpiAttempt[]): { rate: number; finished: number } {
  let finished = 0;
  let failed = 0;
  for (const a of attempts) {
    if (!isFinished(a.status, a.conclusion)) continue;
    finished++;
    if (isFailure(a.conclusion)) failed++;
  }
  return { rate: finished === 0 ? 0 : failed / finished, finished };
}

function p95(attempts: readonly KpiAttempt[]): { value: number | null; n: number } {
  const values = Float64Array.from(
    attempts.filter((a) => isFinished(a.status, a.conclusion) && a.durationMs !== null).map((a) => a.durationMs ?? 0),
  );
  return { value: selectPercentile(values, 0.95), n: values.length };
}

function split(list: readonly KpiAttempt[], recentFrom: number, baselineFrom: number, nowMs: number) {
  const recent: KpiAttempt[] = [];
  const baseline: KpiAttempt[] = [];
  for (const a of list) {
    const at = isoToMs(a.createdAt);
    if (at > nowMs) continue;
    if (at >= recentFrom) recent.push(a);
    else if (at >= baselineFrom) baseline.push(a);
  }
  return { recent, baseline };
}

function spikes(input: DetectionInput, groups: Map<string, KpiAttempt[]>): Anomaly[] {
  const rule = input.rules.rules.failureRateSpike;
  if (!rule.enabled) return [];
  const nowMs = input.now.getTime();
  const recentFrom = nowMs - rule.windowHours * HOUR;
  const out: Anomaly[] = [];
  for (const [name, list] of groups) {
    const { recent, baseline } = split(list, recentFrom, recentFrom - input.rules.baselineDays * DAY, nowMs);
    const r = failureRate(recent);
    const b = failureRate(baseline);
    if (r.finished < rule.minAttempts || b.finished === 0) continue;
    if (r.rate >= b.rate * rule.ratio && r.rate - b.rate >= rule.minIncrease) {
      out.push(
        anomaly(
          'failure_rate_spike',
          name,
          rule.severity,
          r.rate,
          b.rate,
          `${name}: failure rate ${pct(r.rate)} over the last ${rule.windowHours} h (${r.finished} attempts) vs ${pct(b.rate)} in the ${input.rules.baselineDays}-day baseline`,
        ),
      );
    }
  }
  return out;
}

function regressions(input: DetectionInput, groups: Map<string, KpiAttempt[]>): Anomaly[] {
  const rule = input.rules.rules.durationRegression;
  if (!rule.enabled) return [];
  const nowMs = input.now.getTime();
  const recentFrom = nowMs - rule.windowHours * HOUR;
  const out: Anomaly[] = [];
  for (const [name, list] of groups) {
    const { recent, baseline } = split(list, recentFrom, recentFrom - input.rules.baselineDays * DAY, nowMs);
    const r = p95(recent);
    const b = p95(baseline);
    if (r.value === null || b.value === null || r.n < rule.minAttempts || b.n < rule.minAttempts || b.value === 0)
      continue;
    const ratio = r.value / b.value;
    if (ratio >= rule.p95Ratio) {
      out.push(
        anomaly(
          'duration_regression',
          name,
          rule.severity,
          r.value,
          b.value,
          `${name}: p95 duration ${minutes(r.value)} over the last ${rule.windowHours} h vs ${minutes(b.value)} baseline (×${ratio.toFixed(2)})`,
        ),
      );
    }
  }
  return out;
}

function consecutive(input: DetectionInput, groups: Map<string, KpiAttempt[]>): Anomaly[] {
  const rule = input.rules.rules.consecutiveFailures;
  if (!rule.enabled) return [];
  const out: Anomaly[] = [];
  for (const [name, list] of groups) {
    // Final attempt per run on the default branch, newest first.
    const finals = new Map<number, KpiAttempt>();
    for (const a of list) {
      if (a.branch !== input.defaultBranch) continue;
      const prior = finals.get(a.runId);
      if (!prior || a.attempt > prior.attempt) finals.set(a.runId, a);
    }
    const runs = [...finals.values()]
      .filter((a) => isFinished(a.status, a.conclusion))
      .sort((x, y) => isoToMs(y.createdAt) - isoToMs(x.createdAt));
    let streak = 0;
    while (streak < runs.length && isFailure(runs[streak]?.conclusion ?? null)) streak++;
    if (streak >= rule.threshold) {
      out.push(
        anomaly(
          'consecutive_failures',
          name,
          rule.severity,
          streak,
          rule.threshold,
          `${name}: the last ${streak} runs on ${input.defaultBranch} failed`,
        ),
      );
    }
  }
  return out;
}

function stuck(input: DetectionInput): Anomaly[] {
  const rule = input.rules.rules.stuckRuns;
  if (!rule.enabled) return [];
  const nowMs = input.now.getTime();
  const out: Anomaly[] = [];
  for (const a of input.attempts) {
    const subject = input.runUrl?.(a.runId) ?? `${a.workflowName} run ${a.runId}`;
    // A re-run keeps attempt 1's created_at; its own wait starts when it was requested.
    const queuedSince = isoToMs(a.attempt > 1 ? (a.startedAt ?? a.createdAt) : a.createdAt);
    if (
      (a.status === 'queued' || a.status === 'waiting' || a.status === 'pending') &&
      nowMs - queuedSince > rule.queuedMinutes * 60_000
    ) {
      const age = nowMs - queuedSince;
      out.push(
        anomaly(
          'stuck_run',
          subject,
          rule.severity,
          age,
          rule.queuedMinutes * 60_000,
          `${a.workflowName} run ${a.runId} (attempt ${a.attempt}) queued for ${minutes(age)}`,
        ),
      );
    } else if (
      a.status === 'in_progress' &&
      nowMs - isoToMs(a.startedAt ?? a.createdAt) > rule.inProgressMinutes * 60_000
    ) {
      const age = nowMs - isoToMs(a.startedAt ?? a.createdAt);
      out.push(
        anomaly(
          'stuck_run',
          subject,
          rule.severity,
          age,
          rule.inProgressMinutes * 60_000,
          `${a.workflowName} run ${a.runId} (attempt ${a.attempt}) in progress for ${minutes(age)}`,
        ),
      );
    }
  }
  return out;
}

function storms(input: DetectionInput, groups: Map<string, KpiAttempt[]>): Anomaly[] {
  const rule = input.rules.rules.retryStorm;
  if (!rule.enabled) return [];
  const from = input.now.getTime() - rule.windowHours * HOUR;
  const out: Anomaly[] = [];
  for (const [name, list] of groups) {
    const reruns = list.filter((a) => a.attempt > 1 && isoToMs(a.startedAt ?? a.createdAt) >= from).length;
    if (reruns > rule.maxReruns) {
      out.push(
        anomaly(
          'retry_storm',
          name,
          rule.severity,
          reruns,
          rule.maxReruns,
          `${name}: ${reruns} re-run attempts in the last ${rule.windowHours} h (limit ${rule.maxReruns})`,
        ),
      );
    }
  }
  return out;
}

function health(input: DetectionInput): Anomaly[] {
  const out: Anomaly[] = [];
  const { storeHealth, notificationFailures } = input.rules.rules;
  const store = input.health.store;
  if (storeHealth.enabled && store) {
    if (!store.reachable)
      out.push(
        anomaly(
          'store_unreachable',
          'store',
          storeHealth.severity,
          1,
          null,
          'the state store cannot be reached: guarded actions are refused (fail closed)',
        ),
      );
    else if (store.lastWriteAt !== null) {
      const lag = input.now.getTime() - isoToMs(store.lastWriteAt);
      if (lag > storeHealth.maxLagMinutes * 60_000) {
        out.push(
          anomaly(
            'store_lagging',
            'store',
            storeHealth.severity,
            lag,
            storeHealth.maxLagMinutes * 60_000,
            `the store's newest run record is ${minutes(lag)} old (limit ${storeHealth.maxLagMinutes} min)`,
          ),
        );
      }
    }
  }
  if (notificationFailures.enabled && input.health.notificationFailures >= notificationFailures.maxFailures) {
    out.push(
      anomaly(
        'notification_failures',
        'notifications',
        notificationFailures.severity,
        input.health.notificationFailures,
        notificationFailures.maxFailures,
        `${input.health.notificationFailures} notification(s) could not be delivered`,
      ),
    );
  }
  return out;
}

/** Every enabled rule over the collected attempts and health signals; pure and deterministic. */
export function detectAnomalies(input: DetectionInput): Anomaly[] {
  const groups = byWorkflow(input.attempts);
  return [
    ...spikes(input, groups),
    ...regressions(input, groups),
    ...consecutive(input, groups),
    ...stuck(input),
    ...storms(input, groups),
    ...health(input),
  ];
}
